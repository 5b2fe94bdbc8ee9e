// Shared harness for the IDV integration tests: a real server on 127.0.0.1 port 0 in a temp data
// directory, an app registered through the server's API, the official SDK clients pointed at it,
// and small helpers for the client API (plain fetch, bearer token).
import { createSign, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  IDVClient,
  RequestedDocumentAuthenticityCheckBuilder,
  RequestedFaceMatchCheckBuilder,
  RequestedLivenessCheckBuilder,
  RequestedTextExtractionTaskBuilder,
  SdkConfigBuilder,
  SessionSpecificationBuilder,
} from 'yoti';
import { SandboxIDVClientBuilder } from '@getyoti/sdk-sandbox';
import { createIdvServer, type IdvServer, type IdvServerDeps } from '../../../idv/server';

export const FIXTURES = path.resolve(__dirname, '../../fixtures/specimens');

export async function fixture(name: string): Promise<Buffer> {
  return readFile(path.join(FIXTURES, name));
}

export interface Harness {
  server: IdvServer;
  dataDir: string;
  sdkId: string;
  privateKeyPem: string;
  idv: IDVClient;
  sandboxIdv: IDVClient;
  sandbox: ReturnType<SandboxIDVClientBuilder['build']>;
  /** Added to the real clock: lets a test age tokens without waiting. */
  clock: { offsetMs: number };
  close(): Promise<void>;
}

export async function startHarness(options: Partial<IdvServerDeps> = {}): Promise<Harness> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'idv-it-'));
  const clock = { offsetMs: 0 };
  const server = await createIdvServer({
    dataDir,
    now: () => Date.now() + clock.offsetMs,
    // The specimen documents (issuer UTO) are what these tests upload.
    demo: true,
    ...options,
  });
  const { sdkId, privateKeyPem } = await server.apps.create('integration tests');
  return {
    server,
    dataDir,
    sdkId,
    privateKeyPem,
    clock,
    idv: new IDVClient(sdkId, privateKeyPem, { apiUrl: server.rpApiUrl }),
    sandboxIdv: new IDVClient(sdkId, privateKeyPem, { apiUrl: server.sandboxApiUrl }),
    sandbox: new SandboxIDVClientBuilder()
      .withClientSdkId(sdkId)
      .withPemString(privateKeyPem)
      .withSandboxUrl(server.sandboxApiUrl)
      .build(),
    async close() {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The kiosk's usual session: every check this service runs plus text extraction. */
export function fullSpecification(builder = new SessionSpecificationBuilder()) {
  return builder
    .withClientSessionTokenTtl(600)
    .withResourcesTtl(90_000)
    .withUserTrackingId('kiosk-7')
    .withRequestedCheck(new RequestedDocumentAuthenticityCheckBuilder().build())
    .withRequestedCheck(new RequestedLivenessCheckBuilder().forStaticLiveness().withMaxRetries(1).build())
    .withRequestedCheck(new RequestedFaceMatchCheckBuilder().withManualCheckNever().build())
    .withRequestedTask(new RequestedTextExtractionTaskBuilder().withManualCheckNever().build())
    .withSdkConfig(new SdkConfigBuilder().withAllowsCameraAndUpload().withLocale('en-GB').build())
    .build();
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  json: Record<string, unknown> & { code?: string; message?: string };
  text: string;
}

/**
 * One HTTP request over node:http, with the path sent exactly as written: fetch and URL would
 * normalise "%2e%2e" segments away before the server could refuse them.
 */
export async function call(
  url: string,
  init: {
    method?: string;
    token?: string;
    body?: unknown;
    raw?: Uint8Array | string;
    headers?: Record<string, string>;
  } = {},
): Promise<ApiResponse> {
  const match = /^http:\/\/([^/:]+):(\d+)(\/.*)?$/.exec(url);
  if (!match) throw new Error(`not a loopback http URL: ${url}`);
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  let body: Buffer | undefined;
  if (init.raw !== undefined) body = Buffer.from(init.raw);
  else if (init.body !== undefined) {
    body = Buffer.from(JSON.stringify(init.body));
    headers['Content-Type'] ??= 'application/json';
  }
  if (body !== undefined) headers['Content-Length'] = String(body.length);
  return new Promise<ApiResponse>((resolve, reject) => {
    const req = request(
      {
        host: match[1],
        port: Number(match[2]),
        path: match[3] ?? '/',
        method: init.method ?? 'GET',
        headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: ApiResponse['json'] = {};
          try {
            json = text ? (JSON.parse(text) as ApiResponse['json']) : {};
          } catch {
            json = {};
          }
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined)
              responseHeaders.set(name, Array.isArray(value) ? value.join(', ') : value);
          }
          resolve({ status: res.statusCode ?? 0, headers: responseHeaders, json, text });
        });
      },
    );
    // The server may answer (413) and close before the whole body is written: keep its answer.
    req.on('error', reject);
    req.end(body);
  });
}

