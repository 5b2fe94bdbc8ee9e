// Yoti's web client contract with its parent window (developers.yoti.com, "Launch the user view"):
// the page says STARTED, a parent that loaded it bare answers INIT_SESSION with the session, and
// the page ends with {eventType: SUCCESS} or {eventType: ERROR, eventCode}. The codes below are
// Yoti's documented web error codes; `describeYotiCode` gives each one in words.
// Pure: no DOM, so the kiosk's main process and the tests use the same table.

export const YOTI_ERROR_CODES = {
  UNAUTHORISED: 2000,
  SESSION_NOT_FOUND: 2001,
  SESSION_EXPIRED: 2002,
  NO_SESSION_TOKEN: 2003,
  NO_SESSION_ID: 2004,
  SERVICE_UNAVAILABLE: 3000,
  NO_NETWORK: 3002,
  CAMERA_PERMISSION_DENIED: 4000,
  DOCUMENT_MISMATCH_OR_ATTEMPTS: 4001,
  NO_CAMERA: 5000,
  NO_LIVENESS_TRIES: 5002,
  INTERNAL: 5004,
  LIVENESS_FAILED: 5006,
  UNSUPPORTED_CONFIGURATION: 5008,
  CAMERA_FAILED: 5010,
  NO_REQUIRED_DOCUMENTS: 7000,
} as const;
export type YotiErrorCode = (typeof YOTI_ERROR_CODES)[keyof typeof YOTI_ERROR_CODES];

const DESCRIPTIONS: Record<YotiErrorCode, string> = {
  2000: 'Unauthorised request (wrong or expired session token)',
  2001: 'Session not found',
  2002: 'Session expired',
  2003: 'Launched without a session token',
  2004: 'Launched without a session ID',
  3000: 'The verification service is down or could not process the request',
  3002: 'No network connection',
  4000: 'Camera permission was not granted',
  4001: 'The document did not match the selection, or no attempts were left',
  5000: 'No camera, and uploading a file is not allowed',
  5002: 'No more tries for the liveness capture',
  5004: 'Unexpected internal error',
  5006: 'Unexpected liveness error',
  5008: 'Unsupported session configuration',
  5010: 'Camera access failed and no other capture method is allowed',
  7000: 'The person did not have a required document',
};

/** Yoti's code in words; an unknown code is named as such (Yoti may add codes). */
export function describeYotiCode(code: number): string {
  return (DESCRIPTIONS as Record<number, string>)[code] ?? `Unknown error code ${code}`;
}

export type ParentEvent = { eventType: 'SUCCESS' } | { eventType: 'ERROR'; eventCode: YotiErrorCode };
export const STARTED_EVENT = { eventType: 'STARTED' } as const;

export interface LaunchParams {
  sessionId: string;
  sessionToken: string;
}

/** A session id or token: what the client API accepts in a path and a bearer header. */
const SESSION_ID = /^[A-Za-z0-9_-]{1,128}$/;
const SESSION_TOKEN = /^[A-Za-z0-9._~+/=-]{16,512}$/;

export type LaunchResult =
  | { kind: 'launch'; params: LaunchParams }
  | { kind: 'wait' }
  | { kind: 'error'; code: YotiErrorCode };

/**
 * The URL method: `?sessionID=…&sessionToken=…`. Neither parameter → wait for the parent's
 * INIT_SESSION (or, with no parent, fail 2004); one without the other → Yoti's 2003 / 2004.
 */
export function launchFromQuery(search: string, framed: boolean): LaunchResult {
  const q = new URLSearchParams(search);
  const id = q.get('sessionID') ?? q.get('sessionId');
  const token = q.get('sessionToken');
  if (id === null && token === null) return framed ? { kind: 'wait' } : { kind: 'error', code: 2004 };
  if (id === null || !SESSION_ID.test(id)) return { kind: 'error', code: 2004 };
  if (token === null || !SESSION_TOKEN.test(token)) return { kind: 'error', code: 2003 };
  return { kind: 'launch', params: { sessionId: id, sessionToken: token } };
}

/** The postMessage method: `{eventType: 'INIT_SESSION', sessionID, sessionToken}` from the parent. */
export function launchFromMessage(data: unknown): LaunchResult | null {
  if (!data || typeof data !== 'object') return null;
  const d = data as Record<string, unknown>;
  if (d.eventType !== 'INIT_SESSION') return null;
  const id = d.sessionID ?? d.sessionId;
  const token = d.sessionToken;
  if (typeof id !== 'string' || !SESSION_ID.test(id)) return { kind: 'error', code: 2004 };
  if (typeof token !== 'string' || !SESSION_TOKEN.test(token)) return { kind: 'error', code: 2003 };
  return { kind: 'launch', params: { sessionId: id, sessionToken: token } };
}

/** What the kiosk (or any parent) reads back: a SUCCESS or an ERROR with a known code, else null. */
export function parseParentEvent(data: unknown): ParentEvent | { eventType: 'STARTED' } | null {
  if (!data || typeof data !== 'object') return null;
  const d = data as Record<string, unknown>;
  if (d.eventType === 'SUCCESS') return { eventType: 'SUCCESS' };
  if (d.eventType === 'STARTED') return STARTED_EVENT;
  if (d.eventType === 'ERROR' && typeof d.eventCode === 'number' && Number.isInteger(d.eventCode))
    return { eventType: 'ERROR', eventCode: d.eventCode as YotiErrorCode };
  return null;
}

/** A client API answer that failed, as Yoti's code: the status and the service's error code. */
export function codeForApiError(status: number, code: string | null): YotiErrorCode {
  // Yoti's 2000 is "wrong or expired session token": every bearer refusal.
  if (status === 401) return 2000;
  if (status === 403 || status === 404) return 2001;
  if (code === 'SESSION_CLOSED') return 2002;
  if (code === 'NO_ATTEMPTS_REMAINING' || code === 'DOCUMENT_NOT_ACCEPTED') return 4001;
  if (status === 0) return 3002;
  if (status >= 500) return 3000;
  return 5004;
}
