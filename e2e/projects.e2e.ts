import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openApp } from './support/browser.js';
import { answerPathPrompt, node, setParam } from './support/editor.js';
import { startTestServer, type TestServer } from './support/web-server.js';

const TEMPLATE = new URL('../templates/lenet.json', import.meta.url);

async function savedGraph(path: string): Promise<unknown> {
  return (JSON.parse(await readFile(path, 'utf8')) as { graph: unknown }).graph;
}

describe('projects (browser mode)', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    page = await openApp(browser, server.url);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('loads the LeNet template, listed first with its parameter count', async () => {
    await page.getByRole('button', { name: /^Templates/ }).click();
    const first = page.getByRole('dialog').getByRole('listitem').first();
    expect(await first.textContent()).toMatch(/LeNet.*62,006 parameters/);
    await first.getByRole('button').click();
    await node(page, 'conv1').waitFor();
    expect(await page.locator('.react-flow__node').count()).toBe(14);
    expect(await page.getByTestId('total-params').textContent()).toContain('62,006');
    expect(await page.getByTestId('project-name').textContent()).toBe('LeNet');
    expect(await page.getByTestId('dirty-indicator').count()).toBe(0);
  });

  it('saves, reopens and gets the identical graph', async () => {
    const first = join(server.dir, 'projects', 'lenet.layerloom.json');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await answerPathPrompt(page, first, 'Save');
    await page.getByRole('status').filter({ hasText: `Saved ${first}` }).waitFor();
    const template = JSON.parse(await readFile(TEMPLATE, 'utf8')) as { graph: unknown };
    expect(await savedGraph(first)).toEqual(template.graph);

    await page.getByRole('button', { name: 'File' }).click();
    await page.getByRole('menuitem', { name: /New project/ }).click();
    await page.locator('.react-flow__node').first().waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Open…' }).click();
    await answerPathPrompt(page, first, 'Open');
    await node(page, 'conv1').waitFor();
    expect(await page.locator('.react-flow__node').count()).toBe(14);
    expect(await page.locator('.react-flow__edge').count()).toBe(13);
    expect(await page.getByTestId('total-params').textContent()).toContain('62,006');

    const second = join(server.dir, 'projects', 'again.layerloom.json');
    await page.getByRole('button', { name: 'File' }).click();
    await page.getByRole('menuitem', { name: /Save As/ }).click();
    await answerPathPrompt(page, second, 'Save');
    await page.getByRole('status').filter({ hasText: `Saved ${second}` }).waitFor();
    expect(await savedGraph(second)).toEqual(await savedGraph(first));
  });

  it('marks edits as unsaved and offers them back after a reload', async () => {
    await setParam(page, 'fc1', 'Units', 100);
    await page.getByTestId('dirty-indicator').waitFor();
    await expect.poll(() => page.getByTestId('total-params').textContent()).toContain('52,306');
    // The recovery copy is written shortly after the edit; wait for it rather than a fixed time.
    await expect.poll(() => page.evaluate(() => localStorage.getItem('layerloom.recovery') !== null)).toBe(true);

    await page.reload();
    await page.locator('.app[data-engine="ready"]').waitFor();
    await page.getByRole('button', { name: 'Restore' }).click();
    await node(page, 'fc1').waitFor();
    expect(await page.getByTestId('total-params').textContent()).toContain('52,306');
    expect(await page.getByTestId('dirty-indicator').count()).toBe(1);
  });
});
