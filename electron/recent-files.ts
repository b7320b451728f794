import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const recentSchema = z.array(z.string().min(1).max(4096)).max(100);

/** Projects opened or saved lately, newest first, kept in the app's data folder. */
export class RecentFiles {
  private files: string[];

  constructor(private readonly file: string, private readonly limit = 10) {
    this.files = this.read();
  }

  list(): readonly string[] {
    return this.files;
  }

  /** Returns whether the list changed. */
  add(file: string): boolean {
    const absolute = path.resolve(file);
    if (this.files[0] === absolute) return false;
    this.files = [absolute, ...this.files.filter((entry) => entry !== absolute)].slice(0, this.limit);
    this.write();
    return true;
  }

  remove(file: string): void {
    this.files = this.files.filter((entry) => entry !== file);
    this.write();
  }

  clear(): void {
    this.files = [];
    this.write();
  }

  private read(): string[] {
    try {
      return recentSchema.parse(JSON.parse(readFileSync(this.file, 'utf8'))).slice(0, this.limit);
    } catch {
      return [];
    }
  }

  private write(): void {
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      writeFileSync(this.file, JSON.stringify(this.files));
    } catch (error) {
      console.warn(`Could not update the recent projects list: ${(error as Error).message}`);
    }
  }
}
