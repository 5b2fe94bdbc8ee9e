// PACE (ICAO 9303 Part 11 §4.4) with the ECDH generic mapping: the chip's nonce, encrypted under
// a key from the MRZ, is mapped onto a fresh generator G~ = s·G + H (H from an ephemeral ECDH),
// both sides agree a key on G~, exchange tokens, and secure messaging starts with SSC = 0.
import { ChipError, swHex } from '../errors';
import { SW_OK, type ResponseApdu } from '../apdu';
import type { CardSession } from '../session';
import { deriveKey, KDF_ENC, KDF_MAC, KDF_PACE, type CipherAlg } from '../crypto/keyDerivation';
import { aesCbcZeroIv, aesCipher, tripleDesCbc, tripleDesCipher, type SmCipher } from '../crypto/smCipher';
import { aesCmac } from '../crypto/aesCmac';
import { retailMac } from '../crypto/retailMac';
import { pad } from '../crypto/padding';
import { EC_DOMAINS, bigIntToBytes, bytesToBigInt, encodePoint, type EcDomain, type EcPoint } from '../crypto/ecCurves';
import { SecureChannel } from '../sm/secureMessaging';
import { encodeTlv, readTlv, readTlvs, findTlv } from '../tlv';
import { OID, oidTlv } from '../oids';
import type { PaceInfo } from '../lds/securityInfos';
import { mrzSha1, type MrzKey } from './mrzKey';
import { WRONG_MRZ_MESSAGE } from './bac';

const CIPHER_BY_OID: Record<string, CipherAlg> = {
  [OID.PACE_ECDH_GM_3DES]: '3DES',
  [OID.PACE_ECDH_GM_AES128]: 'AES-128',
  [OID.PACE_ECDH_GM_AES192]: 'AES-192',
  [OID.PACE_ECDH_GM_AES256]: 'AES-256',
};

/** The PACEInfo this reader can run (ECDH-GM on a supported curve), best first. */
export function choosePaceInfo(infos: readonly PaceInfo[]): PaceInfo | null {
  const usable = infos.filter((i) => CIPHER_BY_OID[i.protocol] && i.parameterId !== undefined && EC_DOMAINS[i.parameterId]);
  const rank = (i: PaceInfo): number => ['3DES', 'AES-128', 'AES-192', 'AES-256'].indexOf(CIPHER_BY_OID[i.protocol]);
  return usable.sort((a, b) => rank(b) - rank(a))[0] ?? null;
}

export interface PaceOptions {
  /** Ephemeral scalars (the worked example injects its own): mapping first, then key agreement. */
  scalar?: () => bigint;
}

export function paceCipher(alg: CipherAlg, kEnc: Buffer, kMac: Buffer): SmCipher {
  return alg === '3DES' ? tripleDesCipher(kEnc, kMac) : aesCipher(alg, kEnc, kMac);
}

/** The authentication token over the other side's public key (Part 11 §4.4.3.4). */
export function paceToken(alg: CipherAlg, kMac: Buffer, protocol: string, point: Buffer): Buffer {
  const data = encodeTlv(0x7f49, oidTlv(protocol), encodeTlv(0x86, point));
  return alg === '3DES' ? retailMac(kMac, pad(data, 8), true) : aesCmac(kMac, data).subarray(0, 8);
}

export function decryptNonce(alg: CipherAlg, kPi: Buffer, z: Buffer): Buffer {
  return alg === '3DES' ? tripleDesCbc('dec', kPi, z) : aesCbcZeroIv('dec', kPi, z);
}

function dynamicData(tag: number, value?: Buffer): Buffer {
  return encodeTlv(0x7c, value === undefined ? Buffer.alloc(0) : encodeTlv(tag, value));
}

function responseObject(r: ResponseApdu, tag: number, step: string): Buffer {
  if (r.sw !== SW_OK) throw new ChipError('ACCESS_DENIED', `PACE ${step}: the card answered ${swHex(r.sw)}`, r.sw);
  const outer = readTlv(r.data);
  if (outer.tag !== 0x7c) throw new ChipError('TLV_MALFORMED', `PACE ${step}: the answer is not dynamic authentication data (7C)`);
  const inner = findTlv(readTlvs(outer.value), tag);
  if (!inner) throw new ChipError('TLV_MALFORMED', `PACE ${step}: the answer lacks tag ${tag.toString(16)}`);
  return inner.value;
}

