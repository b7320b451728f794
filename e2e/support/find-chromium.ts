import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';

/**
 * A Chromium for the browser e2e, found without the system's help: a newcomer's
 * `npm install && npm test` must work with Node alone. Candidates in order:
 *   1. LAYERLOOM_CHROMIUM (the user's explicit choice: used or reported, never passed over),
 *   2. Playwright's own browsers (after `npx playwright install chromium`),
 *   3. a system Chrome/Chromium on the usual paths of Linux, macOS and Windows,
 *   4. the Chromium inside the `@sparticuz/chromium` devDependency (Linux x64 only).
 * The first that starts wins; when none does, one line says what was tried and the fix.
 */

export interface ChromiumCandidate {
  /** What it is, as the failure line names it. */
  label: string;
  /** Undefined for Playwright's own browsers: playwright-core then picks its headless shell. */
  executablePath?: string | undefined;
  /** Set when the candidate is not even present, with why. */
  absent?: string;
  /** Resolved lazily: unpacking the npm package's Chromium takes a few seconds. */
  resolve?: () => Promise<string>;
}

export const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export const CHROMIUM_FIX =
  'fix: run `npm install` (it brings the @sparticuz/chromium devDependency on Linux x64), or `npx playwright install chromium`, or install Chrome/Chromium, or set LAYERLOOM_CHROMIUM=/path/to/chrome';

const SYSTEM_PATHS: Record<string, string[]> = {
  linux: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium', '/opt/google/chrome/chrome'],
  darwin: [
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
    join(homedir(), 'Applications/Google Chrome.app/Contents/MacOS/Google Chrome'),
    join(homedir(), 'Applications/Chromium.app/Contents/MacOS/Chromium'),
  ],
  win32: [process.env['PROGRAMFILES'], process.env['PROGRAMFILES(X86)'], process.env['LOCALAPPDATA']]
    .filter((dir): dir is string => Boolean(dir))
    .flatMap((dir) => [join(dir, 'Google/Chrome/Application/chrome.exe'), join(dir, 'Chromium/Application/chrome.exe')]),
};

/** Names a Linux distribution puts on PATH when its browser lives elsewhere (e.g. /usr/local/bin). */
const PATH_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

export function systemChromiumPaths(platform: NodeJS.Platform = process.platform, pathEnv = process.env['PATH'] ?? ''): string[] {
  const paths = [...(SYSTEM_PATHS[platform] ?? [])];
  if (platform === 'linux') {
    for (const dir of pathEnv.split(delimiter).filter(Boolean)) {
      for (const name of PATH_NAMES) paths.push(join(dir, name));
    }
  }
  return [...new Set(paths)];
}

function playwrightCandidate(): ChromiumCandidate {
  const label = "Playwright's Chromium";
  // The headless shell (what playwright-core launches for headless runs) or the full browser,
  // whichever `npx playwright install chromium` put in Playwright's cache.
  const installed = playwrightExecutables().filter((path) => existsSync(path));
  if (installed.length === 0) return { label, absent: 'not installed (`npx playwright install chromium`)' };
  return { label: `${label} (${installed[0]})` };
}

interface PlaywrightRegistry { findExecutable(name: string): { executablePath(language: string): string | undefined } | undefined }

function playwrightExecutables(): string[] {
  const paths = [chromium.executablePath()];
  try {
    // playwright-core's own registry knows the headless shell's path; it is not public API, so
    // fall back to the full browser's path (public) when its shape changes.
    const bundle = createRequire(import.meta.url)('playwright-core/lib/coreBundle') as { registry?: { registry?: PlaywrightRegistry } };
    const shell = bundle.registry?.registry?.findExecutable('chromium-headless-shell')?.executablePath('javascript');
    if (shell) paths.unshift(shell);
  } catch { /* older or newer layout: the public path above still counts */ }
  return paths;
}

