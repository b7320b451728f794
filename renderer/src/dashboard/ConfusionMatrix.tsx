import type { RunRecord } from '../stores/training-store.js';

export type Cell = { truth: number; predicted: number };

interface Props {
  end: NonNullable<RunRecord['end']>;
  selected: Cell | null;
  onSelect(cell: Cell): void;
}

/** Rows are true classes, columns predictions; each row shaded by its share so small test sets read well. */
export function ConfusionMatrix({ end, selected, onSelect }: Props) {
  const names = end.classNames;
  return (
    <div className="card confusion-card">
      <h4 className="card-title" title="Rows: true class. Columns: predicted class. Click a cell to see its test images.">Confusion matrix <span className="muted small">click a cell for its images</span></h4>
      <div className="confusion" style={{ gridTemplateColumns: `5.5em repeat(${names.length}, minmax(1.6em, 1fr))` }} role="grid" aria-label="Confusion matrix">
        <div className="corner small muted" aria-hidden="true">true \ pred</div>
        {names.map((n) => <div key={`h-${n}`} className="col-head" title={n}>{n.slice(0, 4)}</div>)}
        {end.confusion.map((row, t) => {
          const total = row.reduce((a, b) => a + b, 0) || 1;
          return [
            <div key={`r-${t}`} className="row-head" title={names[t]}>{names[t]}</div>,
            ...row.map((count, p) => {
              const share = count / total;
              const isSelected = selected?.truth === t && selected.predicted === p;
              const label = `${count} ${names[t]} predicted as ${names[p]}`;
              return (
                <button key={`${t}-${p}`} type="button" aria-label={label} title={label} data-testid={`cell-${t}-${p}`}
                  className={`cell ${t === p ? 'diag' : 'off'} ${isSelected ? 'selected' : ''}`}
                  style={{ ['--share' as string]: share.toFixed(3) }} disabled={count === 0} onClick={() => onSelect({ truth: t, predicted: p })}>
                  {count > 0 ? count : ''}
                </button>
              );
            }),
          ];
        })}
      </div>
    </div>
  );
}
