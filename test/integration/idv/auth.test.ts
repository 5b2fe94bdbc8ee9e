// Request authentication: the RP API's signed requests (digest, sdkId, clock, nonce) and the
// client API's bearer token. Every refusal is a 401 (or 404 for another app's session) with a JSON
// body, and changes nothing.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { IDVClient } from 'yoti';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  clientApi,
  fullSpecification,
  replay,
  signedCall,
  startHarness,
  type Harness,
} from './support';

describe('signed RP requests', () => {
  let h: Harness;
  let sessionId: string;
  beforeAll(async () => {
    h = await startHarness();
    sessionId = (await h.idv.createSession(fullSpecification())).getSessionId();
  });
  afterAll(async () => h.close());

  const exists = async (id: string) =>
    (await signedCall(h, { method: 'GET', path: `/sessions/${id}` })).status;

  it('accepts a request signed like the SDK does, with the timestamp in ms or in seconds', async () => {
    expect((await signedCall(h, { method: 'GET', path: `/sessions/${sessionId}` })).status).toBe(200);
    const seconds = Math.floor(Date.now() / 1000);
    const res = await signedCall(h, { method: 'GET', path: `/sessions/${sessionId}`, timestamp: seconds });
    expect(res.status).toBe(200);
    expect(res.json.session_id).toBe(sessionId);
  });

  it('refuses a missing signature', async () => {
    const res = await signedCall(h, { method: 'GET', path: `/sessions/${sessionId}`, digest: () => null });
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({
      code: 'MISSING_SIGNATURE',
      message: expect.stringContaining('X-Yoti-Auth-Digest'),
    });
  });

  it('refuses a tampered digest and does not delete anything', async () => {
    const res = await signedCall(h, {
      method: 'DELETE',
      path: `/sessions/${sessionId}`,
      digest: (real) => (real[0] === 'A' ? 'B' : 'A') + real.slice(1),
    });
    expect(res.status).toBe(401);
    expect(res.json.code).toBe('BAD_SIGNATURE');
    expect(await exists(sessionId)).toBe(200);
  });

  it('refuses a body that is not the one signed, and creates no session', async () => {
    const before = await signedCall(h, {
      method: 'POST',
      path: '/sessions',
      body: { requested_checks: [{ type: 'ID_DOCUMENT_AUTHENTICITY', config: {} }] },
      sentBody: JSON.stringify({
        requested_checks: [{ type: 'LIVENESS', config: { liveness_type: 'STATIC' } }],
      }),
    });
    expect(before.status).toBe(401);
    expect(before.json.code).toBe('BAD_SIGNATURE');
    expect(before.json.session_id).toBeUndefined();
  });

  it('refuses a signature made with another key for the same sdkId', async () => {
    const { privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const res = await signedCall(h, { method: 'GET', path: `/sessions/${sessionId}`, pem: privateKey });
    expect(res.status).toBe(401);
    expect(res.json.code).toBe('BAD_SIGNATURE');
  });

  it('refuses an unknown sdkId, and a request with none', async () => {
    const stranger = new IDVClient(randomUUID(), h.privateKeyPem, { apiUrl: h.server.rpApiUrl });
    await expect(stranger.getSession(sessionId)).rejects.toMatchObject({
      message: expect.stringContaining('UNKNOWN_SDK_ID'),
    });
    const none = await signedCall(h, { method: 'GET', path: `/sessions/${sessionId}`, sdkId: null });
    expect(none.status).toBe(401);
    expect(none.json.code).toBe('MISSING_SDK_ID');
  });

  it('refuses a timestamp more than five minutes off, either way', async () => {
    const old = await signedCall(h, {
      method: 'GET',
      path: `/sessions/${sessionId}`,
      timestamp: Date.now() - 6 * 60_000,
    });
    expect(old.status).toBe(401);
    expect(old.json).toMatchObject({
      code: 'STALE_TIMESTAMP',
      message: expect.stringMatching(/3[56]\d s off/),
    });
    const future = await signedCall(h, {
      method: 'GET',
      path: `/sessions/${sessionId}`,
      timestamp: Date.now() + 6 * 60_000,
    });
    expect(future.status).toBe(401);
    const garbage = await signedCall(h, {
      method: 'GET',
      path: `/sessions/${sessionId}`,
      timestamp: 'yesterday',
    });
    expect(garbage.json.code).toBe('MISSING_TIMESTAMP');
    // The SDK's own calls are refused too when the clocks disagree.
    h.clock.offsetMs = 10 * 60_000;
    try {
      await expect(h.idv.getSession(sessionId)).rejects.toMatchObject({
        message: expect.stringContaining('STALE_TIMESTAMP'),
      });
    } finally {
      h.clock.offsetMs = 0;
    }
  });

  it('refuses a replayed request (same nonce), even a valid one', async () => {
    const first = await signedCall(h, { method: 'GET', path: `/sessions/${sessionId}` });
    expect(first.status).toBe(200);
    const again = await replay(first.url, 'GET', first.sentDigest!);
    expect(again.status).toBe(401);
    expect(again.json.code).toBe('REPLAYED_NONCE');
    // A replayed DELETE cannot delete a session the first request did not.
    const other = (await h.idv.createSession(fullSpecification())).getSessionId();
    const nonce = randomUUID();
    const deleteFirst = await signedCall(h, { method: 'GET', path: `/sessions/${other}`, nonce });
    expect(deleteFirst.status).toBe(200);
    const reused = await signedCall(h, { method: 'DELETE', path: `/sessions/${other}`, nonce });
    expect(reused.status).toBe(401);
    expect(await exists(other)).toBe(200);
  });

  it("hides another app's sessions (404) and cannot delete them", async () => {
    const { sdkId, privateKeyPem } = await h.server.apps.create('other app');
    const other = new IDVClient(sdkId, privateKeyPem, { apiUrl: h.server.rpApiUrl });
    await expect(other.getSession(sessionId)).rejects.toMatchObject({
      message: expect.stringContaining('SESSION_NOT_FOUND'),
    });
    await expect(other.deleteSession(sessionId)).rejects.toMatchObject({ response: { statusCode: 404 } });
    await expect(other.getSessionConfiguration(sessionId)).rejects.toMatchObject({
      response: { statusCode: 404 },
    });
    await expect(other.getSessionTrackedDevices(sessionId)).rejects.toMatchObject({
      response: { statusCode: 404 },
    });
    expect(await exists(sessionId)).toBe(200);
    // ...and cannot set another app's sandbox config through the path.
    const hijack = await signedCall(h, {
      method: 'PUT',
      base: 'sandbox',
      path: `/apps/${sdkId}/response-config`,
      sdkId: null,
      body: { check_reports: {} },
    });
    expect(hijack.status).toBe(401);
    expect(hijack.json.code).toBe('BAD_SIGNATURE');
  });

  it('answers an unsigned request with 401 JSON, but serves supported documents publicly', async () => {
    const unsigned = await call(`${h.server.rpApiUrl}/sessions/${sessionId}`);
    expect(unsigned.status).toBe(401);
    expect(unsigned.headers.get('content-type')).toContain('application/json');
    const docs = await call(`${h.server.rpApiUrl}/supported-documents`);
    expect(docs.status).toBe(200);
    expect(Array.isArray(docs.json.supported_countries)).toBe(true);
  });
});

describe('client session token', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.close());

  it('needs the bearer token of that very session, in the Authorization header', async () => {
    const a = await h.idv.createSession(fullSpecification());
    const b = await h.idv.createSession(fullSpecification());
    const base = `${h.server.clientApiUrl}/sessions/${a.getSessionId()}/configuration`;
    const missing = await call(base);
    expect(missing.status).toBe(401);
    expect(missing.json.code).toBe('MISSING_TOKEN');
    const wrong = await call(base, { token: 'x'.repeat(43) });
    expect(wrong.status).toBe(401);
    expect(wrong.json.code).toBe('INVALID_TOKEN');
    const otherSession = await call(base, { token: b.getClientSessionToken() });
    expect(otherSession.status).toBe(403);
    expect(otherSession.json.code).toBe('TOKEN_SESSION_MISMATCH');
    const inUrl = await call(`${base}?token=${a.getClientSessionToken()}`, {
      token: a.getClientSessionToken(),
    });
    expect(inUrl.status).toBe(400);
    expect(inUrl.json.code).toBe('TOKEN_IN_URL');
    const ok = await call(base, { token: a.getClientSessionToken() });
    expect(ok.status).toBe(200);
    expect(ok.json.session_id).toBe(a.getSessionId());
  });

  it('refuses an expired token with a message that says so, and keeps what was uploaded', async () => {
    const created = await h.idv.createSession(fullSpecification());
    const client = clientApi(h, created.getSessionId(), created.getClientSessionToken());
    const doc = await client.createDocument('GBR', 'PASSPORT');
    expect(doc.status).toBe(201);
    h.clock.offsetMs = 601_000; // ttl is 600 s
    try {
      const late = await client.status();
      expect(late.status).toBe(401);
      expect(late.json.code).toBe('TOKEN_EXPIRED');
      expect(late.json.message).toMatch(/expired at .*new session/);
    } finally {
      h.clock.offsetMs = 0;
    }
    const session = await h.idv.getSession(created.getSessionId());
    expect(
      session
        .getResources()
        .getIdDocuments()
        .map((d) => d.getId()),
    ).toEqual([doc.json.resource_id]);
  });
});
