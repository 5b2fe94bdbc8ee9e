// The errors the staff service raises, each with a code an IPC handler can pass on as it is.
// Messages are written for the person at the station: they never carry a PIN, a hash, a token or a
// file path (the path of a damaged store goes to the log and to `status().store`, for IT).
export const STAFF_ERROR_CODES = [
  /** The request does not match its schema (wrong types, too long, a PIN too short...). */
  'INVALID_REQUEST',
  /** Wrong name or PIN (one answer for both, so names cannot be probed); `attemptsLeft` before a lock. */
  'WRONG_PIN',
  /** The station is locked after too many wrong PINs; `retryAfterSeconds` says for how long. */
  'LOCKED',
  /** No staff session, or not this one (signed out, timed out, replaced). */
  'NOT_SIGNED_IN',
  /** Signed in, but the role may not do this (or it would remove the last admin, or oneself). */
  'NOT_ALLOWED',
  /** First-admin creation after an admin exists. */
  'FIRST_ADMIN_EXISTS',
  /** Another account already has this sign-in name. */
  'NAME_TAKEN',
  'UNKNOWN_ACCOUNT',
  /** The accounts file cannot be read (damaged, or written by a newer build): nothing was changed. */
  'STORE_CORRUPT',
  /** The accounts file could not be read or written (disk, permissions). */
  'STORE_IO',
] as const;
export type StaffErrorCode = (typeof STAFF_ERROR_CODES)[number];

export class StaffError extends Error {
  override name = 'StaffError';
  constructor(
    readonly code: StaffErrorCode,
    message: string,
    readonly details: { attemptsLeft?: number; retryAfterSeconds?: number } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
