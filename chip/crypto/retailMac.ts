// ISO/IEC 9797-1 MAC algorithm 3 ("retail MAC") with DES, as BAC and 3DES secure messaging use:
// CBC-MAC with single DES under Ka, then the last block decrypted under Kb and encrypted under
// Ka. OpenSSL 3 keeps single DES in its legacy provider, so single DES is run as 3DES with three
// equal keys (the same permutation), which the default provider has.
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { pad } from './padding';

function desEncrypt(key8: Buffer, block: Buffer): Buffer {
  const c = createCipheriv('des-ede3-ecb', Buffer.concat([key8, key8, key8]), null);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(block), c.final()]);
}

function desDecrypt(key8: Buffer, block: Buffer): Buffer {
  const d = createDecipheriv('des-ede3-ecb', Buffer.concat([key8, key8, key8]), null);
  d.setAutoPadding(false);
  return Buffer.concat([d.update(block), d.final()]);
}

/** The 8-byte MAC of `data` (padded here with method 2) under a 16-byte 3DES key. */
export function retailMac(key: Buffer, data: Buffer, alreadyPadded = false): Buffer {
  const ka = key.subarray(0, 8);
  const kb = key.subarray(8, 16);
  const m = alreadyPadded ? data : pad(data, 8);
  // CBC-MAC under Ka in one pass: the last ciphertext block of a zero-IV CBC encryption.
  const c = createCipheriv('des-ede3-cbc', Buffer.concat([ka, ka, ka]), Buffer.alloc(8));
  c.setAutoPadding(false);
  const h = c.update(m).subarray(m.length - 8);
  return desEncrypt(ka, desDecrypt(kb, h));
}
