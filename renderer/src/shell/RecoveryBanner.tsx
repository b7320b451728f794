import { parseRecovery } from '../app/autosave.js';
import { useController, useUi } from '../app/hooks.js';

/** Offers back the unsaved work the last session left behind. */
export function RecoveryBanner() {
  const controller = useController();
  const recovery = useUi((s) => s.recovery);
  if (!recovery) return null;
  const name = parseRecovery(recovery.text)?.project.name;
  return (
    <div className="recovery-banner" role="alert">
      <span>Unsaved work from your last session was found. {name ? `Recover “${name}”?` : 'Recover it?'}</span>
      <button type="button" className="btn small primary" onClick={() => controller.restoreRecovery(true)}>Restore</button>
      <button type="button" className="btn small ghost" onClick={() => controller.restoreRecovery(false)}>Discard</button>
    </div>
  );
}
