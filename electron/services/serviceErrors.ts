// Errors the kiosk services raise, each mapping to one IPC error code. Messages are written for
// the person at the kiosk or the staff member and never include tokens, ids or file paths.
import type { IpcErrorCode } from '../../common/ipc/contract';

export class KioskServiceError extends Error {
  override name = 'KioskServiceError';
  constructor(
    readonly code: IpcErrorCode,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** The service could not be reached (network down, refused, timed out, 5xx). Retrying may help. */
export class ServiceUnreachableError extends KioskServiceError {
  override name = 'ServiceUnreachableError';
  constructor(message: string, status?: number) {
    super('SERVICE_UNREACHABLE', message, status);
  }
}

/** The service answered and said no (4xx). Retrying the same request will not help. */
export class RejectedByServiceError extends KioskServiceError {
  override name = 'RejectedByServiceError';
  constructor(
    message: string,
    status: number,
    readonly serviceCode: string | null,
    /** The service's own message, for main's log only (it may name the session). */
    readonly serviceMessage: string | null = null,
  ) {
    super(status === 401 || status === 410 ? 'SESSION_EXPIRED' : 'REJECTED_BY_SERVICE', message, status);
  }
}

export function isRetryable(err: unknown): boolean {
  return err instanceof ServiceUnreachableError;
}
