// Chip authentication (ICAO 9303 Part 11 §6.2, CA with ECDH and AES): an ephemeral ECDH with the
// chip's static DG14 key; the chip proves it holds the private key by carrying on secure
// messaging under keys derived from the shared secret (SSC 0). A cloned chip (copied data, no
// key) cannot. The caller confirms with the next protected command.
import { createECDH } from 'node:crypto';
import { ChipError, swHex } from '../errors';
import { SW_OK } from '../apdu';
import type { CardSession } from '../session';
import { deriveKey, KDF_ENC, KDF_MAC, type CipherAlg } from '../crypto/keyDerivation';
import { aesCipher, tripleDesCipher } from '../crypto/smCipher';
import { SecureChannel } from '../sm/secureMessaging';
import { encodeTlv } from '../tlv';
import { OID, oidTlv } from '../oids';
import type { SecurityInfos } from '../lds/securityInfos';
import { publicKeyFromSpki } from '../pa/signatures';
import type { AuthResult } from '../results';

const CA_CIPHERS: Record<string, CipherAlg> = {
  [OID.CA_ECDH_AES128]: 'AES-128',
  [OID.CA_ECDH_AES192]: 'AES-192',
  [OID.CA_ECDH_AES256]: 'AES-256',
};

export type CaAttempt = { started: false; result: AuthResult } | { started: true };

/** Runs CA when DG14 offers a variant this reader supports. The session's channel is switched. */
export async function performChipAuthentication(session: CardSession, dg14: SecurityInfos): Promise<CaAttempt> {
  const info = dg14.chipAuthentication.find((i) => CA_CIPHERS[i.protocol]);
  if (!info) {
    const offered = dg14.chipAuthentication.map((i) => i.protocol).join(', ');
    return { started: false, result: { status: 'NOT_SUPPORTED', detail: offered ? `chip authentication ${offered} is not supported (ECDH with AES is)` : 'DG14 offers no chip authentication' } };
  }
  const pk = dg14.chipAuthenticationPublicKeys.find((k) => k.protocol === OID.PK_ECDH && (info.keyId === undefined || k.keyId === info.keyId));
  if (!pk) return { started: false, result: { status: 'NOT_SUPPORTED', detail: 'DG14 has no ECDH chip authentication public key' } };
  let curve: string | undefined;
  let point: Buffer;
  try {
    const key = publicKeyFromSpki(pk.subjectPublicKeyInfo);
    curve = key.asymmetricKeyDetails?.namedCurve;
    const jwk = key.export({ format: 'jwk' });
    point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x as string, 'base64url'), Buffer.from(jwk.y as string, 'base64url')]);
  } catch (err) {
    return { started: false, result: { status: 'NOT_SUPPORTED', detail: `the DG14 chip authentication key is not usable: ${(err as Error).message}` } };
  }
  if (!curve) return { started: false, result: { status: 'NOT_SUPPORTED', detail: 'the DG14 key uses explicit domain parameters, which are not supported' } };
  const alg = CA_CIPHERS[info.protocol];
  const ecdh = createECDH(curve);
  const ephemeral = ecdh.generateKeys();
  const shared = ecdh.computeSecret(point);
  const mse = Buffer.concat([encodeTlv(0x80, oidTlv(info.protocol).subarray(2)), ...(info.keyId !== undefined ? [encodeTlv(0x84, Buffer.from([info.keyId]))] : [])]);
  const set = await session.send({ cla: 0, ins: 0x22, p1: 0x41, p2: 0xa4, data: mse });
  if (set.sw !== SW_OK) return { started: false, result: { status: 'FAILED', detail: `the chip refused chip authentication (MSE:Set AT ${swHex(set.sw)})` } };
  const ga = await session.send({ cla: 0, ins: 0x86, p1: 0, p2: 0, data: encodeTlv(0x7c, encodeTlv(0x80, ephemeral)), le: 256 });
  if (ga.sw !== SW_OK) return { started: false, result: { status: 'FAILED', detail: `the chip refused chip authentication (GENERAL AUTHENTICATE ${swHex(ga.sw)})` } };
  const cipher = alg === '3DES' ? tripleDesCipher(deriveKey(shared, KDF_ENC, alg), deriveKey(shared, KDF_MAC, alg)) : aesCipher(alg, deriveKey(shared, KDF_ENC, alg), deriveKey(shared, KDF_MAC, alg));
  session.setSecureChannel(new SecureChannel(cipher, Buffer.alloc(16)));
  return { started: true };
}

export function chipAuthenticationFailed(err: unknown): AuthResult {
  const why = err instanceof ChipError ? err.message : String(err);
  return { status: 'FAILED', detail: `the chip did not continue under the chip authentication keys (${why}): it may not hold the DG14 private key` };
}
