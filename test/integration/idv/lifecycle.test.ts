// Time and app lifecycle: TTLs applied by the server's sweep (token expiry → EXPIRED, resources
// TTL → session deleted with its media), and apps registered from a PEM the caller owns.
import { generateKeyPairSync } from 'node:crypto';
import { IDVClient, RequestedDocumentAuthenticityCheckBuilder, SessionSpecificationBuilder } from 'yoti';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientApi, fixture, signedCall, startHarness, type Harness } from './support';

async function until(predicate: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('TTLs', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ sweepIntervalMs: 50 });
  });
  afterAll(async () => h.close());

  it('expires the session when its token lapses, then deletes it and its media at resources_ttl', async () => {
    const spec = new SessionSpecificationBuilder()
      .withClientSessionTokenTtl(60)
      .withResourcesTtl(60 + 86_400)
      .withRequestedCheck(new RequestedDocumentAuthenticityCheckBuilder().build())
      .build();
    const created = await h.idv.createSession(spec);
    const sessionId = created.getSessionId();
    const client = clientApi(h, sessionId, created.getClientSessionToken());
    const doc = await client.createDocument('GBR', 'PASSPORT');
    const page = await client.uploadPage(
      String(doc.json.resource_id),
      'front',
      await fixture('passport-td3.jpg'),
    );
    expect(page.status).toBe(201);

    // Within the signature window, so the SDK's own calls still authenticate.
    h.clock.offsetMs = 61_000;
    await until(async () => (await h.idv.getSession(sessionId)).getState() === 'EXPIRED');
    const late = await client.uploadPage(
      String(doc.json.resource_id),
      'front',
      await fixture('passport-td3.jpg'),
    );
    expect(late.status).toBe(401);
    expect(late.json.code).toBe('TOKEN_EXPIRED');
    // Expired, not deleted: the RP can still fetch what was uploaded.
    expect((await h.idv.getMediaContent(sessionId, String(page.json.media_id)))?.getMimeType()).toBe(
      'image/jpeg',
    );

    // Yoti's minimum: resources outlive the token by a day. Signed with the service's clock.
    h.clock.offsetMs = 86_461_000;
    const timestamp = () => Date.now() + h.clock.offsetMs;
    await until(
      async () =>
        (await signedCall(h, { method: 'GET', path: `/sessions/${sessionId}`, timestamp: timestamp() })).status ===
        404,
    );
    const media = await signedCall(h, {
      timestamp: timestamp(),
      method: 'GET',
      path: `/sessions/${sessionId}/media/${String(page.json.media_id)}/content`,
    });
    expect(media.status).toBe(404);
    h.clock.offsetMs = 0;
  });
});

describe('apps', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.close());

  it('registers an app from the caller’s own public key; the SDK signs with the private half', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    const sdkId = await h.server.apps.register('kiosk', publicKey);
    expect(sdkId).toMatch(/^[0-9a-f-]{36}$/);
    const client = new IDVClient(sdkId, privateKey, { apiUrl: h.server.rpApiUrl });
    const created = await client.createSession(
      new SessionSpecificationBuilder()
        .withRequestedCheck(new RequestedDocumentAuthenticityCheckBuilder().build())
        .build(),
    );
    expect((await client.getSession(created.getSessionId())).getState()).toBe('ONGOING');
  });

  it('refuses to register something that is not an RSA public key', async () => {
    await expect(h.server.apps.register('broken', 'not a pem')).rejects.toMatchObject({
      name: 'IdvStoreError',
      code: 'INVALID_INPUT',
    });
  });

  it('refuses an RP body over the JSON limit with 413 before looking at it', async () => {
    const res = await signedCall(h, {
      method: 'POST',
      path: '/sessions',
      body: { user_tracking_id: 'x', padding: 'y'.repeat(1_100_000) },
    });
    expect(res.status).toBe(413);
    expect(res.json.code).toBe('PAYLOAD_TOO_LARGE');
  });
});
