// Bounds on what the HTTP server holds for a client, and the refusals that need no body. Node's own
// defaults (no connection cap, 300 s to receive a request, 30 s between timeout checks) let 40
// stalled uploads hold memory for minutes, and an unsigned 15 MiB upload was read in full before
// its signature was looked at.
import type { IncomingMessage, Server, ServerOptions } from 'node:http';
import type { AppRepository } from '../store/types';
import { HttpError } from './httpError';

export interface HttpLimits {
  /** Open connections at once; more are closed on arrival (Node's server.maxConnections). */
  maxConnections: number;
  /** The request line and headers must arrive within this. */
  headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this (a 15 MiB page at 2 Mbit/s). */
  requestTimeoutMs: number;
  /** A connection with no traffic for this long is closed (keep-alive and stalled bodies alike). */
  idleTimeoutMs: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  maxConnections: 64,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  idleTimeoutMs: 15_000,
};

export function httpLimits(overrides: Partial<HttpLimits> = {}): HttpLimits {
  const limits = { ...DEFAULT_HTTP_LIMITS, ...overrides };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value <= 0)
      throw new RangeError(`http.${name} must be a positive whole number (got ${String(value)})`);
  }
  return limits;
}

/** createServer options: the timeouts, checked often enough to mean what they say. */
export function httpServerOptions(limits: HttpLimits): ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
  };
}

/** What is set on the server itself: the connection cap, the idle and keep-alive timeouts. */
export function applyHttpLimits(server: Server, limits: HttpLimits): void {
  server.maxConnections = limits.maxConnections;
  server.timeout = limits.idleTimeoutMs;
  server.keepAliveTimeout = Math.min(5_000, limits.idleTimeoutMs);
}

/**
 * The RP API's signature covers the body, so it can only be verified once the body is in. What
 * does not depend on the body is refused before reading it, with authenticateSignedRequest's codes:
 * no sdkId, no digest header, an sdkId no app is registered under.
 */
export function refuseUnsignedEarly(
  req: IncomingMessage,
  query: URLSearchParams,
  sdkIdFromPath: string | undefined,
  apps: Pick<AppRepository, 'get'>,
): void {
  const sdkId = sdkIdFromPath ?? query.get('sdkId');
  if (!sdkId) throw new HttpError(401, 'MISSING_SDK_ID', 'the request has no sdkId query parameter');
  if (typeof req.headers['x-yoti-auth-digest'] !== 'string')
    throw new HttpError(401, 'MISSING_SIGNATURE', 'the request has no X-Yoti-Auth-Digest header');
  const app = /^[A-Za-z0-9_-]{1,128}$/.test(sdkId) ? apps.get(sdkId) : null;
  if (!app)
    throw new HttpError(
      401,
      'UNKNOWN_SDK_ID',
      `no application is registered with sdkId ${sdkId.slice(0, 64)}`,
    );
}
