import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium: Playwright's own browsers cannot be downloaded here. */
export const CHROMIUM = process.env['LAYERLOOM_CHROMIUM'] ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A fresh context (own localStorage, so no recovery copy leaks between tests) on the app, ready once the engine answered. */
export async function openApp(browser: Browser, url: string, viewport = { width: 1600, height: 1000 }): Promise<Page> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.on('pageerror', (error) => { console.error(`[page error] ${error.message}`); });
  await page.goto(url);
  await page.locator('.app[data-engine="ready"]').waitFor();
  return page;
}
