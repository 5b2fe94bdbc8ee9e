// What the kiosk says when the verification service refuses a request: its own words, chosen by
// the service's error code. The service's message is never passed on to the screen: it may name
// the session ("Session 3f2… was already submitted") or other internals. Main logs it instead.
const SAFE_CODE = /^[A-Z][A-Z0-9_]{1,63}$/;

const WORDS: Record<string, string> = {
  NO_ATTEMPTS_REMAINING:
    'No tries are left for this document. Use the photo as it is, or ask a member of staff.',
  SESSION_SUBMITTED: 'This session has already been sent for checking.',
  ALREADY_SUBMITTED: 'This session has already been sent for checking.',
  SESSION_CLOSED: 'This session has ended. Please start again.',
  UNKNOWN_COUNTRY: 'That country is not accepted by the verification service.',
  UNKNOWN_DOCUMENT_TYPE: 'That kind of document is not accepted by the verification service.',
  DOCUMENT_TYPE_NOT_ISSUED: 'That country does not issue this kind of document.',
  DOCUMENT_NOT_ACCEPTED: 'This document is not accepted for this check.',
  PAGE_NOT_ON_DOCUMENT: 'This document does not have that page.',
  UNKNOWN_PAGE: 'This document does not have that page.',
  NOT_AN_IMAGE: 'The photo could not be read. Please take it again.',
  CORRUPT_IMAGE: 'The photo could not be read. Please take it again.',
  TRUNCATED_IMAGE: 'The photo did not arrive whole. Please take it again.',
  EMPTY_IMAGE: 'The photo was empty. Please take it again.',
  UNSUPPORTED_MEDIA_TYPE: 'The photo is in a format the service does not take.',
  PAYLOAD_TOO_LARGE: 'The photo is too large for the service.',
  TOO_MANY_FRAMES: 'Too many photos of the face were sent.',
  LIVENESS_NOT_REQUESTED: 'This check does not need a photo of the face.',
  INVALID_MRZ: 'The scanner read something that is not a machine readable zone.',
  IDEMPOTENCY_KEY_REUSED: 'The kiosk sent two different requests under one key; please start again.',
  CHECK_NOT_WAITING: 'This check has already been decided.',
  WRONG_REVIEWER: 'This check is waiting for another kind of review.',
  REASON_REQUIRED: 'A rejection needs a reason.',
};

/** The kiosk's message for a refusal; the code is named when it is a plain code, nothing else of the answer. */
export function refusalMessage(serviceCode: string | null, status: number, service = 'The verification service'): string {
  if (serviceCode && WORDS[serviceCode]) return WORDS[serviceCode];
  if (status === 401 || status === 410) return 'The session has expired. Please start again.';
  return `${service} refused the request${codeSuffix(serviceCode)}.`;
}

/** " (CODE)" when the service's code is a plain code, else nothing: no other part of its answer. */
export function codeSuffix(serviceCode: string | null): string {
  return serviceCode && SAFE_CODE.test(serviceCode) ? ` (${serviceCode})` : '';
}
