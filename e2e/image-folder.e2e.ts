import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createRng } from '../engine/data/rng.js';
import { shapeImage, writeShapeDataset } from '../engine/data/image-folder/shape-fixtures.js';
import { useAppSession } from './support/session.js';
import { loadTemplate, node } from './support/editor.js';

const CLASSES = ['circle', 'cross', 'square', 'triangle'] as const;

async function setTraining(page: Page, values: Record<string, number>): Promise<void> {
  for (const [label, value] of Object.entries(values)) await page.getByLabel(label, { exact: true }).fill(String(value));
}

describe('your own images (browser mode)', () => {
  const app = useAppSession(async (page) => {
    await loadTemplate(page, 'LeNet');
  });

  it('imports a folder of PNG and JPEG shapes, reports the corrupt file and adapts the model', async () => {
    const folder = join(app.server.dir, 'shapes');
    // 48×48 sources resized to 28×28: neither the files nor the model are CIFAR's 32×32.
    await writeShapeDataset(folder, { classes: CLASSES, perClass: 100, formats: ['png', 'jpeg'], corrupt: true, width: 48, height: 48, seed: 21 });
    await app.page.getByRole('tab', { name: 'Training' }).click();
    await app.page.getByRole('radio', { name: 'Image folder' }).click();
    const section = app.page.getByTestId('image-folder');
    await section.getByLabel('Folder').fill(folder);
    await section.getByLabel('Height').fill('28');
    await section.getByLabel('Width').fill('28');
    await section.getByRole('button', { name: 'Import', exact: true }).click();

    const view = app.page.getByTestId('dataset-view');
    await view.waitFor({ timeout: 120_000 });
    expect(await view.getByTestId('class-row').locator('.class-name').allTextContents()).toEqual([...CLASSES]);
    expect(await view.getByTestId('skipped-files').textContent()).toContain('circle/broken.png');
    expect(await view.getByTestId('preprocessing').textContent()).toMatch(/centre-cropped to 28×28, RGB/);
    await view.locator('.class-samples canvas').first().waitFor();
    // The graph follows the dataset: 28×28×3 in, 4 classes out, the last Dense with 4 units.
    expect(await node(app.page, 'input').textContent()).toContain('28×28×3');
    expect(await node(app.page, 'output').textContent()).toContain('4 classes');
    expect(await node(app.page, 'fc3').textContent()).toContain('4 units');
  });

  it('trains to at least 90% validation accuracy and names the classes in the confusion matrix', async () => {
    await app.page.getByRole('radio', { name: 'Adam', exact: true }).click();
    await setTraining(app.page, { Epochs: 20, 'Batch size': 32, Validation: 20, Seed: 1 });
    await app.page.getByRole('button', { name: 'Train', exact: true }).click();
    await app.page.getByTestId('stat-status').filter({ hasText: 'completed' }).waitFor({ timeout: 200_000 });
    const cells = await app.page.getByTestId('epoch-row-20').locator('td').allTextContents();
    const valAcc = Number.parseFloat(cells[4] ?? '0');
    expect(valAcc).toBeGreaterThanOrEqual(90);
    const heads = await app.page.locator('.confusion .row-head').allTextContents();
    expect(heads).toEqual([...CLASSES]);
  });

  it('predicts a new image of one class as that class first', async () => {
    const file = join(app.server.dir, 'new-triangle.png');
    await writeFile(file, await shapeImage('triangle', 'png', { width: 48, height: 48, rng: createRng(999) }));
    const panel = app.page.getByTestId('predict-panel');
    await panel.getByLabel('Pick images to predict').setInputFiles(file);
    const first = panel.getByTestId('prediction').first();
    await first.waitFor({ timeout: 60_000 });
    expect(await first.getByTestId('top-class').first().locator('.class-name').textContent()).toBe('triangle');
  });
});
