// Faults and load on the local service (issue 12): unsigned bodies refused before they are read,
// a connection cap, header/body timeouts, the pixel limit before decoding, deep JSON, the liveness
// frame limit under parallel uploads, and orphaned blobs swept while the service runs.
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../../../idv/http/bodyReader';
import { DEFAULT_HTTP_LIMITS } from '../../../idv/http/serverLimits';
import { MAX_IMAGE_PIXELS } from '../../../idv/imageFile';
import { MAX_LIVENESS_FRAMES } from '../../../idv/store/resourceRepository';
import {
  call,
  clientApi,
  fixture,
  fullSpecification,
  signedCall,
  startHarness,
  type Harness,
} from './support';
import { flatPng } from '../../support/faultFuzz/pngBomb';

/** A raw connection to the server, with everything it answered and whether it was closed. */
function rawConnection(
  url: string,
): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString('latin1')));
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    socket.once('error', () => undefined);
    socket.once('connect', () => resolve({ socket, received: () => data, closed }));
    socket.once('error', reject);
  });
}

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('HTTP faults on the local service', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      http: { maxConnections: 40, headersTimeoutMs: 400, requestTimeoutMs: 800, idleTimeoutMs: 2_000 },
      sweepIntervalMs: 100,
    });
  });
  afterAll(async () => h.close());

  it('defaults stay far below Node’s 300 s and cap connections', () => {
    expect(DEFAULT_HTTP_LIMITS).toEqual({
      maxConnections: 64,
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 60_000,
      idleTimeoutMs: 15_000,
    });
  });

  it('refuses an unsigned or unknown-app RP call before its body arrives', async () => {
    const { origin } = new URL(h.server.rpApiUrl);
    for (const [query, code] of [
      [`sdkId=${h.sdkId}&nonce=n1&timestamp=${Date.now()}`, 'MISSING_SIGNATURE'],
      [`sdkId=nobody&nonce=n2&timestamp=${Date.now()}`, 'UNKNOWN_SDK_ID'],
    ] as const) {
      const c = await rawConnection(origin);
      const headers = code === 'UNKNOWN_SDK_ID' ? 'X-Yoti-Auth-Digest: abc\r\n' : '';
      // 900 KiB announced (under the JSON limit), 10 bytes sent: the answer must not wait for the rest.
      c.socket.write(
        `POST /idverify/v1/sessions?${query} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
          `${headers}Content-Length: ${900 * 1024}\r\n\r\n{"a":12345`,
      );
      await expect.poll(() => c.received(), { timeout: 5_000 }).toContain(`"code":"${code}"`);
      expect(c.received().startsWith('HTTP/1.1 401')).toBe(true);
      c.socket.destroy();
    }
  });

  it('closes a connection whose headers or body stall', async () => {
    const { origin } = new URL(h.server.url);
    const headersStalled = await rawConnection(origin);
    headersStalled.socket.write('GET /health HTTP/1.1\r\nHost: x\r\n');
    await headersStalled.closed;
    expect(headersStalled.received()).toMatch(/^HTTP\/1\.1 408/);

    const created = await h.idv.createSession(fullSpecification());
    const bodyStalled = await rawConnection(origin);
    bodyStalled.socket.write(
      `PUT /idverify/v1/client/sessions/${created.getSessionId()}/resources/liveness/x/frames HTTP/1.1\r\n` +
        `Host: x\r\nAuthorization: Bearer ${created.getClientSessionToken()}\r\nContent-Type: image/jpeg\r\n` +
        `Content-Length: 100000\r\n\r\n\xff\xd8\xff`,
    );
    await bodyStalled.closed;
    expect(bodyStalled.received()).toMatch(/^HTTP\/1\.1 408/);
  });

  it('caps open connections; a freed slot is usable again', async () => {
    const { origin } = new URL(h.server.url);
    const held: Array<Awaited<ReturnType<typeof rawConnection>>> = [];
    for (let i = 0; i < 40; i++) held.push(await rawConnection(origin));
    for (const c of held) c.socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    await expect.poll(() => held.every((c) => c.received().includes('"status":"ok"'))).toBe(true);
    const extra = await rawConnection(origin);
    extra.socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    await extra.closed;
    expect(extra.received()).toBe('');
    held.pop()!.socket.destroy();
    await expect
      .poll(async () => (await call(`${h.server.url}/health`).catch(() => ({ status: 0 }))).status)
      .toBe(200);
    for (const c of held) c.socket.destroy();
    await Promise.all(held.map((c) => c.closed));
    // Every slot free again before the next test's SDK calls.
    await expect
      .poll(async () => (await call(`${h.server.url}/health`).catch(() => ({ status: 0 }))).status)
      .toBe(200);
  });

  it('refuses an image of more than MAX_IMAGE_PIXELS from its header, before decoding', async () => {
    const png = flatPng(10_000, 10_000);
    expect(png.length).toBeLessThan(150 * 1024);
    expect(10_000 * 10_000).toBeGreaterThan(MAX_IMAGE_PIXELS);
    const created = await h.idv.createSession(fullSpecification());
    const client = clientApi(h, created.getSessionId(), created.getClientSessionToken());
    const doc = String((await client.createDocument('UTO', 'PASSPORT')).json.resource_id);
    const page = await client.uploadPage(doc, 'front', png, { 'Content-Type': 'image/png' });
    expect(page.status).toBe(413);
    expect(page.json).toMatchObject({ code: 'IMAGE_TOO_LARGE', width: 10_000, height: 10_000 });
    const live = String((await client.createLiveness()).json.resource_id);
    const frame = await client.uploadFrame(live, png, { 'Content-Type': 'image/png' });
    expect(frame.json.code).toBe('IMAGE_TOO_LARGE');
    // Nothing was stored: the page is still missing and a real page goes in.
    const session = await h.idv.getSession(created.getSessionId());
    expect(session.getResources().getIdDocuments()[0].getPages()).toEqual([]);
    const real = await client.uploadPage(doc, 'front', await fixture('passport-td3.jpg'));
    expect([real.status, real.text]).toEqual([201, expect.any(String)]);
  });

  it('answers JSON nested 10,000 levels with a 400, on the RP and the client API', async () => {
    const rp = await signedCall(h, {
      method: 'POST',
      path: '/sessions',
      rawBody: `{"client_session_token_ttl":600,"resources_ttl":90000,"sdk_config":${nested(10_000)}}`,
    });
    expect(rp.status).toBe(400);
    expect(rp.json.code).toBe('JSON_TOO_DEEP');
    expect(rp.json.message).toContain(String(MAX_JSON_DEPTH));
    const created = await h.idv.createSession(fullSpecification());
    const client = await call(
      `${h.server.clientApiUrl}/sessions/${created.getSessionId()}/resources/id-documents`,
      {
        method: 'POST',
        token: created.getClientSessionToken(),
        raw: `{"issuing_country":${nested(10_000)}}`,
        headers: { 'Content-Type': 'application/json' },
      },
    );
    expect([client.status, client.json.code]).toEqual([400, 'JSON_TOO_DEEP']);
    // A request at the limit is still read (and refused only for what it says).
    const ok = await h.idv.createSession(fullSpecification());
    expect(ok.getSessionId()).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('stores exactly MAX_LIVENESS_FRAMES of 30 parallel frame uploads', async () => {
    const created = await h.idv.createSession(fullSpecification());
    const sessionId = created.getSessionId();
    const client = clientApi(h, sessionId, created.getClientSessionToken());
    const live = String((await client.createLiveness()).json.resource_id);
    const tiny = await fixture('pacman.jpg');
    const answers = await Promise.all(Array.from({ length: 30 }, () => client.uploadFrame(live, tiny)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(MAX_LIVENESS_FRAMES);
    expect(statuses.filter((s) => s === 409)).toHaveLength(30 - MAX_LIVENESS_FRAMES);
    const status = await client.status();
    const resource = (status.json.resources as Array<{ resource_id: string; frames?: number }>).find(
      (r) => r.resource_id === live,
    );
    expect(resource?.frames).toBe(MAX_LIVENESS_FRAMES);
  });

  it('sweeps orphaned blob files while running, not only when the store opens', async () => {
    const dir = path.join(h.dataDir, 'media', '00000000-0000-4000-8000-00000000dead');
    await mkdir(dir, { recursive: true });
    const orphan = path.join(dir, 'lost.blob');
    await writeFile(orphan, 'left by a crash');
    const hourAgo = new Date(Date.now() - 3600_000);
    await utimes(orphan, hourAgo, hourAgo);
    await utimes(dir, hourAgo, hourAgo);
    const { existsSync } = await import('node:fs');
    await expect.poll(() => existsSync(dir), { timeout: 10_000 }).toBe(false);
  });
});
