import { useEffect, useRef, useState } from 'react';
import type { RequestResult } from '../../../engine/host/contract.js';
import { useController } from '../app/hooks.js';

const IMAGE_TYPES = /\.(png|jpe?g|webp|bmp)$/i;
type Result = RequestResult<'model.predict'>[number];

/** Drop or pick images (or a folder) and see the trained model's top classes for each. */
export function PredictPanel({ runId }: { runId: string }) {
  const controller = useController();
  const [results, setResults] = useState<{ result: Result; url: string }[]>([]);
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);
  const folderInput = useRef<HTMLInputElement>(null);

  useEffect(() => () => { for (const r of results) URL.revokeObjectURL(r.url); }, [results]);
  useEffect(() => { folderInput.current?.setAttribute('webkitdirectory', ''); }, []);

  const predict = async (list: FileList | File[] | null) => {
    const files = Array.from(list ?? []).filter((f) => IMAGE_TYPES.test(f.name)).slice(0, 200);
    if (!files.length) return;
    setBusy(true);
    const answer = await controller.predictFiles(runId, files);
    setBusy(false);
    if (answer) setResults(answer.map((result, i) => ({ result, url: URL.createObjectURL(files[i] as File) })));
  };

  return (
    <div className="card predict-card" data-testid="predict-panel">
      <h4 className="card-title">Try the model on your images</h4>
      <div className={dragging ? 'drop-zone over' : 'drop-zone'} data-testid="predict-drop"
        onDragOver={(e) => { e.preventDefault(); setDragging(true); }} onDragLeave={() => setDragging(false)}
        onDrop={(e) => { e.preventDefault(); setDragging(false); void predict(e.dataTransfer.files); }}>
        <p className="small">Drop images here, or</p>
        <label className="btn small">Pick images…<input type="file" accept="image/png,image/jpeg,image/webp,image/bmp,.bmp" multiple hidden aria-label="Pick images to predict" onChange={(e) => { void predict(e.target.files); }} /></label>
        <label className="btn small">Pick a folder…<input ref={folderInput} type="file" multiple hidden aria-label="Pick a folder to predict" onChange={(e) => { void predict(e.target.files); }} /></label>
      </div>
      {busy && <p className="muted small" role="status">Predicting…</p>}
      <ul className="predictions">
        {results.map(({ result, url }) => (
          <li key={`${result.name}-${url}`} className="prediction" data-testid="prediction">
            <img src={url} alt={result.name} className="prediction-image" />
            <div className="prediction-body">
              <span className="mono small ellipsis" title={result.name}>{result.name}</span>
              {'error' in result ? <span className="field-error small">{result.error}</span> : (
                <ol className="top-classes">
                  {result.top.map((t) => (
                    <li key={t.index} data-testid="top-class">
                      <span className="class-name">{t.className}</span>
                      <span className="class-bar" aria-hidden="true"><span style={{ width: `${t.probability * 100}%` }} /></span>
                      <span className="small">{(t.probability * 100).toFixed(1)}%</span>
                    </li>
                  ))}
                </ol>
              )}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