function npmPackageCandidate(platform: NodeJS.Platform, arch: string): ChromiumCandidate {
  const label = '@sparticuz/chromium';
  if (platform !== 'linux' || arch !== 'x64') return { label, absent: `ships Linux x64 only (this is ${platform} ${arch})` };
  let packageDir: string;
  try {
    // Its exports map hides package.json: find the package through its entry point.
    const entry = createRequire(import.meta.url).resolve('@sparticuz/chromium');
    packageDir = entry.slice(0, entry.lastIndexOf('@sparticuz/chromium') + '@sparticuz/chromium'.length);
  } catch {
    return { label, absent: 'not installed (run `npm install`)' };
  }
  return {
    label: `${label} (${packageDir})`,
    resolve: () => unpackedChromium(packageDir),
  };
}

/**
 * The package unpacks its brotli'd binary to <tmp>/chromium once and reuses whatever is there,
 * even a copy left by an older version of the package: unpack again when the major differs.
 */
async function unpackedChromium(packageDir: string): Promise<string> {
  const { default: packaged } = await import('@sparticuz/chromium');
  const wanted = (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string }).version.split('.')[0];
  const path = await packaged.executablePath();
  const found = /(\d+)\./.exec(spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 30_000 }).stdout ?? '')?.[1];
  if (found === wanted) return path;
  rmSync(path, { force: true });
  return packaged.executablePath();
}

export function chromiumCandidates(env: NodeJS.ProcessEnv = process.env, platform = process.platform, arch = process.arch): ChromiumCandidate[] {
  const explicit = env['LAYERLOOM_CHROMIUM'];
  if (explicit) {
    return [{ label: `LAYERLOOM_CHROMIUM=${explicit}`, executablePath: explicit, ...(existsSync(explicit) ? {} : { absent: 'no such file' }) }];
  }
  const system = systemChromiumPaths(platform, env['PATH'] ?? '');
  const present = system.filter((path) => existsSync(path));
  return [
    playwrightCandidate(),
    ...(present.length > 0
      ? present.map((path) => ({ label: path, executablePath: path }))
      : [{ label: 'system Chrome/Chromium', absent: `none at ${system.length} usual paths (e.g. ${system.slice(0, 2).join(', ')})` }]),
    npmPackageCandidate(platform, arch),
  ];
}

/**
 * A C/POSIX environment (containers, CI) gives Chromium the locale "en-US@posix", which Intl in
 * the page refuses ("Invalid language tag"); a real locale keeps the app's number formats working.
 */
export function browserEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const locale = env['LC_ALL'] || env['LC_MESSAGES'] || env['LANG'] || '';
  if (!/^(C|POSIX)?([.@].*)?$/i.test(locale)) return env;
  const { LC_ALL: _all, LC_MESSAGES: _messages, ...rest } = env;
  return { ...rest, LANG: 'en_US.UTF-8' };
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n').find((line) => line.trim() !== '') ?? message).trim().slice(0, 200);
}

/** Launches the first candidate that starts; throws one line naming each one tried and the fix. */
export async function launchChromium(options: LaunchOptions = {}, candidates = chromiumCandidates()): Promise<{ browser: Browser; label: string }> {
  const tried: string[] = [];
  for (const candidate of candidates) {
    if (candidate.absent) {
      tried.push(`${candidate.label}: ${candidate.absent}`);
      continue;
    }
    try {
      const executablePath = candidate.resolve ? await candidate.resolve() : candidate.executablePath;
      const browser = await chromium.launch({ headless: true, args: LAUNCH_ARGS, env: browserEnv(), ...options, ...(executablePath ? { executablePath } : {}) });
      return { browser, label: executablePath ? `${candidate.label} → ${executablePath}` : candidate.label };
    } catch (error) {
      tried.push(`${candidate.label}: failed to start (${firstLine(error)})`);
    }
  }
  throw new Error(`No Chromium could start for the browser e2e tests. Tried: ${tried.join('; ')}. ${CHROMIUM_FIX}`);
}
