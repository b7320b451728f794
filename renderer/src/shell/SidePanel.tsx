import { useController, useUi } from '../app/hooks.js';
import { Inspector } from '../inspector/Inspector.js';
import { TrainingPanel } from '../training/TrainingPanel.js';
import type { SidePanel as Panel } from '../stores/ui-store.js';

const TABS: { id: Panel; label: string }[] = [{ id: 'inspector', label: 'Properties' }, { id: 'training', label: 'Training' }];

/** The right-hand panel: the selection's properties, or the training setup. */
export function SidePanel() {
  const controller = useController();
  const panel = useUi((s) => s.sidePanel);
  return (
    <aside className="side-panel">
      <div className="tabs" role="tablist" aria-label="Side panel">
        {TABS.map((t) => (
          <button key={t.id} type="button" role="tab" id={`tab-${t.id}`} aria-selected={panel === t.id} aria-controls={`panel-${t.id}`}
            className={panel === t.id ? 'tab active' : 'tab'} onClick={() => controller.ui.getState().setSidePanel(t.id)}>{t.label}</button>
        ))}
      </div>
      <div className="side-body" role="tabpanel" id={`panel-${panel}`} aria-labelledby={`tab-${panel}`}>
        {panel === 'inspector' ? <Inspector /> : <TrainingPanel />}
      </div>
    </aside>
  );
}
