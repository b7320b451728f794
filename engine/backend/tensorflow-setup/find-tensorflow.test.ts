// Where `npm run setup:tensorflow` finds TensorFlow, on made-up folders and a stand-in Python.
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipTensorflowOf, sourceFromPath } from './find-tensorflow.mjs';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'layerloom-find-tf-'));
  await mkdir(join(root, 'site-packages', 'tensorflow'), { recursive: true });
  await writeFile(join(root, 'site-packages', 'tensorflow', 'libtensorflow_cc.so.2'), '');
  await mkdir(join(root, 'libtensorflow', 'include', 'tensorflow', 'c'), { recursive: true });
  await mkdir(join(root, 'libtensorflow', 'lib'), { recursive: true });
  await writeFile(join(root, 'libtensorflow', 'include', 'tensorflow', 'c', 'c_api.h'), '');
  await writeFile(join(root, 'tf.whl'), '');
  await writeFile(join(root, 'notes.txt'), '');
  await mkdir(join(root, 'empty'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('sourceFromPath', () => {
  it('tells a wheel, a pip tensorflow/ folder, a site-packages folder and a libtensorflow folder apart', () => {
    expect(sourceFromPath(join(root, 'tf.whl'))).toMatchObject({ kind: 'wheel', file: join(root, 'tf.whl') });
    expect(sourceFromPath(join(root, 'site-packages', 'tensorflow'))).toMatchObject({ kind: 'pip-folder', dir: join(root, 'site-packages', 'tensorflow') });
    expect(sourceFromPath(join(root, 'site-packages'))).toMatchObject({ kind: 'pip-folder', dir: join(root, 'site-packages', 'tensorflow') });
    expect(sourceFromPath(join(root, 'libtensorflow'))).toMatchObject({ kind: 'libtensorflow', dir: join(root, 'libtensorflow') });
  });

  it('explains what it expected from anything else', () => {
    expect(() => sourceFromPath(join(root, 'nope'))).toThrow(/no such file or folder/);
    expect(() => sourceFromPath(join(root, 'notes.txt'))).toThrow(/must be a TensorFlow wheel/);
    expect(() => sourceFromPath(join(root, 'empty'))).toThrow(/not a TensorFlow wheel, a pip-installed tensorflow\/ folder .* or a libtensorflow folder/);
  });
});

describe('pipTensorflowOf', () => {
  async function fakePython(name: string, prints: string): Promise<string> {
    const file = join(root, name);
    await writeFile(file, `#!/bin/sh\necho '${prints}'\n`);
    await chmod(file, 0o755);
    return file;
  }

  it.skipIf(process.platform === 'win32')('uses the folder the Python reports when it holds libtensorflow_cc', async () => {
    const python = await fakePython('py-with-tf', join(root, 'site-packages', 'tensorflow'));
    expect(pipTensorflowOf(python)).toEqual({ dir: join(root, 'site-packages', 'tensorflow'), why: '' });
  });

  it.skipIf(process.platform === 'win32')('says why a Python does not serve: missing, no tensorflow, or one without the C library', async () => {
    expect(pipTensorflowOf(join(root, 'no-python')).why).toMatch(/not found/);
    expect(pipTensorflowOf(await fakePython('py-without', '')).why).toMatch(/has no tensorflow package/);
    expect(pipTensorflowOf(await fakePython('py-old', join(root, 'empty'))).why).toMatch(/has no libtensorflow_cc/);
  });
});
