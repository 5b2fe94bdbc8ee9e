// PINs and passphrases are stored as scrypt hashes (node:crypto) with a per-account random salt.
// The parameters are stored with each hash, so they can be raised later: a hash made with weaker
// parameters than the current ones still verifies, and the service re-hashes it at the next
// successful sign-in (needsRehash). Comparison is constant-time (timingSafeEqual).
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { z } from 'zod';

export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  N: number;
  r: number;
  p: number;
  keyLength: number;
}

/**
 * 2^15 × 8 × 128 bytes = 32 MiB and about 0.15 s per hash on the build machine (2 vCPUs, load 8):
 * searching all 10^6 six-digit PINs of one account in a copied file costs ~40 CPU-hours, and a
 * sign-in stays quick. Short PINs remain guessable offline: the file is owner-only (0600).
 */
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = { N: 2 ** 15, r: 8, p: 1, keyLength: 32 };

const SALT_BYTES = 16;
/** Upper bounds a stored record must respect, so a tampered file cannot make a sign-in eat the machine. */
const MAX_N = 2 ** 20;

const isPowerOfTwo = (n: number): boolean => n >= 2 && (n & (n - 1)) === 0;
const base64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/);

export const CredentialHash = z.strictObject({
  algorithm: z.literal('scrypt'),
  N: z.number().int().refine(isPowerOfTwo, 'N is a power of two').refine((n) => n <= MAX_N),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
  keyLength: z.number().int().min(16).max(64),
  salt: base64,
  hash: base64,
});
export type CredentialHash = z.infer<typeof CredentialHash>;

/** Typed text can arrive composed or decomposed (é vs e + ´): hash one form. */
function credentialBytes(credential: string): Buffer {
  return Buffer.from(credential.normalize('NFC'), 'utf8');
}

function derive(credential: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = {
    N: params.N,
    r: params.r,
    p: params.p,
    // Node's default ceiling (32 MiB) is exactly what the default parameters need; leave headroom.
    maxmem: 256 * params.N * params.r * params.p,
  };
  return new Promise((resolve, reject) => {
    scrypt(credentialBytes(credential), salt, params.keyLength, options, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

export async function hashCredential(
  credential: string,
  params: ScryptParams = DEFAULT_SCRYPT_PARAMS,
): Promise<CredentialHash> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(credential, salt, params);
  return {
    algorithm: 'scrypt',
    N: params.N,
    r: params.r,
    p: params.p,
    keyLength: params.keyLength,
    salt: salt.toString('base64'),
    hash: key.toString('base64'),
  };
}

export async function verifyCredential(credential: string, stored: CredentialHash): Promise<boolean> {
  const expected = Buffer.from(stored.hash, 'base64');
  if (expected.length !== stored.keyLength) return false;
  const actual = await derive(credential, Buffer.from(stored.salt, 'base64'), stored);
  return timingSafeEqual(actual, expected);
}

/** True when the record was made with other (older, weaker) parameters than `current`. */
export function needsRehash(stored: CredentialHash, current: ScryptParams): boolean {
  return (
    stored.N !== current.N ||
    stored.r !== current.r ||
    stored.p !== current.p ||
    stored.keyLength !== current.keyLength
  );
}
