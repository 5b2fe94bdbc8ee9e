// Active authentication (ICAO 9303 Part 11 §6.1): the chip signs our 8-byte challenge with the
// private key of DG15; RSA signatures are ISO/IEC 9796-2 scheme 1 with message recovery, ECDSA
// ones plain (r||s) with the algorithm named in DG14's ActiveAuthenticationInfo.
import { createHash, publicDecrypt, randomBytes, verify, constants, type KeyObject } from 'node:crypto';
import { swHex } from '../errors';
import { SW_OK } from '../apdu';
import type { CardSession } from '../session';
import type { SecurityInfos } from '../lds/securityInfos';
import type { AuthResult } from '../results';

const TRAILER_HASH: Record<number, string> = { 0x33: 'sha1', 0x34: 'sha256', 0x35: 'sha512', 0x36: 'sha384', 0x38: 'sha224' };
const PLAIN_ECDSA: Record<string, string> = {
  '0.4.0.127.0.7.1.1.4.1.1': 'sha1',
  '0.4.0.127.0.7.1.1.4.1.2': 'sha224',
  '0.4.0.127.0.7.1.1.4.1.3': 'sha256',
  '0.4.0.127.0.7.1.1.4.1.4': 'sha384',
  '0.4.0.127.0.7.1.1.4.1.5': 'sha512',
};

/** Checks an ISO 9796-2 scheme 1 signature over `challenge` (the recoverable part M1 plus M2 = challenge). */
export function verifyIso9796Rsa(key: KeyObject, challenge: Buffer, signature: Buffer): { ok: boolean; why: string } {
  let m: Buffer;
  try {
    m = publicDecrypt({ key, padding: constants.RSA_NO_PADDING }, signature);
  } catch (err) {
    return { ok: false, why: `the signature is not an RSA value for this key (${(err as Error).message})` };
  }
  if ((m[0] & 0xc0) !== 0x40 || (m[0] & 0x0f) !== 0x0a) return { ok: false, why: 'the recovered message does not have the ISO 9796-2 header' };
  let hash: string;
  let trailer: number;
  if (m[m.length - 1] === 0xbc) {
    hash = 'sha1';
    trailer = 1;
  } else if (m[m.length - 1] === 0xcc && TRAILER_HASH[m[m.length - 2]]) {
    hash = TRAILER_HASH[m[m.length - 2]];
    trailer = 2;
  } else {
    return { ok: false, why: 'the recovered message does not have an ISO 9796-2 trailer' };
  }
  const hashLen = createHash(hash).digest().length;
  const m1 = m.subarray(1, m.length - trailer - hashLen);
  const d = m.subarray(m.length - trailer - hashLen, m.length - trailer);
  const ok = createHash(hash).update(m1).update(challenge).digest().equals(d);
  return { ok, why: ok ? `ISO 9796-2 signature with ${hash.toUpperCase()}` : 'the signature is not over our challenge' };
}

export async function performActiveAuthentication(session: CardSession, key: KeyObject, dg14?: SecurityInfos): Promise<AuthResult> {
  const challenge = randomBytes(8);
  const r = await session.send({ cla: 0, ins: 0x88, p1: 0, p2: 0, data: challenge, le: 256 });
  if (r.sw !== SW_OK || r.data.length === 0) return { status: 'FAILED', detail: `the chip did not sign the challenge (${swHex(r.sw)})` };
  if (key.asymmetricKeyType === 'rsa') {
    const v = verifyIso9796Rsa(key, challenge, r.data);
    return { status: v.ok ? 'PASSED' : 'FAILED', detail: v.why };
  }
  if (key.asymmetricKeyType === 'ec') {
    const alg = dg14?.activeAuthentication[0]?.signatureAlgorithm;
    const hash = alg ? PLAIN_ECDSA[alg] : undefined;
    if (!hash) return { status: 'NOT_SUPPORTED', detail: `ECDSA active authentication needs a known algorithm in DG14 (found ${alg ?? 'none'})` };
    const ok = verify(hash, challenge, { key, dsaEncoding: 'ieee-p1363' }, r.data);
    return { status: ok ? 'PASSED' : 'FAILED', detail: ok ? `ECDSA signature with ${hash.toUpperCase()}` : 'the signature is not over our challenge' };
  }
  return { status: 'NOT_SUPPORTED', detail: `active authentication with a ${key.asymmetricKeyType} key is not supported` };
}
