import { useEffect } from 'react';
import { useController, useUi } from '../app/hooks.js';
import type { Notice } from '../stores/ui-store.js';
import { Icon } from '../ui/icons.js';

/** Toasts: successes fade on their own; errors stay until dismissed, with their fix. */
export function Notices() {
  const notices = useUi((s) => s.notices);
  return (
    <div className="notices" aria-live="polite">
      {notices.map((n) => <NoticeView key={n.id} notice={n} />)}
    </div>
  );
}

function NoticeView({ notice }: { notice: Notice }) {
  const controller = useController();
  useEffect(() => {
    if (notice.tone === 'error') return;
    const timer = setTimeout(() => controller.ui.getState().dismiss(notice.id), 4000);
    return () => clearTimeout(timer);
  }, [controller, notice]);
  return (
    <div className={`notice ${notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'}>
      <Icon name={notice.tone === 'error' ? 'alert' : 'check'} />
      <div>
        <p>{notice.message}</p>
        {notice.fix && <p className="muted small">{notice.fix}</p>}
      </div>
      <button type="button" className="btn icon ghost" aria-label="Dismiss" onClick={() => controller.ui.getState().dismiss(notice.id)}><Icon name="close" size={14} /></button>
    </div>
  );
}
