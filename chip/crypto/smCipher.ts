// The two secure-messaging cipher suites of ICAO 9303 Part 11 §9.8: 3DES (BAC, PACE-3DES) with
// a zero IV, an 8-byte SSC and the retail MAC; AES (PACE-AES, CA-AES) with IV = E(K_enc, SSC),
// a 16-byte SSC and AES-CMAC truncated to 8 bytes.
import { createCipheriv, createDecipheriv } from 'node:crypto';
import type { CipherAlg } from './keyDerivation';
import { retailMac } from './retailMac';
import { aesCmac } from './aesCmac';
import { pad } from './padding';

export interface SmCipher {
  readonly alg: CipherAlg;
  readonly blockSize: number;
  /** Encrypts already-padded data for the current SSC. */
  encrypt(data: Buffer, ssc: Buffer): Buffer;
  decrypt(data: Buffer, ssc: Buffer): Buffer;
  /** The 8-byte MAC over data (the cipher pads it). */
  mac(data: Buffer): Buffer;
}

function cbc(mode: 'enc' | 'dec', name: string, key: Buffer, iv: Buffer, data: Buffer): Buffer {
  const c = mode === 'enc' ? createCipheriv(name, key, iv) : createDecipheriv(name, key, iv);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(data), c.final()]);
}

export function tripleDesCipher(kEnc: Buffer, kMac: Buffer): SmCipher {
  const iv = Buffer.alloc(8);
  return {
    alg: '3DES',
    blockSize: 8,
    encrypt: (data) => cbc('enc', 'des-ede-cbc', kEnc, iv, data),
    decrypt: (data) => cbc('dec', 'des-ede-cbc', kEnc, iv, data),
    mac: (data) => retailMac(kMac, data),
  };
}

export function aesCipher(alg: Exclude<CipherAlg, '3DES'>, kEnc: Buffer, kMac: Buffer): SmCipher {
  const name = `aes-${kEnc.length * 8}-cbc`;
  const ecb = `aes-${kEnc.length * 8}-ecb`;
  const ivFor = (ssc: Buffer): Buffer => cbc('enc', ecb, kEnc, Buffer.alloc(0), ssc);
  return {
    alg,
    blockSize: 16,
    encrypt: (data, ssc) => cbc('enc', name, kEnc, ivFor(ssc), data),
    decrypt: (data, ssc) => cbc('dec', name, kEnc, ivFor(ssc), data),
    mac: (data) => aesCmac(kMac, pad(data, 16)).subarray(0, 8),
  };
}

/** 3DES-encrypts with a zero IV (BAC's EXTERNAL AUTHENTICATE cryptogram). */
export function tripleDesCbc(mode: 'enc' | 'dec', key: Buffer, data: Buffer): Buffer {
  return cbc(mode, 'des-ede-cbc', key, Buffer.alloc(8), data);
}

/** AES-CBC with a zero IV (the PACE nonce, ICAO 9303 Part 11 §4.4.3.1). */
export function aesCbcZeroIv(mode: 'enc' | 'dec', key: Buffer, data: Buffer): Buffer {
  return cbc(mode, `aes-${key.length * 8}-cbc`, key, Buffer.alloc(16), data);
}
