/**
 * Every data problem the user can hit (a missing file, a truncated download, a bad archive)
 * carries the file, what is wrong and what to do, so the app can show all three
 * without parsing the message.
 */
export class CifarDataError extends Error {
  override readonly name = 'CifarDataError';
  readonly file: string;
  readonly problem: string;
  readonly fix: string;

  constructor(file: string, problem: string, fix: string, options?: { cause?: unknown }) {
    super(`${file}: ${problem}. ${fix}`, options);
    this.file = file;
    this.problem = problem;
    this.fix = fix;
  }
}
