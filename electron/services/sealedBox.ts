// AES-256-GCM sealing for everything the kiosk writes to disk (outbox items hold page images and
// the client session token needed to resume). The key never touches disk in clear: in Electron it
// is wrapped by safeStorage, in tests it is handed in.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const SEALED_KEY_BYTES = 32;

export class SealedBoxError extends Error {
  override name = 'SealedBoxError';
}

export function newSealKey(): Buffer {
  return randomBytes(SEALED_KEY_BYTES);
}

function checkKey(key: Uint8Array): void {
  if (key.byteLength !== SEALED_KEY_BYTES) throw new SealedBoxError(`key must be ${SEALED_KEY_BYTES} bytes`);
}

/**
 * Layout: [version:1][iv:12][tag:16][ciphertext]. `aad` binds the blob to its context (e.g. the
 * outbox item id) so a blob copied under another name fails to open.
 */
export function seal(key: Uint8Array, plaintext: Uint8Array, aad?: string): Buffer {
  checkKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  if (aad) cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
}

export function open(key: Uint8Array, blob: Uint8Array, aad?: string): Buffer {
  checkKey(key);
  const buf = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  if (buf.length < 1 + IV_BYTES + TAG_BYTES) throw new SealedBoxError('sealed data is truncated');
  if (buf[0] !== VERSION) throw new SealedBoxError(`unknown sealed data version ${buf[0]}`);
  const iv = buf.subarray(1, 1 + IV_BYTES);
  const tag = buf.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  if (aad) decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(buf.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    throw new SealedBoxError('sealed data failed authentication (wrong key or tampered)');
  }
}
