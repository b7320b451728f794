import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { setTimeout as sleep } from 'node:timers/promises';
import { CifarDataError } from './cifar-data-error.js';
import { importCifar10Archive } from './import-cifar10-archive.js';
import { createProgressThrottle, type DownloadProgress } from './progress-throttle.js';

export const CIFAR10_URL = 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz';
export const CIFAR10_MD5 = 'c32a1d4ab5d03f1284b67883e8d87530';
const ARCHIVE_NAME = 'cifar-10-binary.tar.gz';

export interface DownloadCifar10Options {
  /** Where the archive is downloaded and extracted; the result is `<cacheDir>/cifar-10-batches-bin`. */
  cacheDir: string;
  url?: string;
  /** Expected MD5 of the archive, hex. */
  md5?: string;
  /** Throttled: at most once per `progressIntervalMs`, plus the final state. */
  onProgress?: (progress: DownloadProgress) => void;
  signal?: AbortSignal;
  /** Extra attempts after a network failure or a server error (5xx). */
  retries?: number;
  /** Wait before retry n is n × this. */
  retryDelayMs?: number;
  progressIntervalMs?: number;
}

const IMPORT_LOCAL_FIX =
  `Download ${ARCHIVE_NAME} with a browser from https://www.cs.toronto.edu/~kriz/cifar.html and import it, ` +
  'or choose an existing cifar-10-batches-bin folder';

class HttpStatusError extends Error {
  constructor(readonly status: number, statusText: string) {
    super(`the server answered ${status}${statusText ? ` ${statusText}` : ''}`);
  }
}

/**
 * Downloads the official archive into `cacheDir`, checks its MD5, imports it and deletes
 * the archive. Returns the `cifar-10-batches-bin` folder. On failure nothing is left in
 * `cacheDir` but what was there before.
 */
export async function downloadCifar10(options: DownloadCifar10Options): Promise<string> {
  const { cacheDir, url = CIFAR10_URL, md5 = CIFAR10_MD5, retries = 2, retryDelayMs = 1000 } = options;
  await mkdir(cacheDir, { recursive: true });
  const partPath = path.join(cacheDir, `${ARCHIVE_NAME}.part`);
  const archivePath = path.join(cacheDir, ARCHIVE_NAME);
  try {
    await downloadVerified(url, partPath, md5.toLowerCase(), { ...options, retries, retryDelayMs });
    await rename(partPath, archivePath);
    return await importCifar10Archive(archivePath, cacheDir);
  } finally {
    await rm(partPath, { force: true });
    await rm(archivePath, { force: true });
  }
}

async function downloadVerified(
  url: string,
  partPath: string,
  md5: string,
  options: DownloadCifar10Options & { retries: number; retryDelayMs: number },
): Promise<void> {
  let failedAttempts = 0;
  let checksumFailures = 0;
  for (;;) {
    options.signal?.throwIfAborted();
    let digest: string;
    try {
      digest = await downloadOnce(url, partPath, options);
    } catch (error) {
      if (options.signal?.aborted || !isRetryable(error) || failedAttempts >= options.retries) {
        throw describeDownloadError(url, error, failedAttempts + 1, options.signal);
      }
      failedAttempts++;
      await rm(partPath, { force: true });
      await sleep(options.retryDelayMs * failedAttempts, undefined, { signal: options.signal });
      continue;
    }
    if (digest === md5) return;
    await rm(partPath, { force: true });
    // One clean retry: a flaky proxy or a cut-short cache can corrupt one download, rarely two.
    if (checksumFailures++ === 0) continue;
    throw new CifarDataError(
      url,
      `the downloaded file's MD5 checksum is ${digest} but ${md5} was expected (wrong twice in a row), ` +
        'so the download is damaged or the server sent a different file',
      IMPORT_LOCAL_FIX,
    );
  }
}

async function downloadOnce(url: string, partPath: string, options: DownloadCifar10Options): Promise<string> {
  const response = await fetch(url, { signal: options.signal });
  if (!response.ok) {
    await response.body?.cancel();
    throw new HttpStatusError(response.status, response.statusText);
  }
  if (!response.body) throw new Error('the server sent no data');
  const lengthHeader = response.headers.get('content-length');
  const totalBytes = lengthHeader !== null && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : null;
  const progress = createProgressThrottle(options.onProgress, options.progressIntervalMs);
  const hash = createHash('md5');
  let receivedBytes = 0;
  progress.update({ receivedBytes, totalBytes });
  await pipeline(
    Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>),
    async function* measure(chunks: AsyncIterable<Uint8Array>) {
      for await (const chunk of chunks) {
        hash.update(chunk);
        receivedBytes += chunk.length;
        progress.update({ receivedBytes, totalBytes });
        yield chunk;
      }
    },
    createWriteStream(partPath),
    { signal: options.signal },
  );
  progress.finish({ receivedBytes, totalBytes });
  if (totalBytes !== null && receivedBytes !== totalBytes) {
    throw new Error(`the connection ended after ${receivedBytes} of ${totalBytes} bytes`);
  }
  return hash.digest('hex');
}

/** Local disk problems; trying the network again cannot fix them. */
const LOCAL_FILE_ERRORS = new Set(['ENOSPC', 'EDQUOT', 'EACCES', 'EPERM', 'EROFS']);

function isRetryable(error: unknown): boolean {
  if (error instanceof HttpStatusError) return error.status >= 500 || error.status === 408 || error.status === 429;
  if (LOCAL_FILE_ERRORS.has((error as NodeJS.ErrnoException).code ?? '')) return false;
  return !(error instanceof CifarDataError);
}

function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // fetch hides the useful part ("ECONNREFUSED …") in the cause.
  return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
}

function describeDownloadError(url: string, error: unknown, attempts: number, signal?: AbortSignal): unknown {
  if (signal?.aborted || error instanceof CifarDataError) return error;
  const reason = reasonOf(error);
  const cause = { cause: error };
  if (LOCAL_FILE_ERRORS.has((error as NodeJS.ErrnoException).code ?? '')) {
    const fix = 'Free disk space or choose a data folder you can write to';
    return new CifarDataError(url, `the download could not be saved: ${reason}`, fix, cause);
  }
  if (error instanceof HttpStatusError && !isRetryable(error)) {
    const fix = `The address may be wrong or moved. ${IMPORT_LOCAL_FIX}`;
    return new CifarDataError(url, `the download failed: ${reason}`, fix, cause);
  }
  const tries = attempts === 1 ? '' : ` (tried ${attempts} times)`;
  const fix = `Check the internet connection and try again. ${IMPORT_LOCAL_FIX}`;
  return new CifarDataError(url, `the download failed${tries}: ${reason}`, fix, cause);
}
