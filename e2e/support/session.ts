import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser, openApp } from './browser.js';
import { startTestServer, type TestServer } from './web-server.js';

export interface AppSession {
  server: TestServer;
  browser: Browser;
  page: Page;
}

/**
 * One web server (own temp data folder and fixture) and one browser for the enclosing
 * describe block, opened on the app before its tests and closed after them.
 */
export function useAppSession(prepare?: (page: Page) => Promise<void>): AppSession {
  const session = {} as AppSession;
  beforeAll(async () => {
    [session.server, session.browser] = await Promise.all([startTestServer(), launchBrowser()]);
    session.page = await openApp(session.browser, session.server.url);
    await prepare?.(session.page);
  });
  afterAll(async () => {
    await session.browser?.close();
    await session.server?.close();
  });
  return session;
}
