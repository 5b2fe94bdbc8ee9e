// AES-CMAC (NIST SP 800-38B, RFC 4493), the MAC of AES secure messaging and PACE tokens
// (ICAO 9303 Part 11 §9.8.6). Node's crypto has AES but no CMAC, so the mode is built here on
// AES-ECB; the RFC 4493 test vectors guard it.
import { createCipheriv } from 'node:crypto';

function aesEcb(key: Buffer, block: Buffer): Buffer {
  const c = createCipheriv(`aes-${key.length * 8}-ecb`, key, null);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(block), c.final()]);
}

function shiftLeft(b: Buffer): Buffer {
  const out = Buffer.alloc(16);
  for (let i = 0; i < 16; i++) out[i] = ((b[i] << 1) & 0xff) | (i < 15 ? b[i + 1] >> 7 : 0);
  return out;
}

function subkey(l: Buffer): Buffer {
  const k = shiftLeft(l);
  if (l[0] & 0x80) k[15] ^= 0x87;
  return k;
}

export function aesCmac(key: Buffer, data: Buffer): Buffer {
  const k1 = subkey(aesEcb(key, Buffer.alloc(16)));
  const k2 = subkey(k1);
  const n = Math.max(1, Math.ceil(data.length / 16));
  const complete = data.length > 0 && data.length % 16 === 0;
  const last = Buffer.alloc(16);
  const tail = data.subarray((n - 1) * 16);
  tail.copy(last);
  if (!complete) last[tail.length] = 0x80;
  const k = complete ? k1 : k2;
  for (let i = 0; i < 16; i++) last[i] ^= k[i];
  // CBC over every block but the last in one pass; the last (masked) block finishes it.
  let x: Buffer = Buffer.alloc(16);
  if (n > 1) {
    const c = createCipheriv(`aes-${key.length * 8}-cbc`, key, Buffer.alloc(16));
    c.setAutoPadding(false);
    const head = data.subarray(0, (n - 1) * 16);
    x = c.update(head).subarray(head.length - 16);
  }
  for (let i = 0; i < 16; i++) last[i] ^= x[i];
  return aesEcb(key, last);
}
