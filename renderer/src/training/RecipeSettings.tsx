import { useMemo } from 'react';
import { MONITORS, PAD_MODES, SCHEDULES, type Augment, type Schedule, type TrainingConfig } from '../../../engine/project/schema.js';
import { learningRateCurve } from '../../../engine/project/learning-rate.js';
import { useController, useGraph, useTraining } from '../app/hooks.js';
import { LineChart } from '../dashboard/LineChart.js';
import { NumberSetting } from './NumberSetting.js';

const SCHEDULE_NAMES: Record<Schedule['kind'], string> = { constant: 'Constant', step: 'Step', cosine: 'Cosine', onecycle: 'One-cycle' };
const PAD_NAMES: Record<Augment['padMode'], string> = { reflect: 'Reflect', zero: 'Zero' };
const MONITOR_NAMES: Record<(typeof MONITORS)[number], string> = { val_loss: 'Val loss', val_acc: 'Val accuracy' };

function Segmented<T extends string>({ label, options, names, value, disabled, onChange }: {
  label: string; options: readonly T[]; names: Record<T, string>; value: T; disabled: boolean; onChange(v: T): void;
}) {
  const id = `seg-${label.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <div className="field">
      <span className="field-label" id={id}>{label}</span>
      <div className="segmented" role="radiogroup" aria-labelledby={id}>
        {options.map((o) => (
          <button key={o} type="button" role="radio" aria-checked={value === o} className={value === o ? 'active' : ''} disabled={disabled} onClick={() => onChange(o)}>{names[o]}</button>
        ))}
      </div>
    </div>
  );
}

function Check({ label, checked, disabled, help, onChange }: { label: string; checked: boolean; disabled: boolean; help?: string; onChange(v: boolean): void }) {
  return (
    <label className="field check-field" title={help}>
      <input type="checkbox" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} /> <span>{label}</span>
    </label>
  );
}

/**
 * The recipe beyond the basics: regularization, the learning-rate schedule (its curve drawn as
 * it will run), augmentation of training images, and when to stop. All saved in the project.
 */
export function RecipeSettings() {
  const controller = useController();
  const training = useGraph((s) => s.training);
  const readOnly = useGraph((s) => s.readOnly);
  const limit = useTraining((s) => s.limit);
  const trainCount = useTraining((s) => (s.dataset?.found ? s.dataset.trainCount : 50_000));
  const set = (patch: Partial<TrainingConfig>) => controller.graph.getState().setTraining(patch);
  const setSchedule = (patch: Partial<Schedule>) => set({ schedule: { ...training.schedule, ...patch } });
  const setAugment = (patch: Partial<Augment>) => set({ augment: { ...training.augment, ...patch } });
  const images = Math.floor(Math.min(limit ?? trainCount, trainCount) * (1 - training.validationSplit));
  const stepsPerEpoch = Math.max(1, Math.ceil(images / training.batchSize));
  const curve = useMemo(() => {
    const points = learningRateCurve(training.schedule, { learningRate: training.learningRate, stepsPerEpoch, epochs: training.epochs }, 120);
    return [points.map((p) => p.step / stepsPerEpoch), points.map((p) => p.lr)];
  }, [training.schedule, training.learningRate, training.epochs, stepsPerEpoch]);
  const needsValidation = training.validationSplit === 0 ? 'Needs a validation share above 0.' : undefined;

  return (
    <section className="panel-section" aria-label="Training recipe">
      <h3 className="section-title">Recipe</h3>
      <div className="field-grid">
        <NumberSetting label="Weight decay" value={training.weightDecay} min={0} max={1} step={0.0001} disabled={readOnly}
          help={training.optimizer === 'adamw' ? 'Decoupled (AdamW).' : 'L2 on the gradients, as PyTorch’s weight_decay.'} onChange={(v) => set({ weightDecay: v })} />
        <NumberSetting label="Label smoothing" value={training.labelSmoothing} min={0} max={0.5} step={0.05} disabled={readOnly}
          help="Targets 1 − ε for the true class, ε/10 spread over all." onChange={(v) => set({ labelSmoothing: v })} />
      </div>
      <Check label="Nesterov momentum" checked={training.nesterov} disabled={readOnly || training.optimizer !== 'sgd'} help="SGD only (PyTorch’s form)." onChange={(v) => set({ nesterov: v })} />
      <Segmented label="Learning-rate schedule" options={SCHEDULES} names={SCHEDULE_NAMES} value={training.schedule.kind} disabled={readOnly} onChange={(kind) => setSchedule({ kind })} />
      <div className="field-grid">
        <NumberSetting label="Warm-up" unit="epochs" value={training.schedule.warmupEpochs} min={0} max={100} step={0.5} disabled={readOnly}
          help={training.schedule.kind === 'onecycle' ? 'The rise to the peak; 0: the first 30%.' : 'Linear rise to the learning rate.'} onChange={(v) => setSchedule({ warmupEpochs: v })} />
        {training.schedule.kind === 'step' && <>
          <NumberSetting label="Step every" unit="epochs" value={training.schedule.stepEpochs} min={1} max={1000} step={1} integer disabled={readOnly} onChange={(v) => setSchedule({ stepEpochs: v })} />
          <NumberSetting label="Step factor" value={training.schedule.stepFactor} min={0.001} max={1} step={0.05} disabled={readOnly} onChange={(v) => setSchedule({ stepFactor: v })} />
        </>}
      </div>
      <div data-testid="lr-plan">
        <LineChart title={`Learning rate (peak ${training.learningRate})`} testId="chart-lr-plan" data={curve} xLabel="epoch" series={[{ label: 'lr', color: '#f5a524' }]} fromZero height={90} />
      </div>
      <h4 className="subsection-title">Augmentation (training images only; never in exports)</h4>
      <div className="field-grid">
        <NumberSetting label="Random crop" unit="px pad" value={training.augment.cropPadding} min={0} max={8} step={1} integer disabled={readOnly}
          help="Pad each side, then crop 32×32 at random. 0: off." onChange={(v) => setAugment({ cropPadding: v })} />
        <NumberSetting label="Cutout" unit="px" value={training.augment.cutout} min={0} max={24} step={2} integer disabled={readOnly}
          help="Blank a square of this side at random. 0: off." onChange={(v) => setAugment({ cutout: v })} />
      </div>
      <Segmented label="Padding" options={PAD_MODES} names={PAD_NAMES} value={training.augment.padMode} disabled={readOnly || training.augment.cropPadding === 0} onChange={(padMode) => setAugment({ padMode })} />
      <Check label="Horizontal flip" checked={training.augment.flip} disabled={readOnly} help="Mirror half the images." onChange={(v) => setAugment({ flip: v })} />
      <h4 className="subsection-title">Stopping</h4>
      <div className="field-grid">
        <NumberSetting label="Early stop after" unit="epochs" value={training.earlyStopping?.patience ?? null} min={1} max={1000} step={1} integer optional placeholder="off"
          disabled={readOnly} help={needsValidation ?? 'Epochs without a better validation figure.'}
          onChange={(v) => set({ earlyStopping: v === null ? null : { monitor: training.earlyStopping?.monitor ?? 'val_loss', patience: v } })} />
      </div>
      {training.earlyStopping && <Segmented label="Watch" options={MONITORS} names={MONITOR_NAMES} value={training.earlyStopping.monitor} disabled={readOnly}
        onChange={(monitor) => set({ earlyStopping: { ...training.earlyStopping!, monitor } })} />}
      <Check label="Keep the best epoch" checked={training.restoreBest} disabled={readOnly} help={needsValidation ?? 'End with the weights of the epoch with the best validation figure; exports get those.'}
        onChange={(v) => set({ restoreBest: v })} />
    </section>
  );
}
