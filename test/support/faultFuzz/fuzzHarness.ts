// The local IDV service set up for fuzzing (issue 12): a real server on 127.0.0.1 with short
// header/body timeouts (so slow bodies resolve in a second, not a minute), a registered app, a
// "protected" session made before the fuzz (a page uploaded: its view and media must read the same
// afterwards) and a "target" session the fuzz may write to. Requests go over raw sockets, so a
// case can send anything: a broken request line, conflicting lengths, a body cut short or dripped.
import { createHash, createSign, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { requirementsOf } from '../../../idv/api/documentRequirements';
import { createIdvServer, type IdvServer } from '../../../idv/server';
import { createLogger } from '../../../platform/logger';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const SPECIMEN_PAGE = path.join(ROOT, 'test/fixtures/specimens/passport-td3.jpg');
export const RP_BASE = '/idverify/v1';
export const CLIENT_BASE = '/idverify/v1/client';

/** What the server answered, or how the connection ended without an answer. */
export type Outcome = { status: number; body: string } | { status: 'closed' } | { status: 'no-answer' };

export interface RawRequest {
  /** The whole request as sent (request line, headers, body). */
  bytes: Buffer;
  /** Send only this many bytes of `bytes`, then end the connection (a truncated request). */
  truncateAt?: number;
  /** Send this many bytes, then the rest one byte every `dripMs` (a slow body). */
  dripFrom?: number;
}

export interface SessionRef {
  id: string;
  token: string;
  documentId: string;
  livenessId: string;
  faceCaptureId: string;
}

export interface FuzzService {
  server: IdvServer;
  host: string;
  port: number;
  sdkId: string;
  privateKeyPem: string;
  /** Another app's key: a well-formed signature by the wrong party. */
  strangerPem: string;
  protectedSession: SessionRef & { pageMediaId: string };
  target: SessionRef;
  specimenPage: Buffer;
  /** Errors the server logged (internal errors, unhandled failures). */
  loggedErrors: string[];
  close(): Promise<void>;
}

export interface SignOptions {
  sdkId?: string | null;
  nonce?: string | null;
  timestamp?: string | null;
  pem?: string;
}

/** The path with its signed query and the X-Yoti-Auth-Digest, exactly as the yoti SDK signs. */
export function signRp(
  f: Pick<FuzzService, 'sdkId' | 'privateKeyPem'>,
  method: string,
  relPath: string,
  body: Buffer | null,
  options: SignOptions = {},
): { target: string; digest: string } {
  const params = new URLSearchParams();
  const sdkId = options.sdkId === undefined ? f.sdkId : options.sdkId;
  if (sdkId !== null) params.set('sdkId', sdkId);
  const nonce = options.nonce === undefined ? randomUUID() : options.nonce;
  if (nonce !== null) params.set('nonce', nonce);
  const timestamp = options.timestamp === undefined ? String(Date.now()) : options.timestamp;
  if (timestamp !== null) params.set('timestamp', timestamp);
  const target = `${relPath}?${params.toString()}`;
  const message = `${method}&${target}${body && body.length > 0 ? `&${body.toString('base64')}` : ''}`;
  const digest = createSign('RSA-SHA256')
    .update(message)
    .sign(options.pem ?? f.privateKeyPem)
    .toString('base64');
  return { target: `${RP_BASE}${target}`, digest };
}

/** A request's bytes from its parts (Content-Length from the body unless given). */
export function httpRequest(
  method: string,
  target: string,
  headers: Record<string, string> = {},
  body: Buffer | null = null,
): Buffer {
  const all: Record<string, string> = { Host: '127.0.0.1', Connection: 'close', ...headers };
  if (body && !Object.keys(all).some((h) => h.toLowerCase() === 'content-length'))
    all['Content-Length'] = String(body.length);
  const head = `${method} ${target} HTTP/1.1\r\n${Object.entries(all)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body ?? Buffer.alloc(0)]);
}

/** Sends raw bytes and collects the answer until the server closes or `timeoutMs` passes. */
export function exchange(
  f: Pick<FuzzService, 'host' | 'port'>,
  request: RawRequest,
  timeoutMs = 10_000,
): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = connect(f.port, f.host);
    const chunks: Buffer[] = [];
    let settled = false;
    let drip: NodeJS.Timeout | undefined;
    const finish = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(drip);
      socket.destroy();
      resolve(outcome);
    };
    const parse = (): Outcome => {
      const text = Buffer.concat(chunks).toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      if (!m) return { status: 'closed' };
      const split = text.indexOf('\r\n\r\n');
      return { status: Number(m[1]), body: split < 0 ? '' : text.slice(split + 4) };
    };
    const timer = setTimeout(() => finish(chunks.length ? parse() : { status: 'no-answer' }), timeoutMs);
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      // A complete answer is enough (the server may keep reading a body it refused).
      const text = Buffer.concat(chunks).toString('latin1');
      const split = text.indexOf('\r\n\r\n');
      const length = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, split));
      if (split >= 0 && length && Buffer.byteLength(text.slice(split + 4), 'latin1') >= Number(length[1]))
        finish(parse());
    });
    socket.on('error', () => finish(chunks.length ? parse() : { status: 'closed' }));
    socket.on('close', () => finish(chunks.length ? parse() : { status: 'closed' }));
    socket.on('connect', () => {
      const { bytes } = request;
      if (request.truncateAt !== undefined) {
        socket.end(bytes.subarray(0, request.truncateAt));
      } else if (request.dripFrom !== undefined) {
        socket.write(bytes.subarray(0, request.dripFrom));
        let at = request.dripFrom;
        drip = setInterval(() => {
          if (at >= bytes.length || socket.destroyed) return clearInterval(drip);
          socket.write(bytes.subarray(at, at + 1));
          at++;
        }, 250);
      } else {
        socket.write(bytes);
      }
    });
  });
}

async function json(f: FuzzService | Omit<FuzzService, 'protectedSession' | 'target'>, request: Buffer) {
  const outcome = await exchange(f, { bytes: request });
  if (typeof outcome.status !== 'number' || outcome.status >= 300)
    throw new Error(`fuzz set-up request failed: ${JSON.stringify(outcome).slice(0, 300)}`);
  return JSON.parse((outcome as { body: string }).body || '{}') as Record<string, unknown>;
}

/** A session spec the service accepts: a document and a static liveness. */
export const SESSION_SPEC = {
  client_session_token_ttl: 600,
  resources_ttl: 90_000,
  user_tracking_id: 'fuzz',
  requested_checks: [
    { type: 'ID_DOCUMENT_AUTHENTICITY', config: {} },
    { type: 'LIVENESS', config: { liveness_type: 'STATIC', max_retries: 1 } },
    { type: 'ID_DOCUMENT_FACE_MATCH', config: { manual_check: 'NEVER' } },
  ],
  requested_tasks: [],
  sdk_config: { allowed_capture_methods: 'CAMERA_AND_UPLOAD', locale: 'en-GB' },
};

async function makeSession(f: Omit<FuzzService, 'protectedSession' | 'target'>): Promise<SessionRef> {
  const body = Buffer.from(JSON.stringify(SESSION_SPEC));
  const signed = signRp(f, 'POST', '/sessions', body);
  const created = await json(
    f,
    httpRequest(
      'POST',
      signed.target,
      { 'X-Yoti-Auth-Digest': signed.digest, 'Content-Type': 'application/json' },
      body,
    ),
  );
  const id = String(created.session_id);
  const token = String(created.client_session_token);
  const auth = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  const doc = await json(
    f,
    httpRequest(
      'POST',
      `${CLIENT_BASE}/sessions/${id}/resources/id-documents`,
      auth,
      Buffer.from(JSON.stringify({ issuing_country: 'UTO', document_type: 'PASSPORT' })),
    ),
  );
  const liveness = await json(
    f,
    httpRequest(
      'POST',
      `${CLIENT_BASE}/sessions/${id}/resources/liveness`,
      auth,
      Buffer.from(JSON.stringify({ liveness_type: 'STATIC' })),
    ),
  );
  const requirement = requirementsOf(
    id,
    SESSION_SPEC as unknown as Parameters<typeof requirementsOf>[1],
  ).find((r) => r.kind === 'FACE_CAPTURE');
  const faceBody = Buffer.from(JSON.stringify({ requirement_id: requirement?.id ?? randomUUID() }));
  const face = signRp(f, 'POST', `/sessions/${id}/resources/face-capture`, faceBody);
  const faceCapture = await exchange(f, {
    bytes: httpRequest(
      'POST',
      face.target,
      { 'X-Yoti-Auth-Digest': face.digest, 'Content-Type': 'application/json' },
      faceBody,
    ),
  });
  const faceId =
    typeof faceCapture.status === 'number' && faceCapture.status < 300
      ? String((JSON.parse((faceCapture as { body: string }).body) as { id: string }).id)
      : randomUUID(); // no face-capture requirement: the fuzz still aims at a well-formed id
  return {
    id,
    token,
    documentId: String(doc.resource_id),
    livenessId: String(liveness.resource_id ?? liveness.id),
    faceCaptureId: faceId,
  };
}

export async function startFuzzService(): Promise<FuzzService> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'idv-fuzz-'));
  const loggedErrors: string[] = [];
  const logger = createLogger({
    name: 'idv-fuzz',
    level: 'error',
    destination: {
      write: (line) => {
        if (loggedErrors.length < 100) loggedErrors.push(line.trimEnd().slice(0, 400));
      },
    },
  });
  const server = await createIdvServer({
    dataDir,
    demo: true,
    logger,
    http: { headersTimeoutMs: 1_000, requestTimeoutMs: 2_000, idleTimeoutMs: 2_000 },
  });
  const { sdkId, privateKeyPem } = await server.apps.create('fuzz');
  const { privateKeyPem: strangerPem } = await server.apps.create('stranger');
  const { hostname, port } = new URL(server.url);
  const base = {
    server,
    host: hostname,
    port: Number(port),
    sdkId,
    privateKeyPem,
    strangerPem,
    specimenPage: await readFile(SPECIMEN_PAGE),
    loggedErrors,
    async close() {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  const protectedRef = await makeSession(base);
  const page = await json(
    base,
    httpRequest(
      'PUT',
      `${CLIENT_BASE}/sessions/${protectedRef.id}/resources/id-documents/${protectedRef.documentId}/pages/front/media`,
      { Authorization: `Bearer ${protectedRef.token}`, 'Content-Type': 'image/jpeg' },
      base.specimenPage,
    ),
  );
  const pageMediaId = String(page.media_id ?? (page.media as { id?: string } | undefined)?.id ?? '');
  const target = await makeSession(base);
  return { ...base, protectedSession: { ...protectedRef, pageMediaId }, target };
}

/** The protected session as its RP reads it (view without volatile fields) and its page's hash. */
export async function protectedSnapshot(f: FuzzService): Promise<{ view: string; pageSha256: string }> {
  const s = f.protectedSession;
  const read = async (relPath: string) => {
    const signed = signRp(f, 'GET', relPath, null);
    return exchange(f, { bytes: httpRequest('GET', signed.target, { 'X-Yoti-Auth-Digest': signed.digest }) });
  };
  const view = await read(`/sessions/${s.id}`);
  const media = await readMedia(f, s.id, s.pageMediaId);
  return {
    view: typeof view.status === 'number' ? `${view.status} ${(view as { body: string }).body}` : view.status,
    pageSha256: media,
  };
}

/** The media's bytes' SHA-256 over a plain (binary-safe) read. */
async function readMedia(f: FuzzService, sessionId: string, mediaId: string): Promise<string> {
  const signed = signRp(f, 'GET', `/sessions/${sessionId}/media/${mediaId}/content`, null);
  const res = await fetch(`http://${f.host}:${f.port}${signed.target}`, {
    headers: { 'X-Yoti-Auth-Digest': signed.digest },
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  return `${res.status} ${createHash('sha256').update(bytes).digest('hex')}`;
}
