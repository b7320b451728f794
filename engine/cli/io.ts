/** Where the CLI writes: stdout carries results (JSON lines in --json mode), stderr the rest. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Rewrites the current stderr line (progress bars); a no-op where stderr is not a terminal. */
  status(line: string): void;
}

let statusShown = false;
const width = () => (process.stderr.columns ? process.stderr.columns - 1 : 79);

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => {
    // A progress line has no newline yet: blank it so the message starts clean.
    if (statusShown) process.stderr.write(`\r${' '.repeat(width())}\r`);
    statusShown = false;
    process.stderr.write(`${line}\n`);
  },
  status: (line) => {
    if (!process.stderr.isTTY) return;
    statusShown = true;
    process.stderr.write(`\r${line.slice(0, width()).padEnd(width())}`);
  },
};

/** Prints a failure as the mode expects (a JSON error line, or the message and its fix) and gives exit code 1. */
export function reportFailure(reply: { message: string; fix: string }, json: boolean, io: CliIo): number {
  if (json) io.out(JSON.stringify({ type: 'error', ...reply }));
  else io.err(`✗ ${reply.message}\n  fix: ${reply.fix}`);
  return 1;
}
