// createIdvServer(): the Yoti-compatible IDV service on node:http. One composition root: the
// store, the checks pipeline, notifications and the three route tables (RP API, sandbox, client
// API), bound to 127.0.0.1 unless told otherwise. The kiosk embeds it; the CLI serves it.
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { VisionPort } from '../vision/contract';
import { MAX_IMAGE_BYTES } from '../common/ipc/contract';
import {
  JobTracker,
  fromStoreError,
  type PipelinePort,
  type RequestContext,
  type ServiceDeps,
  type SessionNotifier,
} from './api/apiContext';
import { registerClientRoutes } from './api/clientRoutes';
import { isWebClientPath, serveWebClient } from './api/webClientRoutes';
import { registerRpRoutes } from './api/rpRoutes';
import { registerSandboxRoutes } from './api/sandboxRoutes';
import { registerBranchRoutes } from './ibv/branchRoutes';
import { registerInstructionRoutes, registerSandboxIbvRoutes } from './ibv/instructionRoutes';
import { registerReviewRoutes } from './review/reviewRoutes';
import { SERVICE_LABEL } from './api/sessionViews';
import { authenticateClientToken } from './auth/clientTokenAuth';
import { authenticateSignedRequest } from './auth/signedRequestAuth';
import { readBody } from './http/bodyReader';
import {
  applyHttpLimits,
  httpLimits,
  httpServerOptions,
  refuseUnsignedEarly,
  type HttpLimits,
} from './http/serverLimits';
import { HttpError } from './http/httpError';
import { sendJson } from './http/jsonResponse';
import { Router, methodNotAllowed, splitPath, type BodyKind } from './http/router';
import { createNotifier, type NotifierOptions } from './notifications/notifier';
import { analyseUploadedPage, runPipeline } from './pipeline/runPipeline';
import { errorDetail, errorMessage } from '../common/errorMessage';
import { createLogger, silentLogger, type Logger } from '../platform/logger';
import { openIdvStore } from './store';
import { documentCatalogue } from './supportedDocuments';

export const RP_BASE = '/idverify/v1';
export const SANDBOX_BASE = '/sandbox/idverify/v1';
export const CLIENT_BASE = '/idverify/v1/client';
/** Registered IBV branch stations (signed with the station's key): see idv/ibv/branchRoutes.ts. */
export const BRANCH_BASE = '/idverify/v1/branch';

/** Request headers above this size get a 431 with a JSON body. */
export const MAX_HEADER_BYTES = 16 * 1024;

export interface IdvServerDeps {
  /** Where the store keeps its database, encrypted media and (without masterKey) master.key. */
  dataDir: string;
  /** Builds the hosted web client when dist/webclient is missing (a checkout; see webClientRoutes). */
  buildWebClient?: () => Promise<unknown>;
  /** 32 bytes wrapping the per-session data keys (the kiosk passes one from safeStorage). */
  masterKey?: Buffer;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1: the service is not exposed beyond the machine unless asked. */
  host?: string;
  /**
   * Demo mode: the ICAO specimen issuer (common/documents SPECIMEN_COUNTRY) is offered, first and
   * marked as a specimen, and accepted; without it that code is an unknown country. Default false.
   */
  demo?: boolean;
  /** Image analysis for the checks; without it they report NOT_AVAILABLE and say why. */
  vision?: VisionPort | null;
  /** Clock (epoch ms), for tests of TTLs and timestamps. */
  now?: () => number;
  /** Delivery options for session notifications (retries, timeouts, event hook). */
  notifier?: NotifierOptions;
  /** Overrides the checks pipeline; null runs none (submitted sessions say why). Default: idv/pipeline. */
  pipeline?: PipelinePort | null;
  /** Largest image body accepted (default common/ipc MAX_IMAGE_BYTES, 15 MiB). */
  maxImageBytes?: number;
  /** Connection cap and timeouts of the HTTP server (defaults: DEFAULT_HTTP_LIMITS). */
  http?: Partial<HttpLimits>;
  /** How often TTLs are applied and orphaned blob files swept (default 60 s). */
  sweepIntervalMs?: number;
  /** Operational logs (ids and reasons, never tokens, keys or personal data); default: silent. */
  logger?: Logger;
  /**
   * Serves /sandbox/idverify/v1 (response-configs, IBV branch skip). Default true; the kiosk's
   * embedded service turns it off, so nothing can fix the outcome of a real person's session.
   */
  sandbox?: boolean;
  /** @deprecated pass `logger`; kept so existing hosts keep working: each entry as one line. */
  log?: (line: string) => void;
}

