// The one AES-256-GCM envelope for everything written encrypted by the kiosk (outbox items) and
// the IDV service (wrapped data keys, media blobs). Layout:
//   [magic: 0..n bytes][version: 1][nonce: 12][tag: 16][ciphertext]
// `aad` binds a blob to its context (session id, media id, outbox item id), so a blob copied under
// another name fails to open. Node only (node:crypto).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export const ENVELOPE_KEY_BYTES = 32;
export const ENVELOPE_NONCE_BYTES = 12;
export const ENVELOPE_TAG_BYTES = 16;

export interface EnvelopeFormat {
  /** Leading bytes that mark the kind of blob (may be empty). */
  magic?: Uint8Array;
  version: number;
}

export type EnvelopeFailure = 'KEY_SIZE' | 'TRUNCATED' | 'NOT_AN_ENVELOPE' | 'VERSION' | 'AUTHENTICATION';

export class EnvelopeError extends Error {
  override name = 'EnvelopeError';
  constructor(
    readonly reason: EnvelopeFailure,
    message: string,
  ) {
    super(message);
  }
}

export function envelopeHeaderBytes(format: EnvelopeFormat): number {
  return (format.magic?.length ?? 0) + 1 + ENVELOPE_NONCE_BYTES + ENVELOPE_TAG_BYTES;
}

export function newEnvelopeKey(): Buffer {
  return randomBytes(ENVELOPE_KEY_BYTES);
}

function checkKey(key: Uint8Array): void {
  if (key.byteLength !== ENVELOPE_KEY_BYTES)
    throw new EnvelopeError('KEY_SIZE', `key must be ${ENVELOPE_KEY_BYTES} bytes`);
}

/** Header and ciphertext apart, so a large blob can be written without a concat copy. */
export function sealEnvelopeParts(
  format: EnvelopeFormat,
  key: Uint8Array,
  plaintext: Uint8Array,
  aad?: string | Uint8Array,
): { header: Buffer; ciphertext: Buffer } {
  checkKey(key);
  const nonce = randomBytes(ENVELOPE_NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  if (aad !== undefined) cipher.setAAD(typeof aad === 'string' ? Buffer.from(aad, 'utf8') : aad);
  const body = cipher.update(plaintext);
  const rest = cipher.final(); // GCM is a stream mode: nothing is held back
  const magic = format.magic ?? new Uint8Array(0);
  const header = Buffer.allocUnsafe(envelopeHeaderBytes(format));
  header.set(magic, 0);
  header[magic.length] = format.version;
  nonce.copy(header, magic.length + 1);
  cipher.getAuthTag().copy(header, magic.length + 1 + ENVELOPE_NONCE_BYTES);
  return { header, ciphertext: rest.length === 0 ? body : Buffer.concat([body, rest]) };
}

export function sealEnvelope(
  format: EnvelopeFormat,
  key: Uint8Array,
  plaintext: Uint8Array,
  aad?: string | Uint8Array,
): Buffer {
  const { header, ciphertext } = sealEnvelopeParts(format, key, plaintext, aad);
  return Buffer.concat([header, ciphertext]);
}

export function openEnvelope(
  format: EnvelopeFormat,
  key: Uint8Array,
  blob: Uint8Array,
  aad?: string | Uint8Array,
): Buffer {
  checkKey(key);
  const buf = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  const magic = format.magic ?? new Uint8Array(0);
  const headerBytes = envelopeHeaderBytes(format);
  if (buf.length < headerBytes) throw new EnvelopeError('TRUNCATED', 'encrypted data is truncated');
  if (magic.length && !buf.subarray(0, magic.length).equals(magic))
    throw new EnvelopeError('NOT_AN_ENVELOPE', 'not an encrypted blob of this kind');
  if (buf[magic.length] !== format.version)
    throw new EnvelopeError('VERSION', `unknown encrypted data version ${buf[magic.length]}`);
  const nonce = buf.subarray(magic.length + 1, magic.length + 1 + ENVELOPE_NONCE_BYTES);
  const tag = buf.subarray(magic.length + 1 + ENVELOPE_NONCE_BYTES, headerBytes);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  if (aad !== undefined) decipher.setAAD(typeof aad === 'string' ? Buffer.from(aad, 'utf8') : aad);
  decipher.setAuthTag(tag);
  const plain = decipher.update(buf.subarray(headerBytes));
  try {
    const rest = decipher.final();
    return rest.length === 0 ? plain : Buffer.concat([plain, rest]);
  } catch {
    plain.fill(0);
    throw new EnvelopeError('AUTHENTICATION', 'encrypted data failed authentication (wrong key or tampered)');
  }
}
