import { TRAINING_EXTRAS_OFF } from './schema.js';

/**
 * Ordered upgrades of older project files. Each entry turns a file of version `from` into
 * version `from + 1`; the loader applies them in order until the file is current.
 */
export interface Migration {
  from: number;
  describe: string;
  migrate(file: Record<string, unknown>): Record<string, unknown>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const MIGRATIONS: readonly Migration[] = [
  {
    from: 1,
    describe: 'training gains nesterov, weightDecay, labelSmoothing, schedule, augment, earlyStopping and restoreBest, all off',
    // Written out rather than left to the schema's defaults: a version-1 file trains exactly as it did.
    migrate: (file) => {
      const training = file['training'];
      if (!isRecord(training)) return file;
      const filled: Record<string, unknown> = { ...structuredClone(TRAINING_EXTRAS_OFF), ...training };
      return { ...file, training: filled };
    },
  },
];
