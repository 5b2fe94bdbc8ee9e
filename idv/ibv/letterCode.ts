// What the IBV letter's QR code holds: the session id and a one-time code. The code is random,
// stored only as a hash, works once, and only for a branch station registered for the session's
// business that signs its request with its own key: the QR alone opens nothing.
export const LETTER_QR_PREFIX = 'IDVLOCAL-IBV:1:';

export interface LetterQr {
  sessionId: string;
  code: string;
}

export function letterQrText(qr: LetterQr): string {
  return `${LETTER_QR_PREFIX}${qr.sessionId}:${qr.code}`;
}

/** The QR's text read back; null when it is not an IBV letter code of this service. */
export function parseLetterQr(text: string): LetterQr | null {
  if (typeof text !== 'string' || !text.startsWith(LETTER_QR_PREFIX) || text.length > 200) return null;
  const match = /^([0-9a-f-]{36}):([A-Za-z0-9_-]{32})$/.exec(text.slice(LETTER_QR_PREFIX.length));
  return match ? { sessionId: match[1], code: match[2] } : null;
}
