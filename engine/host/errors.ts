import type { ErrorReply } from './contract.js';

/** A request that failed for a reason the user can act on. */
export class EngineError extends Error {
  constructor(message: string, readonly fix: string) {
    super(message);
    this.name = 'EngineError';
  }
}

/**
 * Every engine error class carries a `fix`; anything else is a bug, reported as such so the
 * user still gets a sentence instead of a stack trace.
 */
export function toErrorReply(error: unknown): ErrorReply {
  if (error instanceof Error) {
    const fix = (error as { fix?: unknown }).fix;
    if (typeof fix === 'string') return { message: stripFix(error.message, fix), fix };
    return { message: error.message, fix: 'This looks like a bug in Layerloom; please report it with the steps that led here.' };
  }
  return { message: String(error), fix: 'This looks like a bug in Layerloom; please report it.' };
}

function stripFix(message: string, fix: string): string {
  return message.endsWith(fix) ? message.slice(0, -fix.length).trimEnd() : message;
}

/** The error a transport's client raises from an error reply: message and fix kept apart. */
export function fromErrorReply(reply: ErrorReply): EngineError {
  return new EngineError(reply.message, reply.fix);
}
