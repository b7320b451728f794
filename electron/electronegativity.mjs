#!/usr/bin/env node
// `npm run lint:electron`: Electronegativity's security checks over electron/, failing on any
// finding. A finding that is a deliberate choice is silenced where it occurs with
// `// eng-disable CHECK_ID -- why`, so the reason sits next to the code it excuses.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const run = require('@doyensec/electronegativity');
const electronVersion = require('electron/package.json').version;
const input = path.dirname(fileURLToPath(import.meta.url));

const result = await run({
  input,
  electronVersionOverride: electronVersion,
  // This check downloads Electron's release list; offline it only prints an error. Electron's
  // version is pinned in package.json and upgraded deliberately.
  excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
  isRelative: true,
  isVerbose: true,
}, false);

const problems = result.errors.filter((error) => !error.tolerable);
for (const error of problems) console.error(`electronegativity: could not parse ${error.file}: ${error.message}`);
for (const issue of result.issues) {
  console.error(`${issue.id} ${issue.file}:${issue.location.line}:${issue.location.column} [${issue.severity.name ?? issue.severity.value}] ${issue.description} (${issue.shortenedURL})`);
}
const summary = `electronegativity (Electron ${electronVersion}, ${result.globalChecks + result.atomicChecks} checks): ${result.issues.length} finding(s)`;
if (result.issues.length > 0 || problems.length > 0) {
  console.error(summary);
  process.exit(1);
}
console.log(summary);
