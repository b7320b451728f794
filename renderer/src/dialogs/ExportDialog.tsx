import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { EXPORT_FORMATS } from '../../../engine/host/contract.js';
import { useController, useTraining } from '../app/hooks.js';
import { Modal } from './Modal.js';

type Format = (typeof EXPORT_FORMATS)[number];
const FORMAT_NAMES: Record<string, string> = { tfjs: 'TensorFlow.js (model.json + weights)', onnx: 'ONNX (model.onnx)', pytorch: 'PyTorch (module source + weights)', keras: 'Keras' };

type Phase = { step: 'idle' } | { step: 'running' } | { step: 'done'; paths: string[] } | { step: 'failed'; message: string; fix: string };

/** Exports a finished run's trained model; shows progress while the engine writes and every file it wrote. */
export function ExportDialog() {
  const controller = useController();
  const runs = useTraining(useShallow((s) => s.runs.filter((r) => r.end !== null)));
  const viewed = useTraining((s) => s.viewedRunId);
  const [runId, setRunId] = useState(() => runs.find((r) => r.id === viewed)?.id ?? runs.at(-1)?.id ?? '');
  const [format, setFormat] = useState<Format>(EXPORT_FORMATS[0]);
  const [outDir, setOutDir] = useState(() => `exports/${runId || 'model'}`);
  const [phase, setPhase] = useState<Phase>({ step: 'idle' });
  const close = () => controller.ui.getState().openDialog(null);

  const run = async () => {
    setPhase({ step: 'running' });
    try {
      const { paths } = await controller.exportModel(runId, format, outDir.trim());
      setPhase({ step: 'done', paths });
    } catch (error) {
      const fix = (error as { fix?: unknown }).fix;
      setPhase({ step: 'failed', message: error instanceof Error ? error.message : String(error), fix: typeof fix === 'string' ? fix : '' });
    }
  };
  const browse = async () => {
    const chosen = await controller.platform.dialogs.chooseFolder('export', outDir);
    if (chosen) setOutDir(chosen);
  };

  return (
    <Modal title="Export model" onClose={close} footer={(
      <>
        <button type="button" className="btn" onClick={close}>{phase.step === 'done' ? 'Close' : 'Cancel'}</button>
        <button type="button" className="btn primary" disabled={!runId || !outDir.trim() || phase.step === 'running'} onClick={() => { void run(); }}>Export</button>
      </>
    )}>
      {runs.length === 0 ? <p className="muted">Train a model first: exports are of a finished (or stopped) run.</p> : (
        <form className="export-form" onSubmit={(e) => { e.preventDefault(); void run(); }}>
          <label className="field">
            <span className="field-label">Run</span>
            <select value={runId} onChange={(e) => setRunId(e.target.value)}>
              {runs.map((r) => <option key={r.id} value={r.id}>{r.label} · test accuracy {((r.end?.testAcc ?? 0) * 100).toFixed(1)}%</option>)}
            </select>
          </label>
          <label className="field">
            <span className="field-label">Format</span>
            <select value={format} onChange={(e) => setFormat(e.target.value as Format)}>
              {EXPORT_FORMATS.map((f) => <option key={f} value={f}>{FORMAT_NAMES[f] ?? f}</option>)}
            </select>
          </label>
          <div className="field">
            <label className="field-label" htmlFor="export-dir">Folder</label>
            <div className="input-with-button">
              <input id="export-dir" type="text" className="mono" value={outDir} spellCheck={false} onChange={(e) => setOutDir(e.target.value)} />
              {controller.platform.nativeDialogs && <button type="button" className="btn" onClick={() => { void browse(); }}>Browse…</button>}
            </div>
            <p className="field-help">On the machine running the engine; created if missing.</p>
          </div>
        </form>
      )}
      {phase.step === 'running' && (
        <div role="status" className="progress-block">
          <p className="small">Exporting…</p>
          <div className="progress" role="progressbar" aria-label="Export progress"><div className="bar indeterminate" /></div>
        </div>
      )}
      {phase.step === 'failed' && <p className="field-error" role="alert">{phase.message} {phase.fix}</p>}
      {phase.step === 'done' && (
        <div role="status" data-testid="export-result">
          <p className="small ok-text">Wrote {phase.paths.length} file{phase.paths.length === 1 ? '' : 's'}:</p>
          <ul className="path-list mono small">{phase.paths.map((p) => <li key={p}>{p}</li>)}</ul>
        </div>
      )}
    </Modal>
  );
}