export interface IdvApps {
  /** Registers an app by its RSA public key (SPKI PEM); resolves to its sdkId. */
  register(name: string, publicKeyPem: string): Promise<string>;
  /** Makes a fresh RSA-2048 key pair, registers it and hands back the private key (PKCS#8 PEM). */
  create(name: string): Promise<{ sdkId: string; privateKeyPem: string }>;
}

export interface IdvServer {
  /** Origin, e.g. http://127.0.0.1:41234 (no path). */
  url: string;
  /** url + /idverify/v1: the apiUrl for yoti's IDVClient. */
  rpApiUrl: string;
  /** url + /sandbox/idverify/v1: the sandboxUrl for @getyoti/sdk-sandbox. */
  sandboxApiUrl: string;
  /** url + /idverify/v1/client: base of the client API. */
  clientApiUrl: string;
  /** url + /idverify/v1/branch: base of the IBV branch API. */
  branchApiUrl: string;
  apps: IdvApps;
  /** Registers an IBV branch station for one business (app) by its RSA public key. */
  branchStations: {
    register(input: { sdkId: string; name: string; publicKeyPem: string }): Promise<string>;
  };
  /** Resolves when no submitted session is still being processed. */
  idle(): Promise<void>;
  /** Stops listening, lets running checks finish, flushes notifications and closes the store. */
  close(): Promise<void>;
}

const JSON_LIMIT = 1024 * 1024;
const NO_BODY_LIMIT = 64 * 1024;

