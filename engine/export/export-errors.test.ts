import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/index.js';
import { compileGraph } from '../compile/compile.js';
import type { CompiledModel } from '../compile/compile.js';
import { loadTemplate } from '../project/templates.js';
import { ExportError } from './atomic-dir.js';
import { exportModel } from './export-model.js';
import type { ModelMetadata } from './tfjs.js';
import { PREPROCESSING } from './tfjs.js';

let root: string;
let compiled: CompiledModel;
let metadata: ModelMetadata;
beforeAll(async () => {
  await selectBackend();
  root = await mkdtemp(join(tmpdir(), 'layerloom-export-errors-'));
  const project = loadTemplate('lenet');
  compiled = compileGraph(project.graph, { seed: 1 });
  metadata = { graph: project.graph, classNames: [], outputsProbabilities: false, preprocessing: PREPROCESSING, testAcc: null };
});
afterAll(async () => {
  compiled.model.dispose();
  await rm(root, { recursive: true, force: true });
});

const leftovers = async (dir: string) => (await readdir(dir)).filter((f) => f.includes('.partial-'));

describe.each(['onnx', 'pytorch'] as const)('%s export refuses, with a fix, and leaves nothing half-written', (format) => {
  it('when the target folder exists and holds files', async () => {
    const taken = join(root, `${format}-taken`);
    await mkdir(taken);
    await writeFile(join(taken, 'notes.txt'), 'mine');
    const error = await exportModel(format, compiled.model, taken, metadata).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExportError);
    expect((error as ExportError).message).toMatch(/already exists and is not empty/);
    expect((error as ExportError).fix).toMatch(/new folder name/);
    expect(await readdir(taken)).toEqual(['notes.txt']);
  });

  it('when the target is an existing file', async () => {
    const file = join(root, `${format}-file`);
    await writeFile(file, 'mine');
    await expect(exportModel(format, compiled.model, file, metadata)).rejects.toThrow(/is a file, not a folder/);
  });

  it('when the target cannot be written (its parent is a file)', async () => {
    const blocked = join(root, `${format}-blocked`);
    await writeFile(blocked, 'x');
    const error = await exportModel(format, compiled.model, join(blocked, 'model'), metadata).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExportError);
    expect((error as ExportError).message).toContain(join(blocked, 'model'));
    expect(await leftovers(root)).toEqual([]);
  });

  it('writes into an existing empty folder', async () => {
    const empty = join(root, `${format}-empty`);
    await mkdir(empty);
    const paths = await exportModel(format, compiled.model, empty, metadata);
    expect((await readdir(empty)).sort()).toEqual(paths.map((p) => p.slice(empty.length + 1)).sort());
    expect(await leftovers(root)).toEqual([]);
  });
});
