import { useEffect, useState } from 'react';
import type { RequestResult } from '../../../engine/host/contract.js';
import { useController } from '../app/hooks.js';
import type { RunRecord } from '../stores/training-store.js';
import type { Cell } from './ConfusionMatrix.js';
import { SampleImage } from './SampleImage.js';

const MAX_SAMPLES = 60;

/** The test images behind one confusion-matrix cell, with their true and predicted labels. */
export function SampleGallery({ end, cell }: { end: NonNullable<RunRecord['end']>; cell: Cell }) {
  const controller = useController();
  const [samples, setSamples] = useState<RequestResult<'dataset.samples'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const indices = end.labels.flatMap((label, i) => (label === cell.truth && end.predictions[i] === cell.predicted ? [i] : []));
  const key = indices.slice(0, MAX_SAMPLES).join(',');

  useEffect(() => {
    let live = true;
    setSamples(null);
    setError(null);
    const wanted = key ? key.split(',').map(Number) : [];
    controller.loadTestSamples(wanted).then((s) => { if (live) setSamples(s); }, (e: unknown) => { if (live) setError(e instanceof Error ? e.message : String(e)); });
    return () => { live = false; };
  }, [controller, key]);

  const names = end.classNames;
  const title = cell.truth === cell.predicted ? `${names[cell.truth]} recognised correctly` : `${names[cell.truth]} taken for ${names[cell.predicted]}`;
  return (
    <div className="card sample-card" data-testid="sample-gallery">
      <h4 className="card-title">{title} <span className="muted small">{indices.length} image{indices.length === 1 ? '' : 's'}{indices.length > MAX_SAMPLES ? `, first ${MAX_SAMPLES} shown` : ''}</span></h4>
      {error && <p className="field-error">{error}</p>}
      {!samples && !error && <p className="muted small">Loading images…</p>}
      <ul className="sample-grid">
        {samples?.map((s) => (
          <li key={s.index} className="sample">
            <SampleImage rgb={s.rgb} height={s.height} width={s.width} channels={s.channels} label={`Test image ${s.index}: ${names[s.label]}, predicted ${names[end.predictions[s.index] ?? 0]}`} />
            <span className="sample-label"><span className="truth">{names[s.label]}</span> → <span className={end.predictions[s.index] === s.label ? 'pred ok' : 'pred bad'}>{names[end.predictions[s.index] ?? 0]}</span></span>
          </li>
        ))}
      </ul>
    </div>
  );
}
