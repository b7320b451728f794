import type { RunRecord } from '../stores/training-store.js';
import { duration, num3, pct } from './format.js';

/** Every finished epoch in numbers, for reading exact values the charts only show as lines. */
export function EpochTable({ run }: { run: RunRecord }) {
  return (
    <div className="card epoch-card">
      <h4 className="card-title">Epochs</h4>
      {run.epochs.length === 0 ? <p className="muted small">The first epoch’s numbers appear here when it ends.</p> : (
        <div className="table-scroll">
          <table className="epoch-table">
            <thead><tr><th>Epoch</th><th>Loss</th><th>Acc</th><th>Val loss</th><th>Val acc</th><th>Time</th></tr></thead>
            <tbody>
              {run.epochs.map((e) => (
                <tr key={e.epoch} data-testid={`epoch-row-${e.epoch}`}>
                  <td>{e.epoch}</td><td>{num3(e.loss)}</td><td>{pct(e.acc)}</td>
                  <td>{e.valLoss === null ? '—' : num3(e.valLoss)}</td><td>{e.valAcc === null ? '—' : pct(e.valAcc)}</td>
                  <td>{duration(e.seconds)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
