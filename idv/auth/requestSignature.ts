// Yoti's request signing, server side. The SDK (node_modules/yoti/src/request/request.builder.js)
// signs `METHOD&/path?query` (path relative to the API base, query including sdkId, nonce and
// timestamp in the order sent) plus `&` + base64(body) when a POST/PUT/PATCH carries a body, with
// RSA-SHA256 and the app's private key, and sends the base64 signature as X-Yoti-Auth-Digest.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/** The exact string the client signed. `relativeTarget` is the raw path + "?" + raw query. */
export function signingMessage(method: string, relativeTarget: string, body: Uint8Array): string {
  const upper = method.toUpperCase();
  const payload =
    METHODS_WITH_BODY.has(upper) && body.byteLength > 0
      ? `&${Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('base64')}`
      : '';
  return `${upper}&${relativeTarget}${payload}`;
}

const keyCache = new Map<string, KeyObject>();

function publicKeyFor(pem: string): KeyObject | null {
  const cached = keyCache.get(pem);
  if (cached) return cached;
  try {
    const key = createPublicKey(pem);
    if (keyCache.size > 1000) keyCache.clear();
    keyCache.set(pem, key);
    return key;
  } catch {
    return null;
  }
}

/** True when digest is a valid base64 RSA-SHA256 signature of message under publicKeyPem. */
export function verifyDigest(message: string, digestBase64: string, publicKeyPem: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(digestBase64)) return false;
  const key = publicKeyFor(publicKeyPem);
  if (!key) return false;
  try {
    return verify('RSA-SHA256', Buffer.from(message, 'utf8'), key, Buffer.from(digestBase64, 'base64'));
  } catch {
    return false;
  }
}

/**
 * Yoti's docs give the timestamp in seconds, the Node SDK sends milliseconds (and some SDKs have
 * sent microseconds): the magnitude tells them apart. Returns epoch ms, or null when unparseable.
 */
export function parseRequestTimestamp(raw: string | null): number | null {
  if (raw === null || !/^\d{1,20}$/.test(raw)) return null;
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) return null;
  if (value < 1e11) return value * 1000; // seconds
  if (value < 1e14) return value; // milliseconds
  return Math.floor(value / 1000); // microseconds
}
