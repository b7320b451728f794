import type { z } from 'zod';
import type { Migration } from './migrations.js';
import { MIGRATIONS } from './migrations.js';
import type { Project } from './schema.js';
import { DEFAULT_TRAINING, PROJECT_FORMAT, PROJECT_VERSION, projectSchema } from './schema.js';

/** A project file that cannot be opened, with the field at fault and how to mend it. */
export class ProjectFileError extends Error {
  constructor(
    readonly source: string, readonly field: string, readonly problem: string, readonly fix: string,
    /** Every problem found, the first one included (schema checks report them all at once). */
    readonly problems: readonly { field: string; problem: string }[] = [{ field, problem }],
  ) {
    super(`${source}: ${field ? `${field}: ` : ''}${problem}. ${fix}`);
    this.name = 'ProjectFileError';
  }
}

/** Parses, upgrades and checks a project file's text. Never returns a half-valid project. */
export function parseProject(text: string, source = 'project file', migrations: readonly Migration[] = MIGRATIONS): Project {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ProjectFileError(source, '', `is not valid JSON (${(error as Error).message})`, 'Open the file in a text editor and repair it, or restore a backup.');
  }
  return readProject(raw, source, migrations);
}

export function readProject(raw: unknown, source = 'project', migrations: readonly Migration[] = MIGRATIONS): Project {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ProjectFileError(source, '', 'is not a Layerloom project (expected a JSON object)', 'Open a .layerloom.json file.');
  }
  let file = raw as Record<string, unknown>;
  if (file['format'] !== PROJECT_FORMAT) {
    throw new ProjectFileError(source, 'format', `is ${JSON.stringify(file['format'])}, not "${PROJECT_FORMAT}"`, 'Open a file saved by Layerloom.');
  }
  const version = file['version'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    throw new ProjectFileError(source, 'version', `is ${JSON.stringify(version)}, not a format version`, 'The file is damaged; restore a backup.');
  }
  if (version > PROJECT_VERSION) {
    throw new ProjectFileError(source, 'version', `is ${version}, newer than this Layerloom understands (${PROJECT_VERSION})`, 'Update Layerloom to open it.');
  }
  for (let v = version; v < PROJECT_VERSION; v++) {
    const step = migrations.find((m) => m.from === v);
    if (!step) throw new ProjectFileError(source, 'version', `is ${v}, older than any format this Layerloom can upgrade`, 'The file is damaged or from a pre-release; re-create the project from a template.');
    file = { ...step.migrate(file), version: v + 1 };
  }
  const parsed = projectSchema.safeParse(withTrainingDefaults(file));
  if (!parsed.success) throw schemaError(source, parsed.error);
  return parsed.data;
}

export function serializeProject(project: Project): string {
  return `${JSON.stringify(projectSchema.parse(project), null, 2)}\n`;
}

/**
 * A hand-written file may leave out training settings (or the whole block): each missing one
 * takes its default, as a new project would. Present values are kept and checked as they are.
 */
function withTrainingDefaults(file: Record<string, unknown>): Record<string, unknown> {
  const training = file['training'] ?? {};
  if (typeof training !== 'object' || training === null || Array.isArray(training)) return file;
  return { ...file, training: { ...DEFAULT_TRAINING, ...training } };
}

/** Every problem zod found, each with its field, so one edit of the file can mend them all. */
function schemaError(source: string, error: z.ZodError): ProjectFileError {
  const problems = error.issues.map((issue) => ({ field: formatPath(issue.path), problem: issue.message }));
  const first = problems[0] ?? { field: '', problem: 'invalid' };
  if (problems.length <= 1) return new ProjectFileError(source, first.field, first.problem, 'Fix that field in the file, or re-create the project from a template.', problems);
  const listed = problems.map((p) => `${p.field || '(file)'}: ${p.problem}`).join('; ');
  return new ProjectFileError(source, '', `${problems.length} problems: ${listed}`, 'Fix those fields in the file, or re-create the project from a template.', problems);
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => typeof key === 'number' ? `${out}[${key}]` : `${out}${out ? '.' : ''}${String(key)}`, '');
}
