import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPython, projectRoot, pythonCandidates, venvPython } from './find-python.js';

// Only the last test needs a real interpreter; a machine with none says so instead of failing.
const systemPython = findPython(['json'], pythonCandidates({}, '/nonexistent-root'));
if (!systemPython.ok) console.warn(`find-python: the interpreter test is skipped: ${systemPython.reason}`);

describe('which Python the engine checks use', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'layerloom-python-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('finds the repository root from its own folder', () => {
    const found = projectRoot();
    expect(found && existsSync(join(found, 'engine', 'python', 'find-python.ts'))).toBe(true);
  });

  it('takes LAYERLOOM_PYTHON alone when it is set', () => {
    expect(pythonCandidates({ LAYERLOOM_PYTHON: '/opt/py/bin/python' }, root)).toEqual(['/opt/py/bin/python']);
  });

  it("puts the project's .venv before the system's python3", async () => {
    expect(pythonCandidates({}, root)).not.toContain(venvPython(root));
    await mkdir(join(root, '.venv', 'bin'), { recursive: true });
    await symlink('/bin/true', venvPython(root, 'linux'));
    const candidates = pythonCandidates({}, root);
    expect(candidates[0]).toBe(venvPython(root));
    expect(candidates.slice(1).every((c) => c.endsWith('python3'))).toBe(true);
  });

  it('says what it tried and how to fix it when no candidate has the modules', () => {
    const found = findPython(['torch'], [join(root, 'no-such-python')]);
    expect(found.ok).toBe(false);
    expect(!found.ok && found.reason).toMatch(/^no Python with torch \(tried .*no-such-python: .+\); run `npm run setup:python`/);
  });

  it.skipIf(!systemPython.ok)('skips a Python that lacks a module and reports the versions of the one that has them all', () => {
    const system = pythonCandidates({}, root).filter((c) => !c.startsWith(root));
    const found = findPython(['json', 'layerloom_no_such_module_xyz'], system);
    expect(found.ok).toBe(false);
    expect(!found.ok && found.reason).toContain("No module named 'layerloom_no_such_module_xyz'");
    const json = findPython(['json'], system);
    expect(json).toMatchObject({ ok: true, versions: { json: expect.any(String) } });
  });
});
