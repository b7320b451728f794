import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findReferencePython, repoVenvPython } from './reference-python.js';

let root: string;
beforeAll(async () => { root = await mkdtemp(join(tmpdir(), 'layerloom-refpy-')); });
afterAll(() => rm(root, { recursive: true, force: true }));

const posix = process.platform !== 'win32';

describe('which Python times the PyTorch twin', () => {
  it('looks for the repository’s .venv first, where each OS puts its interpreter', () => {
    expect(repoVenvPython('/repo', 'linux')).toBe(join('/repo', '.venv', 'bin', 'python'));
    expect(repoVenvPython('/repo', 'darwin')).toBe(join('/repo', '.venv', 'bin', 'python'));
    expect(repoVenvPython('C:\\repo', 'win32')).toBe(join('C:\\repo', '.venv', 'Scripts', 'python.exe'));
  });

  it('uses --reference-python alone when given, and says why it cannot', () => {
    const missing = join(root, 'no-such-python');
    const found = findReferencePython(missing, root);
    expect(found.ok).toBe(false);
    expect(found.ok ? '' : found.reason).toMatch(new RegExp(`^--reference-python ${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*ENOENT.*pip install torch numpy`));
  });

  it.skipIf(!posix)('takes .venv/bin/python over python3, and names it and the fix when it lacks torch', async () => {
    const bin = join(root, 'repo', '.venv', 'bin');
    await mkdir(bin, { recursive: true });
    const fake = join(bin, 'python');
    await writeFile(fake, '#!/bin/sh\necho "ModuleNotFoundError: No module named \'torch\'" >&2\nexit 1\n');
    await chmod(fake, 0o755);
    const found = findReferencePython(undefined, join(root, 'repo'));
    expect(found).toEqual({ ok: false, reason: `${fake}: ModuleNotFoundError: No module named 'torch'. Recreate it with npm run setup:python, or pass --reference-python PATH.` });
  });

  it.skipIf(!posix)('reports the torch version of the interpreter it picks', async () => {
    const bin = join(root, 'good', '.venv', 'bin');
    await mkdir(bin, { recursive: true });
    const fake = join(bin, 'python');
    await writeFile(fake, '#!/bin/sh\necho 2.13.0+cpu\n');
    await chmod(fake, 0o755);
    expect(findReferencePython(undefined, join(root, 'good'))).toEqual({ ok: true, python: fake, torch: '2.13.0+cpu' });
    expect(findReferencePython(fake, root)).toEqual({ ok: true, python: fake, torch: '2.13.0+cpu' });
    // A relative path still names the interpreter once the twin runs in its own folder.
    expect(findReferencePython(relative(process.cwd(), fake), root)).toEqual({ ok: true, python: fake, torch: '2.13.0+cpu' });
  });
});
