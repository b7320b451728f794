/** What a failed action shows the user: the engine's message and, when it gave one, its fix. */
export function errorReason(error: unknown): { message: string; fix: string } {
  const fix = (error as { fix?: unknown } | null)?.fix;
  return { message: error instanceof Error ? error.message : String(error), fix: typeof fix === 'string' ? fix : '' };
}
