export type AuditErrorCode =
  /** No audit log at the path given. */
  | 'LOG_NOT_FOUND'
  /** The file is not an audit log, or SQLite finds it damaged. */
  | 'LOG_CORRUPT'
  /** Another process holds the file's lock for longer than the busy timeout. */
  | 'LOG_BUSY'
  /** A key that is not 32 bytes (or a key file that holds no key). */
  | 'KEY_INVALID'
  /** The key is not the one the log was created with. */
  | 'KEY_MISMATCH'
  /** A decision or a setting outside the schema. */
  | 'INVALID_INPUT'
  /** The log fails verification, so the purge that would remove evidence is refused. */
  | 'LOG_BROKEN'
  | 'LOG_CLOSED'
  | 'IO_FAILED';

export class AuditError extends Error {
  override readonly name = 'AuditError';
  constructor(
    readonly code: AuditErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
