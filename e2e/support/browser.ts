import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './find-chromium.js';

/** A headless Chromium found by find-chromium (own, system or npm-packaged); says which one it used. */
export async function launchBrowser(): Promise<Browser> {
  const { browser, label } = await launchChromium();
  console.info(`[e2e] Chromium ${browser.version()}: ${label}`);
  return browser;
}

/** A fresh context (own localStorage, so no recovery copy leaks between tests) on the app, ready once the engine answered. */
export async function openApp(browser: Browser, url: string, viewport = { width: 1600, height: 1000 }): Promise<Page> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.on('pageerror', (error) => { console.error(`[page error] ${error.message}`); });
  page.on('crash', () => { console.error(`[page crash] the page at ${page.url()} crashed`); });
  await page.goto(url);
  await page.locator('.app[data-engine="ready"]').waitFor();
  return page;
}
