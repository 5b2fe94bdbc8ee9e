// Shared harness for the IDV integration tests: a real server on 127.0.0.1 port 0 in a temp data
// directory, an app registered through the server's API, the official SDK clients pointed at it,
// and small helpers for the client API (plain fetch, bearer token).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
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
  const logs: string[] = [];
  const server = await createIdvServer({
    dataDir,
    now: () => Date.now() + clock.offsetMs,
    log: (line) => logs.push(line),
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
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  let body: BodyInit | undefined;
  if (init.raw !== undefined) body = init.raw as BodyInit;
  else if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers['Content-Type'] ??= 'application/json';
  }
  const res = await fetch(url, { method: init.method ?? 'GET', headers, body });
  const text = await res.text();
  let json: ApiResponse['json'] = {};
  try {
    json = text ? (JSON.parse(text) as ApiResponse['json']) : {};
  } catch {
    json = {};
  }
  return { status: res.status, headers: res.headers, json, text };
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
    submit: (headers?: Record<string, string>) => call(`${base}/submit`, { method: 'POST', token, headers }),
  };
}

export async function waitForState(h: Harness, sessionId: string, state: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await h.idv.getSession(sessionId);
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
