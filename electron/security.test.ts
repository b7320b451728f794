// eng-disable CSP_GLOBAL_CHECK -- test doubles of session handlers, not app code; the app's CSP is checked in security.ts
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { isAppUrl } from './app-protocol.js';
import { CONTENT_SECURITY_POLICY } from './content-security-policy.js';
import { enableSecurity, hardenWebContents, isRemoteUrl } from './security.js';

type Callback = (...args: unknown[]) => unknown;

function fakeSession() {
  const handlers: Record<string, Callback> = {};
  return {
    handlers,
    setPermissionRequestHandler: (handler: Callback) => { handlers.permissionRequest = handler; },
    setPermissionCheckHandler: (handler: Callback) => { handlers.permissionCheck = handler; },
    setDevicePermissionHandler: (handler: Callback) => { handlers.devicePermission = handler; },
    webRequest: {
      onBeforeRequest: (_filter: unknown, handler: Callback) => { handlers.beforeRequest = handler; },
      onHeadersReceived: (handler: Callback) => { handlers.headersReceived = handler; },
    },
  };
}

function fakeContents() {
  const emitter = new EventEmitter();
  const session = fakeSession();
  let openHandler: Callback | null = null;
  const contents = Object.assign(emitter, {
    session,
    setWindowOpenHandler: (handler: Callback) => { openHandler = handler; },
  });
  return { contents, session, openWindow: (url: string) => openHandler?.({ url }) };
}

const navigation = (url?: string) => ({ url, defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } });

describe('security handlers', () => {
  const log = vi.fn();
  const setUp = () => {
    const fake = fakeContents();
    hardenWebContents(fake.contents as never, { isAppUrl, log });
    return fake;
  };

  it('hardens every web contents the app creates', () => {
    const app = new EventEmitter();
    enableSecurity(app as never, { isAppUrl, log });
    const fake = fakeContents();
    app.emit('web-contents-created', {}, fake.contents);
    expect(fake.openWindow('https://example.com')).toEqual({ action: 'deny' });
  });

  it('denies every new window', () => {
    const { openWindow } = setUp();
    expect(openWindow('https://example.com')).toEqual({ action: 'deny' });
    expect(openWindow('layerloom://app/index.html')).toEqual({ action: 'deny' });
  });

  it('blocks navigation and redirects off the app\'s own pages', () => {
    const { contents } = setUp();
    for (const event of ['will-navigate', 'will-redirect']) {
      const away = navigation();
      contents.emit(event, away, 'https://evil.example/');
      expect(away.defaultPrevented).toBe(true);
      const fileUrl = navigation();
      contents.emit(event, fileUrl, 'file:///etc/passwd');
      expect(fileUrl.defaultPrevented).toBe(true);
      const home = navigation();
      contents.emit(event, home, 'layerloom://app/index.html#/runs');
      expect(home.defaultPrevented).toBe(false);
    }
    const frame = navigation('https://evil.example/');
    contents.emit('will-frame-navigate', frame);
    expect(frame.defaultPrevented).toBe(true);
  });

  it('refuses <webview>', () => {
    const { contents } = setUp();
    const attach = navigation();
    contents.emit('will-attach-webview', attach);
    expect(attach.defaultPrevented).toBe(true);
  });

  it('denies every permission request and check', () => {
    const { session } = setUp();
    const decide = vi.fn();
    session.handlers.permissionRequest?.({}, 'media', decide);
    session.handlers.permissionRequest?.({}, 'notifications', decide);
    expect(decide.mock.calls).toEqual([[false], [false]]);
    expect(session.handlers.permissionCheck?.({}, 'clipboard-read')).toBe(false);
    expect(session.handlers.devicePermission?.({})).toBe(false);
  });

  it('cancels every request to the network: no remote content', () => {
    const { session } = setUp();
    const decide = vi.fn();
    for (const url of ['https://cdn.example/x.js', 'http://127.0.0.1:8080/', 'wss://x/', 'layerloom://app/assets/index.js', 'devtools://devtools/bundled/x.js']) {
      session.handlers.beforeRequest?.({ url }, decide);
    }
    expect(decide.mock.calls.map(([answer]) => (answer as { cancel: boolean }).cancel)).toEqual([true, true, true, false, false]);
    expect(isRemoteUrl('not a url')).toBe(true);
  });

  it('adds the app\'s CSP to responses', () => {
    const { session } = setUp();
    const decide = vi.fn();
    session.handlers.headersReceived?.({ responseHeaders: { 'X-Other': ['1'] } }, decide);
    expect(decide).toHaveBeenCalledWith({ responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });

  it('uses a CSP that allows no inline or remote script', () => {
    const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
  });
});
