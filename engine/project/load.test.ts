import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../graph/analyze.js';
import { parseProject, ProjectFileError, serializeProject } from './load.js';
import type { Migration } from './migrations.js';
import { MIGRATIONS } from './migrations.js';
import { DEFAULT_TRAINING, PROJECT_VERSION, REFERENCE_TRAINING, TRAINING_EXTRAS_OFF } from './schema.js';
import { loadTemplate, loadTemplates, templatesDir } from './templates.js';

const lenetText = readFileSync(join(templatesDir(), 'lenet.json'), 'utf8');
const edit = (f: (p: Record<string, any>) => void) => { // eslint-disable-line @typescript-eslint/no-explicit-any
  const p = JSON.parse(lenetText);
  f(p);
  return JSON.stringify(p);
};
const error = (text: string) => {
  try {
    parseProject(text, 'my.layerloom.json');
  } catch (e) {
    return e as ProjectFileError;
  }
  throw new Error('expected the file to be rejected');
};

describe('project files', () => {
  it('loads every template through the loader, each valid, LeNet first', () => {
    const files = readdirSync(templatesDir()).filter((f) => f.endsWith('.json'));
    const templates = loadTemplates();
    expect(templates.map((t) => t.id)).toHaveLength(files.length);
    expect(templates[0]?.id).toBe('lenet');
    for (const t of templates) expect(analyzeGraph(t.project.graph).issues, t.id).toEqual([]);
    expect(templates.map((t) => t.id)).toEqual(expect.arrayContaining(['lenet', 'mlp', 'vgg-mini', 'resnet-mini']));
    expect(loadTemplate('resnet-mini').graph.nodes.filter((n) => n.kind === 'add')).toHaveLength(2);
  });

  it('round-trips through serialize and parse unchanged', () => {
    const project = loadTemplate('resnet-mini');
    expect(parseProject(serializeProject(project))).toEqual(project);
  });

  it('names the field for schema violations', () => {
    expect(error(edit((p) => { p.graph.nodes[2].kind = 'lstm'; })).field).toBe('graph.nodes[2].kind');
    expect(error(edit((p) => { p.training.batchSize = 0; })).field).toBe('training.batchSize');
    expect(error(edit((p) => { delete p.graph.edges; })).field).toBe('graph.edges');
    expect(error(edit((p) => { p.graph.nodes[0].position = { x: 'left' }; })).message).toContain('graph.nodes[0].position');
  });

  it('gives missing training settings (or a missing training block) their defaults, and keeps the ones given', () => {
    expect(parseProject(edit((p) => { p.training = {}; })).training).toEqual(DEFAULT_TRAINING);
    expect(parseProject(edit((p) => { delete p.training; })).training).toEqual(DEFAULT_TRAINING);
    const some = parseProject(edit((p) => { p.training = { optimizer: 'sgd', epochs: 3 }; })).training;
    expect(some).toEqual({ ...DEFAULT_TRAINING, optimizer: 'sgd', epochs: 3 });
    expect(error(edit((p) => { p.training = { batchSize: 0 }; })).field).toBe('training.batchSize');
  });

  it('lists every problem of a refused file, each with its field', () => {
    const refused = error(edit((p) => { p.training = { optimizer: 'nadam', batchSize: 0 }; p.graph.nodes[2].kind = 'lstm'; }));
    expect(refused.problems.map((p) => p.field).sort()).toEqual(['graph.nodes[2].kind', 'training.batchSize', 'training.optimizer']);
    expect(refused.message).toMatch(/^my\.layerloom\.json: 3 problems: /);
    for (const field of ['graph.nodes[2].kind', 'training.batchSize', 'training.optimizer']) expect(refused.message).toContain(`${field}: `);
    expect(refused.message).not.toMatch(/more problem/);
  });

  it('rejects invalid JSON, other formats and newer versions with a clear error', () => {
    expect(error('{"format": "layerloom",').message).toMatch(/my\.layerloom\.json: is not valid JSON/);
    expect(error('[1,2]').message).toContain('expected a JSON object');
    expect(error(edit((p) => { p.format = 'keras'; })).field).toBe('format');
    const newer = error(edit((p) => { p.version = PROJECT_VERSION + 1; }));
    expect(newer.message).toContain('newer than this Layerloom');
    expect(newer.fix).toContain('Update Layerloom');
  });

  it('applies migrations in order to older files', () => {
    const migrations: Migration[] = [{
      from: 0, describe: 'layers were called blocks',
      migrate: (file) => ({ ...file, graph: (file as { blocks: unknown }).blocks, blocks: undefined }),
    }];
    const old = edit((p) => { p.version = 0; p.blocks = p.graph; delete p.graph; });
    const migrated = parseProject(old, 'old.json', [...migrations, ...MIGRATIONS]);
    expect(migrated.version).toBe(PROJECT_VERSION);
    expect(migrated.graph).toEqual(loadTemplate('lenet').graph);
    expect(() => parseProject(old, 'old.json', [])).toThrow(/older than any format/);
  });

  it('opens a version-1 file (no schedule, augmentation, …) with every new training field off', () => {
    const v1 = {
      format: 'layerloom', version: 1, graph: loadTemplate('lenet').graph,
      training: { optimizer: 'sgd', learningRate: 0.001, momentum: 0.9, batchSize: 100, epochs: 10, validationSplit: 0, seed: null, initializer: 'pytorch' },
    };
    const project = parseProject(JSON.stringify(v1), 'v1.json');
    expect(project.version).toBe(2);
    expect(project.training).toEqual(REFERENCE_TRAINING);
    expect(project.training).toMatchObject(TRAINING_EXTRAS_OFF);
    expect(MIGRATIONS.map((m) => m.from)).toEqual([1]);
  });

  it('fills training fields a hand-written current file leaves out, and keeps the ones it sets', () => {
    const project = parseProject(edit((p) => {
      p.version = PROJECT_VERSION;
      p.training.schedule = { kind: 'cosine', warmupEpochs: 1 };
      p.training.augment = { flip: true };
    }));
    expect(project.training.schedule).toEqual({ kind: 'cosine', warmupEpochs: 1, stepEpochs: 10, stepFactor: 0.1 });
    expect(project.training.augment).toEqual({ cropPadding: 0, padMode: 'reflect', flip: true, cutout: 0 });
    expect(project.training.earlyStopping).toBeNull();
    expect(error(edit((p) => { p.version = PROJECT_VERSION; p.training.schedule = { kind: 'exponential' }; })).field).toBe('training.schedule.kind');
  });
});
