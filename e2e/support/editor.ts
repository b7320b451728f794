import type { Locator, Page } from 'playwright-core';

type Box = { x: number; y: number; width: number; height: number };
const centre = (b: Box) => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });

async function boxOf(locator: Locator): Promise<Box> {
  await locator.waitFor();
  const box = await locator.boundingBox();
  if (!box) throw new Error(`${locator.toString()} has no box on screen.`);
  return box;
}

export function node(page: Page, id: string): Locator {
  return page.locator(`.react-flow__node[data-id="${id}"]`);
}

export function edge(page: Page, source: string, target: string): Locator {
  return page.locator(`.react-flow__edge[data-id="${source}->${target}"]`);
}

/** The canvas's top-left corner on the page, to place drops relative to it. */
export async function canvasOrigin(page: Page): Promise<{ x: number; y: number }> {
  const box = await boxOf(page.getByTestId('canvas'));
  return { x: box.x, y: box.y };
}

/** Drags a palette item (found by its accessible name, the layer's display name) onto the canvas. */
export async function dragLayer(page: Page, name: string, to: { x: number; y: number }, expectId: string): Promise<void> {
  const from = centre(await boxOf(page.getByRole('button', { name, exact: true })));
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await page.mouse.up();
  await node(page, expectId).waitFor();
}

/** Drags from one node's output handle to another's input handle. */
export async function connect(page: Page, source: string, target: string): Promise<void> {
  const from = centre(await boxOf(node(page, source).locator('.react-flow__handle.source')));
  const to = centre(await boxOf(node(page, target).locator('.react-flow__handle.target')));
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 10 });
  await page.mouse.up();
  await edge(page, source, target).waitFor({ state: 'attached' });
}

/** Selects a node and types a value into one of its fields in the inspector. */
export async function setParam(page: Page, nodeId: string, label: string, value: number): Promise<void> {
  await node(page, nodeId).click();
  const field = page.getByRole('complementary').getByLabel(label);
  await field.fill(String(value));
}

export async function loadTemplate(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: /^Templates/ }).click();
  await page.getByRole('button', { name: `${name} template` }).click();
  await page.getByRole('dialog').waitFor({ state: 'detached' });
}

/** Browser mode's file "dialog": types a path on the server's machine and confirms. */
export async function answerPathPrompt(page: Page, path: string, confirm: string): Promise<void> {
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox').fill(path);
  await dialog.getByRole('button', { name: confirm }).click();
  await dialog.waitFor({ state: 'detached' });
}
