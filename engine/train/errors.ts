/** A training failure the user can act on: what happened and what to change. */
export class TrainingError extends Error {
  constructor(message: string, readonly fix: string) {
    super(message);
    this.name = 'TrainingError';
  }
}
