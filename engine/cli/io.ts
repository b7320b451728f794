/** Where the CLI writes: stdout carries results (JSON lines in --json mode), stderr the rest. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Rewrites the current stderr line (progress bars); a no-op where stderr is not a terminal. */
  status(line: string): void;
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  status: (line) => { if (process.stderr.isTTY) process.stderr.write(`\r${line.padEnd(process.stderr.columns ? process.stderr.columns - 1 : 80)}`); },
};
