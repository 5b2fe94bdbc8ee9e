// One way to turn anything thrown into a line of text for a log or an error field.
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/** The first line of errorMessage (stack-like or multi-line messages from native modules). */
export function errorFirstLine(err: unknown): string {
  return errorMessage(err).split('\n')[0] ?? '';
}

/** The stack where there is one (for the log of an unexpected failure), else the message. */
export function errorDetail(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
