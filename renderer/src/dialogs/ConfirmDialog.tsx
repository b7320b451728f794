import { useController, useUi } from '../app/hooks.js';
import { Modal } from './Modal.js';

export function ConfirmDialog() {
  const controller = useController();
  const confirm = useUi((s) => s.confirm);
  if (!confirm) return null;
  const answer = (ok: boolean) => controller.ui.getState().answerConfirm(ok);
  return (
    <Modal title={confirm.title} onClose={() => answer(false)} footer={(
      <>
        <button type="button" className="btn" onClick={() => answer(false)}>Cancel</button>
        <button type="button" className="btn danger" data-autofocus onClick={() => answer(true)}>{confirm.confirmLabel}</button>
      </>
    )}>
      <p>{confirm.message}</p>
    </Modal>
  );
}
