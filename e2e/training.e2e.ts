import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useAppSession } from './support/session.js';
import { answerPathPrompt, loadTemplate, node } from './support/editor.js';

/**
 * The README screenshot is remade on real CIFAR-10 when LAYERLOOM_SCREENSHOT_CIFAR10 names it
 * (the fixture's coloured stripes are learned perfectly, which would misrepresent the app).
 * Tests never read the real dataset on their own: without it the run uses the fixture and the
 * picture goes to test-results/, leaving the committed one alone.
 */
const REAL_CIFAR10 = process.env['LAYERLOOM_SCREENSHOT_CIFAR10'];
const SCREENSHOT = new URL(REAL_CIFAR10 ? '../docs/screenshot.png' : '../test-results/screenshot.png', import.meta.url).pathname;

async function setTraining(page: Page, values: Record<string, number>): Promise<void> {
  await page.getByRole('tab', { name: 'Training' }).click();
  for (const [label, value] of Object.entries(values)) await page.getByLabel(label, { exact: true }).fill(String(value));
}

/**
 * Starts a run and waits until the engine has accepted it (the toolbar turns to Pause/Stop).
 * Returns whether the palette was read-only in that same DOM update, as a MutationObserver saw
 * it: a one-epoch fixture run can be over before a separate query would look.
 */
async function train(page: Page): Promise<{ paletteDisabled: boolean }> {
  await page.evaluate(() => {
    const w = window as unknown as { trainAccepted?: { paletteDisabled: boolean } };
    delete w.trainAccepted;
    const button = (name: string) =>
      Array.from(document.querySelectorAll('button')).find((b) => (b.getAttribute('aria-label') ?? b.textContent ?? '').trim() === name);
    const observer = new MutationObserver(() => {
      if (button('Stop') === undefined) return;
      w.trainAccepted = { paletteDisabled: button('Conv2D')?.disabled === true };
      observer.disconnect();
    });
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const accepted = await page.waitForFunction(() => (window as unknown as { trainAccepted?: { paletteDisabled: boolean } }).trainAccepted ?? null);
  return (await accepted.jsonValue()) as { paletteDisabled: boolean };
}

async function statusIs(page: Page, state: string): Promise<void> {
  await page.getByTestId('stat-status').filter({ hasText: state }).waitFor({ timeout: 360_000 });
}

describe('training (browser mode)', () => {
  const app = useAppSession(async (page) => {
    await loadTemplate(page, 'LeNet');
  });

  it('trains one epoch on the fixture and shows epoch 1 loss and accuracy', async () => {
    await setTraining(app.page, { Epochs: 1, 'Batch size': 25 });
    await app.page.getByTestId('dataset-status').getByText('Ready').waitFor();
    // Read-only while it trains: the palette is disabled and the canvas says why.
    expect((await train(app.page)).paletteDisabled).toBe(true);

    const row = app.page.getByTestId('epoch-row-1');
    await row.waitFor({ timeout: 180_000 });
    const cells = await row.locator('td').allTextContents();
    expect(cells[0]).toBe('1');
    expect(Number(cells[1])).toBeGreaterThan(0); // loss
    expect(cells[2]).toMatch(/^\d+\.\d%$/); // accuracy
    expect(cells[4]).toMatch(/^\d+\.\d%$/); // validation accuracy

    await statusIs(app.page, 'completed');
    expect(await app.page.getByTestId('stat-test-acc').textContent()).toMatch(/\d+\.\d%/);
    expect(await app.page.getByRole('button', { name: 'Conv2D', exact: true }).isDisabled()).toBe(false);
  });

  it('lists the test images behind a confusion-matrix cell', async () => {
    const cell = app.page.locator('.confusion .cell:not([disabled])').first();
    const label = await cell.getAttribute('aria-label');
    await cell.click();
    const gallery = app.page.getByTestId('sample-gallery');
    await gallery.locator('canvas.sample-image').first().waitFor();
    const count = Number(/^(\d+)/.exec(label ?? '')?.[1]);
    expect(await gallery.locator('canvas.sample-image').count()).toBe(Math.min(count, 60));
    expect(await gallery.locator('.sample-label').first().textContent()).toMatch(/→/);
  });

  it('exports the trained model and lists the written files', async () => {
    const outDir = join(app.server.dir, 'export');
    await app.page.getByRole('button', { name: 'Export model…' }).click();
    const dialog = app.page.getByRole('dialog');
    await dialog.getByLabel('Folder').fill(outDir);
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();
    const result = dialog.getByTestId('export-result');
    await result.waitFor({ timeout: 60_000 });
    const paths = await result.locator('li').allTextContents();
    expect(paths.some((p) => p.endsWith('model.json'))).toBe(true);
    for (const p of paths) expect(existsSync(p)).toBe(true);
    await dialog.getByRole('button', { name: 'Close', exact: true }).first().click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('pauses, resumes and stops a run mid-way', async () => {
    await setTraining(app.page, { Epochs: 50 });
    await train(app.page);
    await app.page.getByTestId('run-state').filter({ hasText: /batch \d+\/\d+/ }).waitFor({ timeout: 120_000 });
    await app.page.getByRole('button', { name: 'Pause', exact: true }).click();
    await statusIs(app.page, 'paused');
    await app.page.getByRole('button', { name: 'Resume', exact: true }).click();
    await statusIs(app.page, 'running');
    await app.page.getByRole('button', { name: 'Stop', exact: true }).click();
    await statusIs(app.page, 'stopped');
    expect(await app.page.getByTestId('stat-epoch').textContent()).not.toBe('50 / 50');
    await app.page.getByRole('button', { name: 'Train', exact: true }).waitFor();
  });

  it('writes the README screenshot: LeNet with a finished run’s dashboard', async () => {
    if (REAL_CIFAR10 !== undefined) {
      await app.page.getByRole('tab', { name: 'Training' }).click();
      await app.page.getByRole('button', { name: 'Use folder…' }).click();
      await answerPathPrompt(app.page, REAL_CIFAR10, 'Use folder');
      await app.page.getByTestId('dataset-status').getByText('50,000 training').waitFor({ timeout: 60_000 });
      await app.page.getByRole('radio', { name: 'Adam', exact: true }).click();
      await setTraining(app.page, { Epochs: 4, 'Batch size': 50, 'Learning rate': 0.002, 'Image limit': 4000, Seed: 1 });
    } else {
      await setTraining(app.page, { Epochs: 6, Seed: 1 });
    }
    await train(app.page);
    await statusIs(app.page, 'completed');
    await app.page.getByRole('tab', { name: 'Properties' }).click();
    await node(app.page, 'conv2').click();
    await app.page.locator('.confusion .cell.diag:not([disabled])').nth(3).click();
    await app.page.getByTestId('sample-gallery').locator('canvas.sample-image').first().waitFor();
    await app.page.getByRole('button', { name: 'Fit view' }).click();
    // Fit view animates: wait until the canvas transform holds still between two reads.
    let last: string | null = null;
    await expect.poll(async () => {
      const now = await app.page.locator('.react-flow__viewport').getAttribute('style');
      const still = now === last;
      last = now;
      return still;
    }, { interval: 150 }).toBe(true);
    await mkdir(dirname(SCREENSHOT), { recursive: true });
    await app.page.screenshot({ path: SCREENSHOT });
    expect(existsSync(SCREENSHOT)).toBe(true);
  }, 420_000);
});
