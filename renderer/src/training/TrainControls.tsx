import { useController, useTraining } from '../app/hooks.js';
import { activeRun } from '../stores/training-store.js';
import { CommandButton } from '../ui/CommandButton.js';

/** Train, or Pause/Resume and Stop while a run goes: one place, in the toolbar. */
export function TrainControls() {
  const controller = useController();
  const starting = useTraining((s) => s.starting);
  // Re-render on each state change of the active run.
  useTraining((s) => activeRun(s)?.state);
  const phase = controller.trainingPhase();
  if (phase === 'idle' || phase === 'starting') {
    return <CommandButton id="train.start" className="btn primary" icon="play" showLabel label={starting ? 'Starting…' : 'Train'} />;
  }
  return (
    <div className="button-row">
      {phase === 'paused'
        ? <CommandButton id="train.resume" className="btn" icon="play" showLabel />
        : <CommandButton id="train.pause" className="btn" icon="pause" showLabel />}
      <CommandButton id="train.stop" className="btn danger" icon="stop" showLabel />
    </div>
  );
}
