/**
 * Ordered upgrades of older project files. Each entry turns a file of version `from` into
 * version `from + 1`; the loader applies them in order until the file is current.
 * Version 1 is the first released format, so the list starts empty.
 */
export interface Migration {
  from: number;
  describe: string;
  migrate(file: Record<string, unknown>): Record<string, unknown>;
}

export const MIGRATIONS: readonly Migration[] = [];
