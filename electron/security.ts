import type { App, Event, Session, WebContents } from 'electron';

/**
 * Security as code, for every web contents the app ever creates: no new windows, no navigation
 * off the app's own pages, no <webview>, every permission denied, no request to the network,
 * and the app's CSP on any response that lacks it.
 */
export interface SecurityOptions {
  /** The app's own pages (layerloom://app/…); everything else is off-limits. */
  isAppUrl(url: string): boolean;
  log?: (line: string) => void;
}

type Contents = Pick<WebContents, 'setWindowOpenHandler' | 'on' | 'session'>;

export function enableSecurity(app: Pick<App, 'on'>, options: SecurityOptions): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, options));
}

const hardenedSessions = new WeakSet<object>();

export function hardenWebContents(contents: Contents, options: SecurityOptions): void {
  const log = options.log ?? ((line: string) => console.warn(line));
  contents.setWindowOpenHandler(({ url }) => {
    log(`Blocked a new window for ${url}`);
    return { action: 'deny' };
  });
  const blockOffApp = (event: Pick<Event, 'preventDefault'>, url: string) => {
    if (options.isAppUrl(url)) return;
    event.preventDefault();
    log(`Blocked navigation to ${url}`);
  };
  contents.on('will-navigate', (event, url) => blockOffApp(event, url));
  contents.on('will-frame-navigate', (event) => blockOffApp(event, event.url));
  contents.on('will-redirect', (event, url) => blockOffApp(event, url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  hardenSession(contents.session);
}

type SessionLike = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'> & {
  webRequest: Pick<Session['webRequest'], 'onHeadersReceived' | 'onBeforeRequest'>;
};

export function hardenSession(session: SessionLike): void {
  if (hardenedSessions.has(session)) return;
  hardenedSessions.add(session);
  // Camera, notifications, geolocation, clipboard reads, HID, serial…: the app needs none.
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  // No remote content: the page talks to the engine over IPC and loads only app files.
  session.webRequest.onBeforeRequest({ urls: ['<all_urls>'] }, (details, callback) => {
    callback({ cancel: isRemoteUrl(details.url) });
  });
  session.webRequest.onHeadersReceived((details, callback) => {
    // Same policy as content-security-policy.ts (a literal here so electronegativity can read it).
    // Its one remark, "'self' in script-src can be problematic (JSONP, uploads)", does not apply:
    // 'self' is layerloom://app, which serves only the app's own built files.
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [ // eng-disable CSP_GLOBAL_CHECK -- see above
      "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-src 'none'; frame-ancestors 'none'"] } });
  });
}

/** Network schemes the page must never reach. */
export function isRemoteUrl(url: string): boolean {
  try {
    return ['http:', 'https:', 'ws:', 'wss:', 'ftp:'].includes(new URL(url).protocol);
  } catch {
    return true;
  }
}
