import { useController, useGraph, useTraining } from '../app/hooks.js';
import type { BackendName } from '../stores/training-store.js';
import { Icon } from '../ui/icons.js';

const BACKEND_NAMES = { 'tensorflow-gpu': 'TensorFlow (GPU)', tensorflow: 'TensorFlow (CPU)', wasm: 'WebAssembly', cpu: 'Pure JavaScript' } as const;
const PIN_CHOICES: readonly BackendName[] = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];

/** Which TF.js backend trains, how it was chosen, why others were passed over, and a pin. */
export function BackendInfo() {
  const info = useTraining((s) => s.engineInfo);
  const pin = useTraining((s) => s.backendPin);
  const readOnly = useGraph((s) => s.readOnly);
  const controller = useController();
  if (!info) return null;
  const { backend } = info;
  const speed = backend.speed;
  const chosenLabel = speed?.measured.find((m) => m.name === speed.chosen)?.label ?? speed?.chosen;
  return (
    <section className="panel-section" aria-label="Compute backend" data-testid="backend-info">
      <div className="section-head">
        <h3 className="section-title"><Icon name="cpu" /> Backend</h3>
        <span className="pill">{BACKEND_NAMES[backend.name]}{backend.nativeKernels ? ' + native kernels' : ''}</span>
      </div>
      <p className="small">
        TF.js <code>{backend.tfBackend}</code> · {backend.threads} thread{backend.threads === 1 ? '' : 's'}
        {backend.simd !== null ? ` · SIMD ${backend.simd ? 'on' : 'off'}` : ''} · engine {info.version}
      </p>
      {speed?.how === 'provisional' && (
        <p className="small" data-testid="backend-speed">
          Started on this one; the other backends are timed a few seconds into the run, and it moves to one that is faster.
        </p>
      )}
      {speed && speed.measured.length > 0 && (
        <p className="small" data-testid="backend-speed">
          Fastest for this model{speed.how === 'cached' ? ' (measured on an earlier run)' : ''}:{' '}
          {speed.measured.map((m) => `${m.label} ${Math.round(m.imagesPerSec)} img/s`).join(', ')} → <strong>{chosenLabel}</strong>
        </p>
      )}
      <label className="field">
        <span className="field-label" title="Automatic times a few training steps of the model on each backend that loads and takes the fastest.">Train on</span>
        <select value={pin ?? ''} disabled={readOnly} aria-label="Backend to train on"
          onChange={(e) => controller.training.getState().setBackendPin(e.target.value === '' ? null : (e.target.value as BackendName))}>
          <option value="">Automatic (fastest for the model)</option>
          {PIN_CHOICES.map((name) => <option key={name} value={name}>{BACKEND_NAMES[name]}</option>)}
        </select>
      </label>
      {backend.skipped.length > 0 && (
        <details className="small" open={backend.skipped.some((s) => s.name === 'tensorflow-gpu' && s.reason.startsWith('NVIDIA GPU found'))}>
          <summary>Why not another one?</summary>
          <ul className="plain-list">
            {backend.skipped.map((s) => <li key={s.name}><strong>{s.name}</strong>: {s.reason}</li>)}
          </ul>
        </details>
      )}
      {backend.notes.map((note, i) => <p key={i} className="muted small">{note}</p>)}
    </section>
  );
}
