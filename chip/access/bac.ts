// Basic Access Control (ICAO 9303 Part 11 §4.3): mutual authentication with 3DES keys derived
// from the MRZ, then 3DES secure messaging with session keys from both sides' key material.
import { randomBytes } from 'node:crypto';
import { ChipError, swHex } from '../errors';
import { SW_OK } from '../apdu';
import type { CardSession } from '../session';
import { deriveKey, KDF_ENC, KDF_MAC } from '../crypto/keyDerivation';
import { retailMac } from '../crypto/retailMac';
import { tripleDesCbc, tripleDesCipher } from '../crypto/smCipher';
import { SecureChannel } from '../sm/secureMessaging';
import { mrzSha1, type MrzKey } from './mrzKey';

export const WRONG_MRZ_MESSAGE = 'this MRZ does not open this chip';

export interface BacKeys {
  kEnc: Buffer;
  kMac: Buffer;
}

export function bacKeys(key: MrzKey): BacKeys {
  const seed = mrzSha1(key).subarray(0, 16);
  return { kEnc: deriveKey(seed, KDF_ENC, '3DES'), kMac: deriveKey(seed, KDF_MAC, '3DES') };
}

export interface BacOptions {
  /** Source of RND.IFD and K.IFD (the worked example injects its values). */
  random?: (n: number) => Buffer;
}

function xor(a: Buffer, b: Buffer): Buffer {
  return Buffer.from(a.map((v, i) => v ^ b[i]));
}

/** Runs BAC and sets the session's secure channel. */
export async function performBac(session: CardSession, key: MrzKey, options: BacOptions = {}): Promise<SecureChannel> {
  const random = options.random ?? randomBytes;
  const { kEnc, kMac } = bacKeys(key);
  const challenge = await session.sendPlain({ cla: 0x00, ins: 0x84, p1: 0, p2: 0, le: 8 });
  if (challenge.sw !== SW_OK || challenge.data.length !== 8) {
    throw new ChipError('UNSUPPORTED', `BAC: GET CHALLENGE answered ${swHex(challenge.sw)}`, challenge.sw);
  }
  const rndIc = challenge.data;
  const rndIfd = random(8);
  const kIfd = random(16);
  const eIfd = tripleDesCbc('enc', kEnc, Buffer.concat([rndIfd, rndIc, kIfd]));
  const mIfd = retailMac(kMac, eIfd);
  const auth = await session.sendPlain({ cla: 0x00, ins: 0x82, p1: 0, p2: 0, data: Buffer.concat([eIfd, mIfd]), le: 40 });
  // 6300 / 6982 / 6A80 etc.: the chip could not verify our cryptogram, i.e. the MRZ key is wrong.
  if (auth.sw !== SW_OK) throw new ChipError('ACCESS_DENIED', WRONG_MRZ_MESSAGE, auth.sw);
  if (auth.data.length !== 40) throw new ChipError('ACCESS_DENIED', `BAC: EXTERNAL AUTHENTICATE answered ${auth.data.length} bytes, not 40`);
  const eIc = auth.data.subarray(0, 32);
  if (!retailMac(kMac, eIc).equals(auth.data.subarray(32, 40))) throw new ChipError('ACCESS_DENIED', WRONG_MRZ_MESSAGE);
  const r = tripleDesCbc('dec', kEnc, eIc);
  if (!r.subarray(0, 8).equals(rndIc) || !r.subarray(8, 16).equals(rndIfd)) {
    throw new ChipError('ACCESS_DENIED', 'BAC: the chip did not return our challenge');
  }
  const seed = xor(kIfd, r.subarray(16, 32));
  const ssc = Buffer.concat([rndIc.subarray(4, 8), rndIfd.subarray(4, 8)]);
  const channel = new SecureChannel(tripleDesCipher(deriveKey(seed, KDF_ENC, '3DES'), deriveKey(seed, KDF_MAC, '3DES')), ssc);
  session.setSecureChannel(channel);
  return channel;
}
