import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTemplate } from '../project/templates.js';
import { loadTarget, templateIds } from './targets.js';

let root: string;
beforeAll(async () => { root = await mkdtemp(join(tmpdir(), 'layerloom-bench-targets-')); });
afterAll(() => rm(root, { recursive: true, force: true }));

describe('what a benchmark row measures', () => {
  it('lists every template for --all, LeNet first', () => {
    const ids = templateIds();
    expect(ids[0]).toBe('lenet');
    expect(ids).toEqual(expect.arrayContaining(['lenet', 'mlp', 'vgg-mini', 'resnet-mini']));
  });

  it('names a template row after the project’s own name', () => {
    const target = loadTarget({ template: 'resnet-mini' });
    expect(target).toEqual({ network: 'ResNet-mini', source: 'resnet-mini', graph: loadTemplate('resnet-mini').graph });
    expect(() => loadTarget({ template: 'alexnet' })).toThrow(/No template named 'alexnet'. Available: .*lenet/);
  });

  it('reads a project file through the app’s loader, and names the file and the fix when it cannot', async () => {
    const project = { ...loadTemplate('lenet'), name: 'My LeNet' };
    const file = join(root, 'mine.layerloom.json');
    await writeFile(file, JSON.stringify(project));
    expect(loadTarget({ project: file })).toMatchObject({ network: 'My LeNet', source: file });
    const unnamed = join(root, 'unnamed.layerloom.json');
    await writeFile(unnamed, JSON.stringify({ ...project, name: undefined }));
    expect(loadTarget({ project: unnamed }).network).toBe(unnamed);
    expect(() => loadTarget({ project: join(root, 'missing.json') })).toThrow(/Cannot read the project file .*missing\.json \(ENOENT\)\. Check the path\./);
    const broken = join(root, 'broken.layerloom.json');
    await writeFile(broken, '{ "format": "layerloom", ');
    expect(() => loadTarget({ project: broken })).toThrow(/broken\.layerloom\.json: is not valid JSON/);
  });
});
