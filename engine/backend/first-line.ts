/**
 * First line of an error message: native-addon and loader errors carry a require stack and
 * paths on later lines, which would swamp a one-line reason shown to the user.
 */
export function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return (text.split('\n')[0] ?? '').trim() || 'unknown error';
}