function decodePoint(d: EcDomain, bytes: Buffer, step: string): EcPoint {
  try {
    const p = d.Point.fromBytes(bytes);
    p.assertValidity();
    return p;
  } catch {
    throw new ChipError('ACCESS_DENIED', `PACE ${step}: the chip's public key is not a point on ${d.name}`);
  }
}

/** Runs PACE with the MRZ as password and sets the session's secure channel. */
export async function performPace(session: CardSession, key: MrzKey, info: PaceInfo, options: PaceOptions = {}): Promise<SecureChannel> {
  const alg = CIPHER_BY_OID[info.protocol];
  const d = info.parameterId !== undefined ? EC_DOMAINS[info.parameterId] : undefined;
  if (!alg || !d) throw new ChipError('UNSUPPORTED', `PACE: protocol ${info.protocol} with parameters ${info.parameterId ?? 'none'} is not supported`);
  const scalar = options.scalar ?? d.randomScalar;
  const kPi = deriveKey(mrzSha1(key), KDF_PACE, alg);

  // MSE:Set AT — protocol, MRZ password (01), domain parameters.
  const mse = Buffer.concat([encodeTlv(0x80, oidTlv(info.protocol).subarray(2)), encodeTlv(0x83, Buffer.from([0x01])), encodeTlv(0x84, Buffer.from([info.parameterId as number]))]);
  const set = await session.sendPlain({ cla: 0x00, ins: 0x22, p1: 0xc1, p2: 0xa4, data: mse });
  if (set.sw !== SW_OK) throw new ChipError('UNSUPPORTED', `PACE: MSE:Set AT answered ${swHex(set.sw)}`, set.sw);

  const ga = (data: Buffer, last = false): Promise<ResponseApdu> =>
    session.sendPlain({ cla: last ? 0x00 : 0x10, ins: 0x86, p1: 0, p2: 0, data, le: 256 });

  // 1. Encrypted nonce.
  const z = responseObject(await ga(dynamicData(0x80)), 0x80, 'nonce');
  const s = bytesToBigInt(decryptNonce(alg, kPi, z));

  // 2. Map the nonce.
  const G = d.Point.BASE;
  const mapSk = scalar();
  const mapPk = G.multiply(mapSk);
  const chipMapPk = decodePoint(d, responseObject(await ga(dynamicData(0x81, encodePoint(mapPk))), 0x82, 'map nonce'), 'map nonce');
  const H = chipMapPk.multiply(mapSk);
  const mappedG = G.multiply(s).add(H);

  // 3. Key agreement on the mapped generator.
  const sk = scalar();
  const pk = mappedG.multiply(sk);
  const chipPkBytes = responseObject(await ga(dynamicData(0x83, encodePoint(pk))), 0x84, 'key agreement');
  const chipPk = decodePoint(d, chipPkBytes, 'key agreement');
  if (chipPk.equals(pk)) throw new ChipError('ACCESS_DENIED', 'PACE: the chip echoed our public key');
  const shared = bigIntToBytes(chipPk.multiply(sk).x, d.size);
  const kEnc = deriveKey(shared, KDF_ENC, alg);
  const kMac = deriveKey(shared, KDF_MAC, alg);

  // 4. Mutual authentication. A wrong MRZ gives the chip a different nonce, so its token check fails (6300).
  const tPcd = paceToken(alg, kMac, info.protocol, chipPkBytes);
  const answer = await ga(dynamicData(0x85, tPcd), true);
  if (answer.sw !== SW_OK) throw new ChipError('ACCESS_DENIED', WRONG_MRZ_MESSAGE, answer.sw);
  const tIc = responseObject(answer, 0x86, 'mutual authentication');
  if (!tIc.equals(paceToken(alg, kMac, info.protocol, encodePoint(pk)))) throw new ChipError('ACCESS_DENIED', WRONG_MRZ_MESSAGE);

  const channel = new SecureChannel(paceCipher(alg, kEnc, kMac), Buffer.alloc(alg === '3DES' ? 8 : 16));
  session.setSecureChannel(channel);
  return channel;
}
