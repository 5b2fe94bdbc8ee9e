// The reference a person can quote for their verification, before any staff decision (the
// unattended done screen) and after it (the staff report shows the same one). It is derived from
// the IDV session id, so it names the session without revealing the id (which stays in main):
// "V-" and 10 Crockford base32 characters (50 bits of SHA-256), in two groups for reading aloud.
// IT finds the session by computing the same reference over the session ids in the audit export.
import { createHash } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function sessionReference(sessionId: string): string {
  const digest = createHash('sha256').update(`doc-scan-kiosk/session-reference/${sessionId}`, 'utf8').digest();
  let bits = 0n;
  for (let i = 0; i < 7; i++) bits = (bits << 8n) | BigInt(digest[i] ?? 0);
  let out = '';
  for (let i = 0; i < 10; i++) out += CROCKFORD[Number((bits >> BigInt(56 - 5 * (i + 1))) & 31n)];
  return `V-${out.slice(0, 5)}-${out.slice(5)}`;
}
