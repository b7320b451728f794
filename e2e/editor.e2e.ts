import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openApp } from './support/browser.js';
import { canvasOrigin, connect, dragLayer, node, setParam } from './support/editor.js';
import { startTestServer, type TestServer } from './support/web-server.js';

/** LeNet as in the reference: palette names in order, and the ids the canvas gives them. */
const LENET = [
  ['Input', 'input1'], ['Conv2D', 'conv2d1'], ['ReLU', 'relu1'], ['MaxPool2D', 'maxpool2d1'],
  ['Conv2D', 'conv2d2'], ['ReLU', 'relu2'], ['MaxPool2D', 'maxpool2d2'], ['Flatten', 'flatten1'],
  ['Dense', 'dense1'], ['ReLU', 'relu3'], ['Dense', 'dense2'], ['ReLU', 'relu4'], ['Dense', 'dense3'], ['Output', 'output1'],
] as const;

describe('editor (browser mode)', () => {
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

  it('builds LeNet from an empty canvas by dragging palette items and connecting handles', async () => {
    const origin = await canvasOrigin(page);
    // A 4-wide grid of drop points, rows far enough apart that a node showing its error does
    // not cover the handles of the row below: every handle stays on screen at zoom 1.
    for (const [i, [name, id]] of LENET.entries()) {
      await dragLayer(page, name, { x: origin.x + 130 + (i % 4) * 250, y: origin.y + 50 + Math.floor(i / 4) * 220 }, id);
    }
    for (let i = 1; i < LENET.length; i++) await connect(page, LENET[i - 1]![1], LENET[i]![1]);

    await expect.poll(() => node(page, 'conv2d1').getByTestId('output-shape').textContent()).toBe('28×28×6');
    await setParam(page, 'conv2d2', 'Filters', 16);
    await setParam(page, 'dense1', 'Units', 120);
    await setParam(page, 'dense2', 'Units', 84);
    await setParam(page, 'dense3', 'Units', 10);

    await expect.poll(() => page.getByTestId('total-params').textContent()).toContain('62,006');
    expect(await node(page, 'conv2d1').getByTestId('output-shape').textContent()).toBe('28×28×6');
    expect(await node(page, 'flatten1').getByTestId('output-shape').textContent()).toBe('400');
    expect(await page.getByTestId('edge-shape').filter({ hasText: '28×28×6' }).count()).toBeGreaterThan(0);
    expect(await page.getByTestId('graph-status').textContent()).toContain('Valid');
  });

  it('is connected through the token in the URL, and a page without it is refused', async () => {
    expect(await page.getByTestId('connection').textContent()).not.toMatch(/connecting|disconnected/);
    const stranger = await browser.newPage();
    await stranger.goto(server.url.replace(/\?token=.*/, ''));
    await stranger.getByRole('alert').filter({ hasText: 'Not connected to the Layerloom engine' }).waitFor();
    await stranger.close();
  });

  it('shows the error and its fix on the node when Flatten is deleted, and undo restores it', async () => {
    await node(page, 'flatten1').click();
    await page.keyboard.press('Delete');
    await node(page, 'flatten1').waitFor({ state: 'detached' });

    const alert = node(page, 'dense1').getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Dense has no input');
    expect(await alert.locator('.issue-fix').textContent()).toMatch(/Connect/);
    expect(await node(page, 'dense1').locator('.layer-node.invalid[aria-invalid="true"]').count()).toBe(1);

    await page.getByRole('button', { name: 'Undo' }).click();
    await node(page, 'flatten1').waitFor();
    await node(page, 'dense1').getByRole('alert').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('total-params').textContent()).toContain('62,006');
    expect(await page.getByTestId('graph-status').textContent()).toContain('Valid');
  });
});
