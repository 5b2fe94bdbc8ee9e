// DG15 (ICAO 9303 Part 11 §6.1): the Active Authentication public key, a SubjectPublicKeyInfo.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { ChipError } from '../errors';
import { expectTlv } from '../tlv';

export function parseDg15(bytes: Buffer): KeyObject {
  const spki = expectTlv(bytes, 0x6f, 'DG15').value;
  try {
    return createPublicKey({ key: spki, format: 'der', type: 'spki' });
  } catch (err) {
    throw new ChipError('ASN1_MALFORMED', `DG15 does not hold a public key: ${(err as Error).message}`);
  }
}
