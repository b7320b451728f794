// How the browser e2e finds its Chromium: the order of candidates, the launch of the first that
// starts, and the one-line failure (what was tried, the fix) when none can.
import { describe, expect, it } from 'vitest';
import { browserEnv, chromiumCandidates, launchChromium, systemChromiumPaths, CHROMIUM_FIX } from './support/find-chromium.js';

describe('finding a Chromium for the browser e2e', () => {
  it('uses only LAYERLOOM_CHROMIUM when it is set, and says when it does not exist', () => {
    const candidates = chromiumCandidates({ LAYERLOOM_CHROMIUM: '/nowhere/chrome' }, 'linux', 'x64');
    expect(candidates).toEqual([{ label: 'LAYERLOOM_CHROMIUM=/nowhere/chrome', executablePath: '/nowhere/chrome', absent: 'no such file' }]);
  });

  it("tries Playwright's browsers, then the system's, then the npm package's, in that order", () => {
    const labels = chromiumCandidates({ PATH: '' }, 'linux', 'x64').map((candidate) => candidate.label);
    expect(labels[0]).toMatch(/^Playwright's Chromium/);
    expect(labels.at(-1)).toMatch(/^@sparticuz\/chromium/);
    expect(labels.length).toBeGreaterThanOrEqual(3);
  });

  it('knows the usual install paths of each platform', () => {
    expect(systemChromiumPaths('linux', '/usr/local/bin')).toEqual(expect.arrayContaining(['/usr/bin/chromium', '/usr/bin/google-chrome', '/usr/local/bin/chromium']));
    expect(systemChromiumPaths('darwin', '')).toContain('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome');
    expect(chromiumCandidates({ PATH: '' }, 'darwin', 'arm64').at(-1)).toMatchObject({ absent: 'ships Linux x64 only (this is darwin arm64)' });
  });

  it('fails with one line naming every candidate tried and the fix', async () => {
    const failure = launchChromium({ timeout: 10_000 }, [
      { label: 'A', absent: 'not installed' },
      { label: 'B', executablePath: '/bin/false' },
    ]);
    await expect(failure).rejects.toThrow(/^No Chromium could start for the browser e2e tests\. Tried: A: not installed; B: failed to start \(.+\)\. fix: /);
    const message = await failure.then(() => '', (error: Error) => error.message);
    expect(message).not.toContain('\n');
    expect(message.endsWith(CHROMIUM_FIX)).toBe(true);
  });

  it('starts the first candidate that works here', async () => {
    const { browser, label } = await launchChromium();
    try {
      console.info(`[e2e] found ${label}`);
      const page = await browser.newPage();
      await page.setContent('<p id="x">ok</p>');
      expect(await page.textContent('#x')).toBe('ok');
    } finally {
      await browser.close();
    }
  });
});

describe("the browser's environment", () => {
  it('replaces a C/POSIX locale (Chromium would call it "en-US@posix") and keeps a real one', () => {
    expect(browserEnv({ LANG: 'C.UTF-8' })['LANG']).toBe('en_US.UTF-8');
    expect(browserEnv({})['LANG']).toBe('en_US.UTF-8');
    expect(browserEnv({ LANG: 'POSIX' })['LANG']).toBe('en_US.UTF-8');
    expect(browserEnv({ LANG: 'de_DE.UTF-8' })['LANG']).toBe('de_DE.UTF-8');
  });
});

describe('the locale override', () => {
  it('drops LC_ALL and LC_MESSAGES so the real LANG wins', () => {
    const env = browserEnv({ LC_ALL: 'C', LANG: 'C' });
    expect(env).toMatchObject({ LANG: 'en_US.UTF-8' });
    expect('LC_ALL' in env).toBe(false);
  });
});
