import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HUGE } from '../engine/graph/test-graphs.js';
import { launchBrowser, openApp } from './support/browser.js';
import { useAppSession } from './support/session.js';
import { answerPathPrompt, loadTemplate, node, setParam } from './support/editor.js';
import { startTestServer, type TestServer } from './support/web-server.js';

/** Browser mode's recovery copy, where the engine keeps it (empty string while there is none). */
function recoveryCopy(server: TestServer): Promise<string> {
  return readFile(join(server.cacheDir, 'recovery', 'autosave.layerloom.json'), 'utf8').catch(() => '');
}

const TEMPLATE = new URL('../templates/lenet.json', import.meta.url);

async function savedGraph(path: string): Promise<unknown> {
  return (JSON.parse(await readFile(path, 'utf8')) as { graph: unknown }).graph;
}

describe('projects (browser mode)', () => {
  const app = useAppSession();

  it('loads the LeNet template, listed first with its parameter count', async () => {
    await app.page.getByRole('button', { name: /^Templates/ }).click();
    const first = app.page.getByRole('dialog').getByRole('listitem').first();
    expect(await first.textContent()).toMatch(/LeNet.*62,006 parameters/);
    await first.getByRole('button').click();
    await node(app.page, 'conv1').waitFor();
    expect(await app.page.locator('.react-flow__node').count()).toBe(14);
    expect(await app.page.getByTestId('total-params').textContent()).toContain('62,006');
    expect(await app.page.getByTestId('project-name').textContent()).toBe('LeNet');
    expect(await app.page.getByTestId('dirty-indicator').count()).toBe(0);
  });

  it('saves, reopens and gets the identical graph', async () => {
    const first = join(app.server.dir, 'projects', 'lenet.layerloom.json');
    await app.page.getByRole('button', { name: 'Save', exact: true }).click();
    await answerPathPrompt(app.page, first, 'Save');
    await app.page.getByRole('status').filter({ hasText: `Saved ${first}` }).waitFor();
    const template = JSON.parse(await readFile(TEMPLATE, 'utf8')) as { graph: unknown };
    expect(await savedGraph(first)).toEqual(template.graph);

    await app.page.getByRole('button', { name: 'File' }).click();
    await app.page.getByRole('menuitem', { name: /New project/ }).click();
    await app.page.locator('.react-flow__node').first().waitFor({ state: 'detached' });

    await app.page.getByRole('button', { name: 'Open…' }).click();
    await answerPathPrompt(app.page, first, 'Open');
    await node(app.page, 'conv1').waitFor();
    expect(await app.page.locator('.react-flow__node').count()).toBe(14);
    expect(await app.page.locator('.react-flow__edge').count()).toBe(13);
    expect(await app.page.getByTestId('total-params').textContent()).toContain('62,006');

    const second = join(app.server.dir, 'projects', 'again.layerloom.json');
    await app.page.getByRole('button', { name: 'File' }).click();
    await app.page.getByRole('menuitem', { name: /Save As/ }).click();
    await answerPathPrompt(app.page, second, 'Save');
    await app.page.getByRole('status').filter({ hasText: `Saved ${second}` }).waitFor();
    expect(await savedGraph(second)).toEqual(await savedGraph(first));
  });

  it('marks edits as unsaved and offers them back after a reload', async () => {
    await setParam(app.page, 'fc1', 'Units', 100);
    await app.page.getByTestId('dirty-indicator').waitFor();
    await expect.poll(() => app.page.getByTestId('total-params').textContent()).toContain('52,306');
    // The recovery copy is written shortly after the edit; wait for it rather than a fixed time.
    await expect.poll(() => recoveryCopy(app.server)).toContain('"units":100');

    await app.page.reload();
    await app.page.locator('.app[data-engine="ready"]').waitFor();
    await app.page.getByRole('button', { name: 'Restore' }).click();
    await node(app.page, 'fc1').waitFor();
    expect(await app.page.getByTestId('total-params').textContent()).toContain('52,306');
    expect(await app.page.getByTestId('dirty-indicator').count()).toBe(1);
  });

  it('shows on the node, before Train is pressed, that an 8.6-billion-parameter run cannot fit, and refuses it', async () => {
    const file = join(app.server.dir, 'projects', 'huge.layerloom.json');
    await mkdir(join(app.server.dir, 'projects'), { recursive: true });
    await writeFile(file, JSON.stringify({ format: 'layerloom', version: 1, name: 'Huge', graph: HUGE, training: {} }));
    await app.page.getByRole('button', { name: 'Open…' }).click();
    // The restored edit above is unsaved: the app asks first.
    await app.page.getByRole('dialog').getByRole('button', { name: 'Discard changes' }).click();
    await answerPathPrompt(app.page, file, 'Open');
    const alert = node(app.page, 'big').getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/Training needs about 1\d\d GiB \(weights 32\.0 GiB, Adam state 64\.0 GiB.*the run cannot fit\..*reduce Dense units or add pooling before Flatten/);
    expect(await app.page.getByTestId('memory-status').textContent()).toMatch(/Cannot fit: ~1\d\d GiB to train\. Dense \(big\) has 8,589,942,784 parameters: reduce Dense units or add pooling before Flatten\./);
    expect(await app.page.getByTestId('graph-status').textContent()).toContain('1 problem');
  });
});

describe('unsaved work across a restart of `npm run web`', () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => { [server, browser] = await Promise.all([startTestServer(), launchBrowser()]); });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('offers "Recover <name>?" on the next start (new port, new page) and restores the edit', async () => {
    const before = await openApp(browser, server.url);
    await loadTemplate(before, 'LeNet');
    await setParam(before, 'fc1', 'Units', 100);
    await before.getByTestId('dirty-indicator').waitFor();
    await expect.poll(() => recoveryCopy(server)).toContain('"units":100');
    await before.context().close();

    await server.close({ keepDir: true });
    server = await startTestServer({ dir: server.dir });
    const after = await openApp(browser, server.url);
    const banner = after.getByRole('alert').filter({ hasText: 'Recover “LeNet”?' });
    await banner.waitFor();
    await banner.getByRole('button', { name: 'Restore' }).click();
    await node(after, 'fc1').waitFor();
    expect(await after.getByTestId('total-params').textContent()).toContain('52,306');
    expect(await after.getByTestId('dirty-indicator').count()).toBe(1);
  });
});
