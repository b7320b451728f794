#!/usr/bin/env node
// `npm run setup:python`: the project's own Python for the export checks, in .venv (git-ignored),
// with the packages of engine/python/requirements.txt from pip. Idempotent: when .venv already
// imports them all it only says so. Plain Node (no build) so it runs on a fresh clone.
// The interpreter path must match venvPython() in engine/python/find-python.ts.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const VENV = join(ROOT, '.venv');
const PYTHON = process.platform === 'win32' ? join(VENV, 'Scripts', 'python.exe') : join(VENV, 'bin', 'python');
const REQUIREMENTS = join(ROOT, 'engine', 'python', 'requirements.txt');
const MODULES = readFileSync(REQUIREMENTS, 'utf8').split('\n')
  .map((line) => line.replace(/#.*/, '').trim()).filter(Boolean)
  .map((spec) => /^[A-Za-z0-9_.-]+/.exec(spec)?.[0] ?? spec);

function fail(message) {
  console.error(`setup:python: ${message}`);
  process.exit(1);
}

function run(command, args, options = {}) {
  return spawnSync(command, args, { encoding: 'utf8', ...options });
}

/** The modules' versions when `python` imports them all, else null. */
function installedVersions(python) {
  if (!existsSync(python)) return null;
  const probe = 'import importlib, sys\nfor m in sys.argv[1:]:\n    print(m, getattr(importlib.import_module(m), "__version__", "?"))';
  const result = run(python, ['-c', probe, ...MODULES], { timeout: 120_000 });
  return result.status === 0 ? result.stdout.trim().split('\n').join(', ') : null;
}

const ready = installedVersions(PYTHON);
if (ready) {
  console.log(`setup:python: .venv is ready (${ready})`);
  process.exit(0);
}

// A base interpreter to make the venv from: LAYERLOOM_PYTHON_BASE, else python3 (python on Windows).
const bases = process.env.LAYERLOOM_PYTHON_BASE ? [process.env.LAYERLOOM_PYTHON_BASE] : process.platform === 'win32' ? ['python', 'py'] : ['python3', 'python'];
const base = bases.find((candidate) => run(candidate, ['-c', 'import sys; assert sys.version_info >= (3, 10)']).status === 0);
if (!base) fail(`no Python 3.10 or newer found (tried ${bases.join(', ')}); install one (https://www.python.org/downloads/ or your package manager) or set LAYERLOOM_PYTHON_BASE`);

if (!existsSync(PYTHON) || run(PYTHON, ['-c', 'import pip']).status !== 0) {
  console.log(`setup:python: creating .venv with ${base}`);
  const made = run(base, ['-m', 'venv', '--clear', VENV], { stdio: ['ignore', 'inherit', 'pipe'] });
  if (made.status !== 0) {
    const why = (made.stderr ?? '').trim().split('\n').slice(-2).join(' ');
    fail(`\`${base} -m venv\` failed: ${why}${/ensurepip/.test(why) ? ' (on Debian/Ubuntu: apt-get install python3-venv)' : ''}`);
  }
}

console.log(`setup:python: pip install -r engine/python/requirements.txt into .venv (${MODULES.join(', ')})`);
const pip = run(PYTHON, ['-m', 'pip', 'install', '--disable-pip-version-check', '-r', REQUIREMENTS], { stdio: ['ignore', 'inherit', 'pipe'] });
if (pip.status !== 0) {
  const tail = (pip.stderr ?? '').trim().split('\n').slice(-4).join('\n  ');
  const offline = /Could not find a version|No matching distribution|Failed to establish|Temporary failure in name resolution|ConnectionError|Network is unreachable/i.test(pip.stderr ?? '');
  fail(`pip could not install ${MODULES.join(', ')}${offline ? ' — it cannot reach these packages (offline, or the index/wheelhouse lacks them: check PIP_INDEX_URL / PIP_FIND_LINKS)' : ''}.\n  ${tail}\n` +
    'Until it works the PyTorch reload checks of the export tests are skipped, with this reason.');
}

const versions = installedVersions(PYTHON);
if (!versions) fail(`.venv still cannot import ${MODULES.join(', ')} after pip install; delete .venv and run \`npm run setup:python\` again`);
console.log(`setup:python: .venv is ready (${versions})`);
