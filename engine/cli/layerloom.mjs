#!/usr/bin/env node
// The installed `layerloom` command: runs the compiled CLI, or says how to build it.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const compiled = fileURLToPath(new URL('../../dist/engine/cli/run.js', import.meta.url));
if (!existsSync(compiled)) {
  process.stderr.write(`Layerloom's engine is not built yet (${compiled} is missing).\nRun \`npm install\` (it builds the engine) or \`npm run build:engine\`, then try again.\n`);
  process.exit(1);
}
await import(pathToFileURL(compiled).href);
