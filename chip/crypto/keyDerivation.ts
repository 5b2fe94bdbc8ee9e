// The key derivation function of ICAO 9303 Part 11 §9.7.1: Keydata = H(K || c), c a 32-bit
// counter (1 for encryption, 2 for MAC, 3 for the PACE password key). SHA-1 for 3DES and
// AES-128, SHA-256 for AES-192/256.
import { createHash } from 'node:crypto';
import { adjustParity } from './desKeys';

export type CipherAlg = '3DES' | 'AES-128' | 'AES-192' | 'AES-256';

export const KDF_ENC = 1;
export const KDF_MAC = 2;
export const KDF_PACE = 3;

export function deriveKey(seed: Buffer, counter: number, alg: CipherAlg): Buffer {
  const c = Buffer.alloc(4);
  c.writeUInt32BE(counter);
  const hashName = alg === 'AES-192' || alg === 'AES-256' ? 'sha256' : 'sha1';
  const h = createHash(hashName).update(seed).update(c).digest();
  switch (alg) {
    case '3DES':
      return adjustParity(h.subarray(0, 16));
    case 'AES-128':
      return h.subarray(0, 16);
    case 'AES-192':
      return h.subarray(0, 24);
    case 'AES-256':
      return h.subarray(0, 32);
  }
}
