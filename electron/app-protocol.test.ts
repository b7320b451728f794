import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { APP_ENTRY_URL, enableAppProtocol, isAppUrl, registerAppScheme, resolveAppFile, serveAppRequest } from './app-protocol.js';
import { CONTENT_SECURITY_POLICY } from './content-security-policy.js';

const dir = mkdtempSync(path.join(tmpdir(), 'layerloom-renderer-'));
mkdirSync(path.join(dir, 'assets'));
writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Layerloom</title>');
writeFileSync(path.join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
writeFileSync(path.join(path.dirname(dir), 'secret.txt'), 'no');

describe('app protocol', () => {
  it('recognises only its own origin', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('layerloom://evil/index.html')).toBe(false);
    expect(isAppUrl('file:///index.html')).toBe(false);
    expect(isAppUrl('https://app/')).toBe(false);
    expect(isAppUrl('::')).toBe(false);
  });

  it('maps URLs into the renderer folder and never outside it', () => {
    expect(resolveAppFile(dir, 'layerloom://app/')).toBe(path.join(dir, 'index.html'));
    expect(resolveAppFile(dir, 'layerloom://app/assets/index-abc.js?v=1')).toBe(path.join(dir, 'assets', 'index-abc.js'));
    const attacks = ['../secret.txt', '%2e%2e/secret.txt', 'assets%2f..%2f..%2fsecret.txt', '..%5csecret.txt', '%2fetc%2fpasswd', 'a%00.html'];
    for (const attack of attacks) {
      const file = resolveAppFile(dir, `layerloom://app/${attack}`);
      expect(file === null || file.startsWith(dir + path.sep), attack).toBe(true);
    }
    expect(resolveAppFile(dir, 'layerloom://app/assets%2f..%2f..%2fsecret.txt')).toBeNull();
    expect(resolveAppFile(dir, 'layerloom://other/index.html')).toBeNull();
  });

  it('serves files with their type, the CSP and nosniff; 404 otherwise', async () => {
    const page = await serveAppRequest(dir, { url: APP_ENTRY_URL, method: 'GET' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('Layerloom');
    const script = await serveAppRequest(dir, { url: 'layerloom://app/assets/index-abc.js', method: 'GET' });
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    for (const request of [{ url: 'layerloom://app/missing.js', method: 'GET' }, { url: 'layerloom://app/%2e%2e/secret.txt', method: 'GET' }, { url: APP_ENTRY_URL, method: 'POST' }]) {
      const response = await serveAppRequest(dir, request);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    }
  });

  it('registers a standard, secure scheme and handles it', () => {
    const protocol = { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() };
    registerAppScheme(protocol);
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([{ scheme: 'layerloom', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
    enableAppProtocol(protocol, dir);
    expect(protocol.handle).toHaveBeenCalledWith('layerloom', expect.any(Function));
  });
});
