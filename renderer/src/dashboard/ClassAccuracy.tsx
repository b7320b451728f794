import type { RunRecord } from '../stores/training-store.js';
import { pct } from './format.js';

/** Per-class test accuracy as bars: which classes the model has learned and which it confuses. */
export function ClassAccuracy({ end }: { end: NonNullable<RunRecord['end']> }) {
  return (
    <div className="card">
      <h4 className="card-title">Accuracy by class</h4>
      <ul className="class-bars">
        {end.classNames.map((name, i) => {
          const acc = end.perClassAcc[i] ?? 0;
          return (
            <li key={name}>
              <span className="class-name">{name}</span>
              <span className="class-bar" aria-hidden="true"><span style={{ width: `${acc * 100}%` }} /></span>
              <span className="class-value">{pct(acc)}</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
