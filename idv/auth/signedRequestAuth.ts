// Authenticates RP API requests: the signature, the app, the clock and the nonce. Every refusal is
// a 401 with a JSON body and happens before any handler runs, so a refused request changes nothing.
import type { AppRecord, AppRepository, NonceRegistry } from '../store/types';
import { HttpError } from '../http/httpError';
import { parseRequestTimestamp, signingMessage, verifyDigest } from './requestSignature';

/** How far a request's timestamp may be from the server clock. */
export const TIMESTAMP_WINDOW_MS = 5 * 60 * 1000;

export interface SignedRequestParts {
  method: string;
  /** Raw path relative to the API base plus "?" and the raw query, exactly as received. */
  relativeTarget: string;
  query: URLSearchParams;
  body: Uint8Array;
  digest: string | undefined;
  /** When the sdkId travels in the path (sandbox /apps/{sdkId}/response-config). */
  sdkIdFromPath?: string;
}

export interface SignedRequestAuthDeps {
  apps: Pick<AppRepository, 'get'>;
  nonces: NonceRegistry;
  now: () => number;
}

function refuse(code: string, message: string): HttpError {
  return new HttpError(401, code, message);
}

export function authenticateSignedRequest(parts: SignedRequestParts, deps: SignedRequestAuthDeps): AppRecord {
  const sdkId = parts.sdkIdFromPath ?? parts.query.get('sdkId');
  if (!sdkId) throw refuse('MISSING_SDK_ID', 'the request has no sdkId query parameter');
  if (parts.sdkIdFromPath && parts.query.has('sdkId') && parts.query.get('sdkId') !== parts.sdkIdFromPath) {
    throw refuse('SDK_ID_MISMATCH', 'the sdkId in the query differs from the one in the path');
  }
  if (!parts.digest) throw refuse('MISSING_SIGNATURE', 'the request has no X-Yoti-Auth-Digest header');
  const nonce = parts.query.get('nonce');
  if (!nonce || nonce.length > 128)
    throw refuse('MISSING_NONCE', 'the request needs a nonce query parameter');
  const timestamp = parseRequestTimestamp(parts.query.get('timestamp'));
  if (timestamp === null) {
    throw refuse(
      'MISSING_TIMESTAMP',
      'the request needs a numeric timestamp query parameter (seconds or ms)',
    );
  }
  const app = /^[A-Za-z0-9_-]{1,128}$/.test(sdkId) ? deps.apps.get(sdkId) : null;
  if (!app) throw refuse('UNKNOWN_SDK_ID', `no application is registered with sdkId ${sdkId.slice(0, 64)}`);

  const message = signingMessage(parts.method, parts.relativeTarget, parts.body);
  if (!verifyDigest(message, parts.digest, app.publicKeyPem)) {
    throw refuse('BAD_SIGNATURE', 'X-Yoti-Auth-Digest does not verify against the application key');
  }
  const now = deps.now();
  if (Math.abs(now - timestamp) > TIMESTAMP_WINDOW_MS) {
    throw refuse(
      'STALE_TIMESTAMP',
      `the request timestamp is ${Math.round((now - timestamp) / 1000)} s off the server clock (limit ${TIMESTAMP_WINDOW_MS / 1000} s)`,
    );
  }
  // Only a verified request may claim a nonce, so nobody can burn another app's nonces.
  if (!deps.nonces.remember(app.sdkId, nonce, now + 2 * TIMESTAMP_WINDOW_MS)) {
    throw refuse('REPLAYED_NONCE', 'this nonce was already used: the request looks like a replay');
  }
  return app;
}
