import { INITIALIZERS, OPTIMIZERS, REFERENCE_TRAINING, type TrainingConfig } from '../../../engine/project/schema.js';
import { useController, useGraph, useTraining } from '../app/hooks.js';
import { BackendInfo } from './BackendInfo.js';
import { DatasetSource } from '../dataset/DatasetSource.js';
import { NumberSetting } from './NumberSetting.js';
import { RecipeSettings } from './RecipeSettings.js';
import { RunStatusLine } from './RunStatusLine.js';

const OPTIMIZER_NAMES: Record<(typeof OPTIMIZERS)[number], string> = { sgd: 'SGD', adam: 'Adam', adamw: 'AdamW', rmsprop: 'RMSprop' };
const INITIALIZER_NAMES: Record<(typeof INITIALIZERS)[number], string> = { glorot: 'Glorot', pytorch: 'PyTorch' };

/** How to train: the project's training settings, the data, the backend, and the run buttons. */
export function TrainingPanel() {
  const controller = useController();
  const training = useGraph((s) => s.training);
  const readOnly = useGraph((s) => s.readOnly);
  const limit = useTraining((s) => s.limit);
  const set = (patch: Partial<TrainingConfig>) => controller.graph.getState().setTraining(patch);
  const isReference = JSON.stringify(training) === JSON.stringify(REFERENCE_TRAINING);

  return (
    <div className="training-panel">
      <RunStatusLine />
      <section className="panel-section" aria-label="Training settings">
        <div className="section-head">
          <h3 className="section-title">Settings</h3>
          <button type="button" className="link" disabled={readOnly || isReference} onClick={() => set(REFERENCE_TRAINING)}
            title="SGD, lr 0.001, momentum 0.9, batch 100, 10 epochs, PyTorch's initial weights, all 50,000 images: the classic PyTorch CIFAR-10 tutorial">Reference settings</button>
        </div>
        <div className="field">
          <span className="field-label" id="optimizer-label">Optimizer</span>
          <div className="segmented" role="radiogroup" aria-labelledby="optimizer-label">
            {OPTIMIZERS.map((o) => (
              <button key={o} type="button" role="radio" aria-checked={training.optimizer === o} className={training.optimizer === o ? 'active' : ''}
                disabled={readOnly} onClick={() => set({ optimizer: o })}>{OPTIMIZER_NAMES[o]}</button>
            ))}
          </div>
        </div>
        <div className="field">
          <span className="field-label" id="initializer-label" title="Glorot (the TF.js default) learns faster early on; PyTorch's (uniform ±1/√fan-in) reproduces PyTorch runs.">Initial weights</span>
          <div className="segmented" role="radiogroup" aria-labelledby="initializer-label">
            {INITIALIZERS.map((i) => (
              <button key={i} type="button" role="radio" aria-checked={(training.initializer ?? 'glorot') === i} className={(training.initializer ?? 'glorot') === i ? 'active' : ''}
                disabled={readOnly} onClick={() => set({ initializer: i })}>{INITIALIZER_NAMES[i]}</button>
            ))}
          </div>
        </div>
        <div className="field-grid">
          <NumberSetting label="Learning rate" value={training.learningRate} min={1e-6} max={10} step={0.0001} disabled={readOnly} onChange={(v) => set({ learningRate: v })} />
          <NumberSetting label="Momentum" value={training.momentum} min={0} max={0.9999} step={0.05} disabled={readOnly || training.optimizer === 'adam' || training.optimizer === 'adamw'}
            help={training.optimizer === 'adam' || training.optimizer === 'adamw' ? 'Adam keeps its own momentum.' : undefined} onChange={(v) => set({ momentum: v })} />
          <NumberSetting label="Batch size" value={training.batchSize} min={1} max={4096} step={1} integer disabled={readOnly} onChange={(v) => set({ batchSize: v })} />
          <NumberSetting label="Epochs" value={training.epochs} min={1} max={1000} step={1} integer disabled={readOnly} onChange={(v) => set({ epochs: v })} />
          <NumberSetting label="Validation" unit="%" value={Math.round(training.validationSplit * 100)} min={0} max={50} step={5} integer disabled={readOnly}
            help="Training images held out to measure validation loss and accuracy." onChange={(v) => set({ validationSplit: v / 100 })} />
          <NumberSetting label="Seed" value={training.seed} min={0} max={2 ** 31 - 1} step={1} integer optional placeholder="random" disabled={readOnly}
            help="Same seed, same run: weights and shuffling repeat." onChange={(v) => set({ seed: v })} />
          <NumberSetting label="Image limit" value={limit} min={1} max={50_000} step={100} integer optional placeholder="all" disabled={readOnly}
            help="Train on fewer images for a quick trial." onChange={(v) => controller.training.getState().setLimit(v)} />
        </div>
      </section>
      <RecipeSettings />
      <DatasetSource />
      <BackendInfo />
    </div>
  );
}
