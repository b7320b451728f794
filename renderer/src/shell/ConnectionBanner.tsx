import { useConnectionState } from '../app/hooks.js';

/** Browser mode only: says plainly when the page has lost (or never had) its engine. */
export function ConnectionBanner() {
  if (useConnectionState() !== 'closed') return null;
  return (
    <div className="connection-banner" role="alert">
      <strong>Not connected to the Layerloom engine.</strong>
      <span>Is <code>npm run web</code> still running? Open the exact URL it printed: its token is what lets this page in.</span>
    </div>
  );
}
