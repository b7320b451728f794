import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useAppSession } from './support/session.js';
import { answerPathPrompt, node, setParam } from './support/editor.js';

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
    await expect.poll(() => app.page.evaluate(() => localStorage.getItem('layerloom.recovery') !== null)).toBe(true);

    await app.page.reload();
    await app.page.locator('.app[data-engine="ready"]').waitFor();
    await app.page.getByRole('button', { name: 'Restore' }).click();
    await node(app.page, 'fc1').waitFor();
    expect(await app.page.getByTestId('total-params').textContent()).toContain('52,306');
    expect(await app.page.getByTestId('dirty-indicator').count()).toBe(1);
  });
});
