import { useTraining } from '../app/hooks.js';
import { Icon } from '../ui/icons.js';

const BACKEND_NAMES = { 'tensorflow-gpu': 'TensorFlow (GPU)', tensorflow: 'TensorFlow (CPU)', wasm: 'WebAssembly', cpu: 'Pure JavaScript' } as const;

/** Which TF.js backend trains, and why the faster ones were passed over. */
export function BackendInfo() {
  const info = useTraining((s) => s.engineInfo);
  if (!info) return null;
  const { backend } = info;
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
      {backend.skipped.length > 0 && (
        <details className="small">
          <summary>Why not a faster one?</summary>
          <ul className="plain-list">
            {backend.skipped.map((s) => <li key={s.name}><strong>{s.name}</strong>: {s.reason}</li>)}
          </ul>
        </details>
      )}
      {backend.notes.map((note, i) => <p key={i} className="muted small">{note}</p>)}
    </section>
  );
}