/** A session's client API, as the kiosk uses it. */
export function clientApi(h: Harness, sessionId: string, token: string) {
  const base = `${h.server.clientApiUrl}/sessions/${sessionId}`;
  return {
    base,
    configuration: () => call(`${base}/configuration`, { token }),
    status: () => call(`${base}/status`, { token }),
    createDocument: (issuing_country: string, document_type: string, headers?: Record<string, string>) =>
      call(`${base}/resources/id-documents`, {
        method: 'POST',
        token,
        body: { issuing_country, document_type },
        headers,
      }),
    uploadPage: (resourceId: string, side: string, image: Uint8Array, headers: Record<string, string> = {}) =>
      call(`${base}/resources/id-documents/${resourceId}/pages/${side}/media`, {
        method: 'PUT',
        token,
        raw: image,
        headers: { 'Content-Type': 'image/jpeg', ...headers },
      }),
    putMrz: (resourceId: string, lines: string[], headers?: Record<string, string>) =>
      call(`${base}/resources/id-documents/${resourceId}/mrz`, {
        method: 'PUT',
        token,
        body: { lines },
        headers,
      }),
    createLiveness: (headers?: Record<string, string>) =>
      call(`${base}/resources/liveness`, {
        method: 'POST',
        token,
        body: { liveness_type: 'STATIC' },
        headers,
      }),
    uploadFrame: (resourceId: string, image: Uint8Array, headers: Record<string, string> = {}) =>
      call(`${base}/resources/liveness/${resourceId}/frames`, {
        method: 'PUT',
        token,
        raw: image,
        headers: { 'Content-Type': 'image/jpeg', ...headers },
      }),
    /** Puts frame `index`: the next frame, or a retake of one that is there. */
    uploadFrameAt: (
      resourceId: string,
      index: number,
      image: Uint8Array,
      headers: Record<string, string> = {},
    ) =>
      call(`${base}/resources/liveness/${resourceId}/frames/${index}`, {
        method: 'PUT',
        token,
        raw: image,
        headers: { 'Content-Type': 'image/jpeg', ...headers },
      }),
    submit: (headers?: Record<string, string>) => call(`${base}/submit`, { method: 'POST', token, headers }),
  };
}

export async function waitForState(
  h: Harness,
  sessionId: string,
  state: string,
  timeoutMs = 60_000,
  client: IDVClient = h.idv,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await client.getSession(sessionId);
    if (result.getState() === state) return result;
    if (Date.now() > deadline)
      throw new Error(`session ${sessionId} still ${result.getState()} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** ICAO 9303 specimen TD3 MRZ (test/fixtures/specimens/passport-td3.*). */
export const SPECIMEN_TD3_MRZ = [
  'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<',
  'L898902C36UTO7408122F1204159ZE184226B<<<<<10',
];

export interface SignedCallOptions {
  method: string;
  /** Path relative to the API base, e.g. /sessions/ID. */
  path: string;
  base?: 'rp' | 'sandbox';
  body?: unknown;
  sdkId?: string | null;
  pem?: string;
  nonce?: string;
  timestamp?: number | string;
  /** Replaces the digest after signing (e.g. to tamper with it); null drops the header. */
  digest?: (real: string) => string | null;
  /** Sent instead of the signed body. */
  sentBody?: string;
  /** A raw body (e.g. malformed JSON), signed and sent as is. */
  rawBody?: string;
}

/** Signs a request exactly as the yoti SDK does, with every part under the test's control. */
export async function signedCall(
  h: Harness,
  options: SignedCallOptions,
): Promise<ApiResponse & { url: string; headers: Headers; sentDigest: string | null }> {
  const sdkId = options.sdkId === undefined ? h.sdkId : options.sdkId;
  const params = new URLSearchParams();
  if (sdkId !== null) params.set('sdkId', sdkId);
  params.set('nonce', options.nonce ?? randomUUID());
  params.set('timestamp', String(options.timestamp ?? Date.now()));
  const target = `${options.path}?${params.toString()}`;
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const message = `${options.method}&${target}${body === undefined ? '' : `&${Buffer.from(body).toString('base64')}`}`;
  const real = createSign('RSA-SHA256')
    .update(message)
    .sign(options.pem ?? h.privateKeyPem)
    .toString('base64');
  const digest = options.digest ? options.digest(real) : real;
  const base = options.base === 'sandbox' ? h.server.sandboxApiUrl : h.server.rpApiUrl;
  const headers: Record<string, string> = {};
  if (digest !== null) headers['X-Yoti-Auth-Digest'] = digest;
  const sent = options.sentBody ?? body;
  if (sent !== undefined) headers['Content-Type'] = 'application/json';
  const url = `${base}${target}`;
  const response = await call(url, { method: options.method, raw: sent, headers });
  return { ...response, url, sentDigest: digest };
}

/** Sends a request again byte for byte (same URL, digest and body). */
export async function replay(
  url: string,
  method: string,
  digest: string,
  body?: string,
): Promise<ApiResponse> {
  return call(url, {
    method,
    raw: body,
    headers: { 'X-Yoti-Auth-Digest': digest, ...(body ? { 'Content-Type': 'application/json' } : {}) },
  });
}
