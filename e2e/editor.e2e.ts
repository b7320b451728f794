import { describe, expect, it } from 'vitest';
import { useAppSession } from './support/session.js';
import { canvasOrigin, connect, dragLayer, node, setParam } from './support/editor.js';

/** LeNet as in the reference: palette names in order, and the ids the canvas gives them. */
const LENET = [
  ['Input', 'input1'], ['Conv2D', 'conv2d1'], ['ReLU', 'relu1'], ['MaxPool2D', 'maxpool2d1'],
  ['Conv2D', 'conv2d2'], ['ReLU', 'relu2'], ['MaxPool2D', 'maxpool2d2'], ['Flatten', 'flatten1'],
  ['Dense', 'dense1'], ['ReLU', 'relu3'], ['Dense', 'dense2'], ['ReLU', 'relu4'], ['Dense', 'dense3'], ['Output', 'output1'],
] as const;

describe('editor (browser mode)', () => {
  const app = useAppSession();

  it('builds LeNet from an empty canvas by dragging palette items and connecting handles', async () => {
    const origin = await canvasOrigin(app.page);
    // A 4-wide grid of drop points, rows far enough apart that a node showing its error does
    // not cover the handles of the row below: every handle stays on screen at zoom 1.
    for (const [i, [name, id]] of LENET.entries()) {
      await dragLayer(app.page, name, { x: origin.x + 130 + (i % 4) * 250, y: origin.y + 50 + Math.floor(i / 4) * 220 }, id);
    }
    for (let i = 1; i < LENET.length; i++) await connect(app.page, LENET[i - 1]![1], LENET[i]![1]);

    await expect.poll(() => node(app.page, 'conv2d1').getByTestId('output-shape').textContent()).toBe('28×28×6');
    await setParam(app.page, 'conv2d2', 'Filters', 16);
    await setParam(app.page, 'dense1', 'Units', 120);
    await setParam(app.page, 'dense2', 'Units', 84);
    await setParam(app.page, 'dense3', 'Units', 10);

    await expect.poll(() => app.page.getByTestId('total-params').textContent()).toContain('62,006');
    expect(await node(app.page, 'conv2d1').getByTestId('output-shape').textContent()).toBe('28×28×6');
    expect(await node(app.page, 'flatten1').getByTestId('output-shape').textContent()).toBe('400');
    expect(await app.page.getByTestId('edge-shape').filter({ hasText: '28×28×6' }).count()).toBeGreaterThan(0);
    expect(await app.page.getByTestId('graph-status').textContent()).toContain('Valid');
  });

  it('is connected through the token in the URL, and a page without it is refused', async () => {
    expect(await app.page.getByTestId('connection').textContent()).not.toMatch(/connecting|disconnected/);
    const stranger = await app.browser.newPage();
    await stranger.goto(app.server.url.replace(/\?token=.*/, ''));
    await stranger.getByRole('alert').filter({ hasText: 'Not connected to the Layerloom engine' }).waitFor();
    await stranger.close();
  });

  it('shows the error and its fix on the node when Flatten is deleted, and undo restores it', async () => {
    await node(app.page, 'flatten1').click();
    await app.page.keyboard.press('Delete');
    await node(app.page, 'flatten1').waitFor({ state: 'detached' });

    const alert = node(app.page, 'dense1').getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Dense has no input');
    expect(await alert.locator('.issue-fix').textContent()).toMatch(/Connect/);
    expect(await node(app.page, 'dense1').locator('.layer-node.invalid[aria-invalid="true"]').count()).toBe(1);

    await app.page.getByRole('button', { name: 'Undo' }).click();
    await node(app.page, 'flatten1').waitFor();
    await node(app.page, 'dense1').getByRole('alert').waitFor({ state: 'detached' });
    await expect.poll(() => app.page.getByTestId('total-params').textContent()).toContain('62,006');
    expect(await app.page.getByTestId('graph-status').textContent()).toContain('Valid');
  });
});
