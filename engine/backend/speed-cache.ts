// Backend choices remembered per graph shape, batch and set of loadable backends, in one small
// JSON file in the engine's data folder. A corrupt or unreadable file is treated as empty: the
// worst case is measuring again (≈ 2 s), never a failed run.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { SpeedCache, SpeedChoice } from './speed.js';

const names = z.enum(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']);
const choiceSchema = z.object({
  measured: z.array(z.object({ name: names, label: z.string(), imagesPerSec: z.number() })),
  chosen: names,
  how: z.enum(['measured', 'cached', 'only']),
});
const fileSchema = z.object({ version: z.literal(1), choices: z.record(z.string(), choiceSchema) });

/** How many graphs are remembered; the oldest are dropped first. */
const MAX_ENTRIES = 200;

function read(file: string): Record<string, SpeedChoice> {
  try {
    const parsed = fileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data.choices : {};
  } catch {
    return {};
  }
}

export function fileSpeedCache(file: string): SpeedCache {
  return {
    get: (key) => read(file)[key],
    set: (key, choice) => {
      const choices = read(file);
      delete choices[key];
      choices[key] = choice;
      const keys = Object.keys(choices);
      for (const old of keys.slice(0, Math.max(0, keys.length - MAX_ENTRIES))) delete choices[old];
      try {
        mkdirSync(dirname(file), { recursive: true });
        const temp = `${file}.${process.pid}.tmp`;
        writeFileSync(temp, `${JSON.stringify({ version: 1, choices }, null, 1)}\n`);
        renameSync(temp, file);
      } catch {
        // A read-only data folder only costs a measurement next time.
      }
    },
  };
}
