// The hosted web client, Yoti's public integration: `GET {base}/web/index.html?sessionID=…&
// sessionToken=…` (or the page loaded bare, the session posted by its parent window). It serves
// the built page (dist/webclient, see idv/web/webClientBuild.ts) with a strict CSP and nothing
// else: the page talks to the client API itself. The URL carries the client session token, so
// nothing here logs a URL, and the page is never cached or sent on as a referrer.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { errorFirstLine } from '../../common/errorMessage';
import type { Logger } from '../../platform/logger';
import { HttpError, notFound } from '../http/httpError';
import { methodNotAllowed, splitPath } from '../http/router';
import { WEB_CLIENT_DIR, webClientBuilt } from '../web/webClientDir';

/** Where Yoti serves the page, on the normal and the sandbox base. */
export const WEB_CLIENT_BASES = ['/idverify/v1/web', '/sandbox/idverify/v1/web'] as const;

/**
 * No inline script or style, nothing from another origin; the page may be framed by any relying
 * party's page (that is how Yoti's page is used), and only uses the camera of its own origin.
 */
export const WEB_CLIENT_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "media-src 'self' blob: mediastream:",
  "worker-src 'self'",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
  'frame-ancestors *',
].join('; ');

export const WEB_CLIENT_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': WEB_CLIENT_CSP,
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'Permissions-Policy': 'camera=(self), microphone=(), geolocation=()',
};

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

const ASSET_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function isWebClientPath(rawPath: string): boolean {
  return WEB_CLIENT_BASES.some((base) => rawPath === base || rawPath.startsWith(`${base}/`));
}

export interface WebClientOptions {
  /** The built page (default dist/webclient). */
  dir?: string;
  /**
   * Builds the page when its folder is missing (a checkout: the CLI and the tests pass Vite's build,
   * idv/web/webClientBuild.ts). Absent in an installed kiosk, which ships the built folder.
   */
  build?: () => Promise<unknown>;
  logger: Logger;
}

/** One build attempt per process when the folder is missing (a fresh clone); its outcome is kept. */
let building: Promise<boolean> | null = null;

async function ensureBuilt(dir: string, options: WebClientOptions): Promise<boolean> {
  if (webClientBuilt(dir)) return true;
  const { build, logger } = options;
  if (dir !== WEB_CLIENT_DIR || !build) return false;
  building ??= build().then(
    () => true,
    (err: unknown) => {
      logger.error('the hosted web client could not be built', { error: errorFirstLine(err) });
      return false;
    },
  );
  return building;
}

/** Answers a request under one of WEB_CLIENT_BASES; errors are thrown as HttpError (JSON bodies). */
export async function serveWebClient(
  req: IncomingMessage,
  res: ServerResponse,
  rawPath: string,
  options: WebClientOptions,
): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed(['GET', 'HEAD']);
  const base = WEB_CLIENT_BASES.find((b) => rawPath === b || rawPath.startsWith(`${b}/`)) ?? '';
  const segments = splitPath(rawPath.slice(base.length)).filter((s) => s !== '');
  const relative = segments.length === 0 ? ['index.html'] : segments;
  if (!relative.every((s) => ASSET_SEGMENT.test(s))) {
    throw notFound('WEB_ASSET_NOT_FOUND', 'the hosted web client has no such file');
  }
  const dir = path.resolve(options.dir ?? WEB_CLIENT_DIR);
  if (!(await ensureBuilt(dir, options))) {
    throw new HttpError(
      503,
      'WEB_CLIENT_NOT_BUILT',
      'the hosted web client is not built on this service (run: npx vite build -c vite.webclient.config.ts)',
    );
  }
  const file = path.resolve(dir, ...relative);
  const type = MIME_TYPES[path.extname(file).toLowerCase()];
  const inside = file.startsWith(dir + path.sep);
  const isFile = inside && type !== undefined && (await stat(file).catch(() => null))?.isFile() === true;
  if (!isFile) throw notFound('WEB_ASSET_NOT_FOUND', 'the hosted web client has no such file');
  const body = await readFile(file);
  res.writeHead(200, { ...WEB_CLIENT_HEADERS, 'Content-Type': type, 'Content-Length': body.length });
  res.end(method === 'HEAD' ? undefined : body);
}
