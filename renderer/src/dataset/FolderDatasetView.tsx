import { useEffect, useState } from 'react';
import type { RequestResult } from '../../../engine/host/contract.js';
import { useController } from '../app/hooks.js';
import { SampleImage } from '../dashboard/SampleImage.js';

const SAMPLES_PER_CLASS = 6;
const SAMPLE_SCAN = 200;

/** What was imported: images per class (imbalance shows as bar length), skipped files, preprocessing, samples per class. */
export function FolderDatasetView({ info }: { info: RequestResult<'dataset.importFolder'> }) {
  const totals = info.classNames.map((_, i) => (info.counts.train[i] ?? 0) + (info.counts.test[i] ?? 0));
  const most = Math.max(...totals, 1);
  const samples = useClassSamples(info);
  const all = totals.reduce((a, b) => a + b, 0);
  const least = Math.min(...totals);

  return (
    <div className="folder-view" data-testid="dataset-view">
      <p className="small">{all} images in {info.classNames.length} classes: {info.counts.train.reduce((a, b) => a + b, 0)} for training, {info.counts.test.reduce((a, b) => a + b, 0)} for testing
        {info.test.from === 'folder' ? ' (from test/)' : ` (${Math.round(info.test.share * 100)}% of each class, seed ${info.test.seed})`}.</p>
      {least * 3 < most && <p className="small warn-text">Classes are imbalanced: the largest has {most} images, the smallest {least}. Accuracy may favour the large classes.</p>}
      <p className="muted small" data-testid="preprocessing">{info.preprocessing}.</p>
      <ul className="class-list" aria-label="Images per class">
        {info.classNames.map((name, i) => (
          <li key={name} className="class-row" data-testid="class-row">
            <div className="class-head">
              <span className="class-name">{name}</span>
              <span className="muted small">{totals[i]} ({info.counts.train[i]} train, {info.counts.test[i]} test)</span>
            </div>
            <div className="class-bar" aria-hidden="true"><div style={{ width: `${((totals[i] ?? 0) / most) * 100}%` }} /></div>
            <ul className="class-samples">
              {(samples.get(i) ?? []).map((s) => (
                <li key={s.index}><SampleImage rgb={s.rgb} height={s.height} width={s.width} channels={s.channels} label={`${name} sample ${s.index}`} /></li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      {info.skipped.length > 0 && (
        <div className="skipped" role="note" data-testid="skipped-files">
          <p className="small">{info.skipped.length} file{info.skipped.length > 1 ? 's' : ''} could not be read and {info.skipped.length > 1 ? 'were' : 'was'} skipped:</p>
          <ul>{info.skipped.map((s) => <li key={s.path} className="small"><span className="mono">{s.path}</span> <span className="muted">— {s.reason}</span></li>)}</ul>
        </div>
      )}
      <p className="muted small mono ellipsis" title={info.root}>{info.root}{info.fromCache ? ' · from the cache' : ''}</p>
    </div>
  );
}

type Sample = RequestResult<'dataset.samples'>[number];

/** The first few training images of each class (the training split interleaves classes, so a short scan finds them). */
function useClassSamples(info: RequestResult<'dataset.importFolder'>): Map<number, Sample[]> {
  const controller = useController();
  const [samples, setSamples] = useState<Map<number, Sample[]>>(new Map());
  const trainCount = info.counts.train.reduce((a, b) => a + b, 0);
  useEffect(() => {
    let live = true;
    const indices = Array.from({ length: Math.min(SAMPLE_SCAN, trainCount) }, (_, i) => i);
    controller.loadTrainSamples(indices).then((list) => {
      if (!live) return;
      const byClass = new Map<number, Sample[]>();
      for (const s of list) {
        const group = byClass.get(s.label) ?? [];
        if (group.length < SAMPLES_PER_CLASS) group.push(s);
        byClass.set(s.label, group);
      }
      setSamples(byClass);
    }, () => { if (live) setSamples(new Map()); });
    return () => { live = false; };
  }, [controller, info, trainCount]);
  return samples;
}