export async function createIdvServer(options: IdvServerDeps): Promise<IdvServer> {
  const now = options.now ?? Date.now;
  const log = options.log;
  const logger =
    options.logger ??
    // The old callback gets each entry as one JSON line.
    (log
      ? createLogger({ name: 'idv', destination: { write: (line) => log(line.trimEnd()) } })
      : silentLogger);
  const store = await openIdvStore({ dataDir: options.dataDir, masterKey: options.masterKey, now });
  const notifier = createNotifier({
    ...options.notifier,
    onEvent: (event) => {
      if (event.type === 'failed' || event.type === 'dropped') {
        logger.warn(`notification ${event.type}`, {
          topic: event.topic,
          sessionId: event.sessionId,
          reason: event.reason,
        });
      }
      options.notifier?.onEvent?.(event);
    },
  });
  const sessionNotifier: SessionNotifier = {
    notify: (session, topic) => {
      notifier.notify(session.notifications, session.id, topic);
    },
  };
  const pipeline = options.pipeline !== undefined ? options.pipeline : { runPipeline, analyseUploadedPage };
  if (!pipeline) logger.warn('checks pipeline not available: submitted sessions will report why');

  const deps: ServiceDeps = {
    store,
    vision: options.vision ?? null,
    documents: documentCatalogue({ demo: options.demo ?? false }),
    pipeline,
    notifier: sessionNotifier,
    jobs: new JobTracker(2),
    processing: new Set<string>(),
    now,
    limits: { jsonBytes: JSON_LIMIT, imageBytes: options.maxImageBytes ?? MAX_IMAGE_BYTES },
    logger,
  };

  const rpRouter = new Router<RequestContext>();
  registerRpRoutes(rpRouter);
  registerInstructionRoutes(rpRouter);
  registerReviewRoutes(rpRouter);
  const sandboxEnabled = options.sandbox ?? true;
  const sandboxRouter = new Router<RequestContext>();
  registerRpRoutes(sandboxRouter);
  registerInstructionRoutes(sandboxRouter);
  registerReviewRoutes(sandboxRouter);
  registerSandboxRoutes(sandboxRouter);
  registerSandboxIbvRoutes(sandboxRouter);
  const clientRouter = new Router<RequestContext>();
  registerClientRoutes(clientRouter);
  const branchRouter = new Router<RequestContext>();
  registerBranchRoutes(branchRouter);

  const limitFor = (kind: BodyKind): number =>
    kind === 'image'
      ? deps.limits.imageBytes + 64 * 1024
      : kind === 'json'
        ? deps.limits.jsonBytes
        : NO_BODY_LIMIT;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const rawQuery = q < 0 ? '' : rawUrl.slice(q + 1);
    const query = new URLSearchParams(rawQuery);
    const method = (req.method ?? 'GET').toUpperCase();

    // The hosted web client (Yoti's .../web/index.html): a page, not an API; no auth of its own.
    if (isWebClientPath(rawPath))
      return serveWebClient(req, res, rawPath, { logger, ...(options.buildWebClient ? { build: options.buildWebClient } : {}) });
    let api: 'rp' | 'sandbox' | 'client' | 'branch';
    let base: string;
    if (rawPath.startsWith(`${CLIENT_BASE}/`)) [api, base] = ['client', CLIENT_BASE];
    else if (rawPath.startsWith(`${BRANCH_BASE}/`)) [api, base] = ['branch', BRANCH_BASE];
    else if (rawPath.startsWith(`${SANDBOX_BASE}/`)) {
      if (!sandboxEnabled) {
        throw new HttpError(404, 'SANDBOX_DISABLED', 'this service runs without the sandbox API (embedded kiosk service)');
      }
      [api, base] = ['sandbox', SANDBOX_BASE];
    }
    else if (rawPath.startsWith(`${RP_BASE}/`)) [api, base] = ['rp', RP_BASE];
    else if (rawPath === '/' || rawPath === '/health') {
      sendJson(res, 200, { status: 'ok', service: SERVICE_LABEL, rp_api: RP_BASE, client_api: CLIENT_BASE });
      return;
    } else throw new HttpError(404, 'ROUTE_NOT_FOUND', `no API at ${rawPath.slice(0, 100)}`);

    const relPath = rawPath.slice(base.length);
    const router =
      api === 'client'
        ? clientRouter
        : api === 'branch'
          ? branchRouter
          : api === 'sandbox'
            ? sandboxRouter
            : rpRouter;
    const match = router.match(method, splitPath(relPath));
    if (match.kind === 'not-found')
      throw new HttpError(404, 'ROUTE_NOT_FOUND', `no ${method} ${rawPath.slice(0, 100)}`);
    if (match.kind === 'method-not-allowed') throw methodNotAllowed(match.allowed);

    // The bearer token does not depend on the body: refuse a bad one before reading an upload.
    const client =
      api === 'client'
        ? authenticateClientToken(req.headers, query, match.params.sessionId ?? '', store.sessions, {
            findBranchToken: (token) => store.branch.findBranchToken(token),
            now,
          })
        : null;
    // Unsigned RP calls are refused before their body is read (the signature itself needs it).
    if (
      (api === 'rp' || api === 'sandbox') &&
      !(match.route.segments.join('/') === 'supported-documents' && !query.has('sdkId'))
    )
      refuseUnsignedEarly(req, query, match.params.sdkId, store.apps);
    const body = await readBody(req, limitFor(match.route.body));
    const ctx: RequestContext = {
      deps,
      req,
      res,
      query,
      body,
      app: null,
      session: client?.session ?? null,
      api,
      captureSource: client?.source ?? null,
    };
    if (api === 'branch') {
      // A branch station signs like a relying party, with its own key; its id is in the path.
      const digest = req.headers['x-yoti-auth-digest'];
      ctx.app = authenticateSignedRequest(
        {
          method,
          relativeTarget: q < 0 ? relPath : `${relPath}?${rawQuery}`,
          query,
          body,
          digest: typeof digest === 'string' ? digest : undefined,
          sdkIdFromPath: match.params.stationId,
        },
        {
          apps: {
            get: (stationId) => {
              const station = store.branch.getStation(stationId);
              return station
                ? {
                    sdkId: station.stationId,
                    name: station.name,
                    publicKeyPem: station.publicKeyPem,
                    createdAt: station.createdAt,
                  }
                : null;
            },
          },
          nonces: store.nonces,
          now,
        },
      );
    } else if (api !== 'client') {
      // Supported documents are public reference data: the SDK even signs that call without an sdkId.
      const isPublic = match.route.segments.join('/') === 'supported-documents' && !query.has('sdkId');
      if (!isPublic) {
        const digest = req.headers['x-yoti-auth-digest'];
        ctx.app = authenticateSignedRequest(
          {
            method,
            relativeTarget: q < 0 ? relPath : `${relPath}?${rawQuery}`,
            query,
            body,
            digest: typeof digest === 'string' ? digest : undefined,
            sdkIdFromPath: match.params.sdkId,
          },
          { apps: store.apps, nonces: store.nonces, now },
        );
      }
    }
    await match.route.handler(ctx, match.params);
  }

  function sendError(req: IncomingMessage, res: ServerResponse, err: unknown): void {
    const mapped = fromStoreError(err);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    // A refused body that is still arriving: answer, then drain it and close the connection.
    const extraHeaders: Record<string, string> = req.complete ? {} : { Connection: 'close' };
    if (!req.complete) req.resume();
    if (mapped instanceof HttpError) {
      sendJson(res, mapped.status, mapped.toBody(), { ...mapped.headers, ...extraHeaders });
    } else {
      logger.error('internal error', {
        method: req.method,
        path: (req.url ?? '').split('?')[0],
        error: errorDetail(mapped),
      });
      sendJson(
        res,
        500,
        { code: 'INTERNAL_ERROR', message: 'internal error; nothing was changed' },
        extraHeaders,
      );
    }
  }

  const limits = httpLimits(options.http);
  const serverOptions = { maxHeaderSize: MAX_HEADER_BYTES, ...httpServerOptions(limits) };
  const server = createServer(serverOptions, (req, res) => {
    res.setHeader('X-IDV-Service', 'local');
    handle(req, res).catch((err: unknown) => sendError(req, res, err));
  });
  applyHttpLimits(server, limits);
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable || err.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
    // headersTimeout / requestTimeout ran out (see idv/http/serverLimits.ts).
    const timedOut = err.code === 'ERR_HTTP_REQUEST_TIMEOUT';
    const body = JSON.stringify(
      tooLarge
        ? { code: 'HEADERS_TOO_LARGE', message: `request headers exceed ${MAX_HEADER_BYTES} bytes` }
        : timedOut
          ? { code: 'REQUEST_TIMEOUT', message: 'the request did not arrive in time; connection closed' }
          : { code: 'MALFORMED_REQUEST', message: 'the HTTP request could not be parsed' },
    );
    const statusLine = tooLarge
      ? '431 Request Header Fields Too Large'
      : timedOut
        ? '408 Request Timeout'
        : '400 Bad Request';
    socket.end(
      `HTTP/1.1 ${statusLine}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Connection: close\r\n\r\n${body}`,
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;

  const sweep = setInterval(() => {
    // The capture client's token is gone once it lapses: tell each relying party before expiring.
    try {
      for (const sessionId of store.lapsedTokenSessions()) {
        const session = store.sessions.get(sessionId);
        if (session) sessionNotifier.notify(session, 'CLIENT_SESSION_TOKEN_DELETED');
      }
    } catch (err) {
      logger.error('token lapse check failed', { error: errorMessage(err) });
    }
    store
      .sweepExpired()
      .catch((err: unknown) => logger.error('expiry sweep failed', { error: errorMessage(err) }));
  }, options.sweepIntervalMs ?? 60_000);
  sweep.unref();

  let closing: Promise<void> | null = null;
  return {
    url,
    rpApiUrl: `${url}${RP_BASE}`,
    sandboxApiUrl: `${url}${SANDBOX_BASE}`,
    clientApiUrl: `${url}${CLIENT_BASE}`,
    branchApiUrl: `${url}${BRANCH_BASE}`,
    branchStations: {
      async register(input) {
        return store.branch.registerStation(input).stationId;
      },
    },
    apps: {
      async register(name, publicKeyPem) {
        return store.apps.register({ name, publicKeyPem }).sdkId;
      },
      async create(name) {
        const { publicKey, privateKey } = generateKeyPairSync('rsa', {
          modulusLength: 2048,
          publicKeyEncoding: { type: 'spki', format: 'pem' },
          privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
        });
        return {
          sdkId: store.apps.register({ name, publicKeyPem: publicKey }).sdkId,
          privateKeyPem: privateKey,
        };
      },
    },
    idle: () => deps.jobs.idle(),
    close() {
      closing ??= (async () => {
        clearInterval(sweep);
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await deps.jobs.idle();
        await closed;
        await notifier.close();
        store.close();
      })();
      return closing;
    },
  };
}
