// The bad-input table: each malformed, oversized, truncated, misplaced or out-of-order request
// gets a 4xx with a JSON body naming the problem, and whatever was stored before is still there.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_IMAGE_BYTES } from '../../../common/ipc/contract';
import { startWithSpecimens } from './specimenHarness';
import {
  SPECIMEN_TD3_MRZ,
  call,
  clientApi,
  fullSpecification,
  signedCall,
  type ApiResponse,
  type Harness,
} from './support';

let h: Harness;
let jpeg: Buffer;
let png: Buffer;

beforeAll(async () => {
  ({ h, jpeg, png } = await startWithSpecimens({ jpeg: 'passport-td3.jpg', png: 'passport-td3.png' }));
});
afterAll(async () => h.close());

/** A fresh session with an ID document (passport) whose front page is already stored. */
async function sessionWithFront() {
  const created = await h.idv.createSession(fullSpecification());
  const client = clientApi(h, created.getSessionId(), created.getClientSessionToken());
  const doc = await client.createDocument('UTO', 'PASSPORT');
  const resourceId = String(doc.json.resource_id);
  const front = await client.uploadPage(resourceId, 'front', jpeg);
  expect(front.status).toBe(201);
  return {
    sessionId: created.getSessionId(),
    token: created.getClientSessionToken(),
    client,
    resourceId,
    frontMediaId: String(front.json.media_id),
  };
}

/** What was stored before the bad request is still there, byte for byte. */
async function expectFrontIntact(s: Awaited<ReturnType<typeof sessionWithFront>>) {
  const media = await h.idv.getMediaContent(s.sessionId, s.frontMediaId);
  expect(Buffer.compare(media!.getContent(), jpeg)).toBe(0);
  const status = await s.client.status();
  const [doc] = status.json.resources as Array<{ pages: Array<{ side: string; media_id: string }> }>;
  expect(doc.pages).toEqual([expect.objectContaining({ side: 'front', media_id: s.frontMediaId })]);
}

function expectProblem(res: ApiResponse, status: number, code: string, mentions?: RegExp) {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/json');
  expect(res.json.code).toBe(code);
  expect(res.json.message).toEqual(expect.any(String));
  if (mentions) expect(res.json.message).toMatch(mentions);
}

describe('RP API bad input', () => {
  it.each([
    ['malformed JSON', '{"requested_checks": [', 'MALFORMED_JSON', /not valid JSON/],
    [
      'unknown check type',
      JSON.stringify({ requested_checks: [{ type: 'MAGIC_CHECK', config: {} }] }),
      'UNKNOWN_CHECK_TYPE',
      /MAGIC_CHECK/,
    ],
    [
      'unknown task type',
      JSON.stringify({ requested_tasks: [{ type: 'READ_MINDS', config: {} }] }),
      'UNKNOWN_TASK_TYPE',
      /READ_MINDS/,
    ],
    [
      'ZOOM liveness',
      JSON.stringify({
        requested_checks: [{ type: 'LIVENESS', config: { liveness_type: 'ZOOM', max_retries: 1 } }],
      }),
      'INVALID_CHECK_CONFIG',
      /STATIC/,
    ],
    [
      'unknown country in a filter',
      JSON.stringify({
        required_documents: [
          {
            type: 'ID_DOCUMENT',
            filter: {
              type: 'ORTHOGONAL_RESTRICTIONS',
              country_restriction: { inclusion: 'WHITELIST', country_codes: ['XYZ'] },
            },
          },
        ],
      }),
      'INVALID_SESSION_SPECIFICATION',
      /country/,
    ],
    [
      'token TTL longer than resources TTL',
      JSON.stringify({ client_session_token_ttl: 7200, resources_ttl: 3600 }),
      'INVALID_SESSION_SPECIFICATION',
      /resources_ttl/,
    ],
    ['a JSON array instead of an object', '[1,2,3]', 'INVALID_SESSION_SPECIFICATION', undefined],
  ])('POST /sessions with %s → 400', async (_name, rawBody, code, mentions) => {
    const res = await signedCall(h, { method: 'POST', path: '/sessions', rawBody });
    expectProblem(res, 400, code, mentions);
  });

  it('names every invalid field in errors[] as the SDK expects (property, message)', async () => {
    const res = await signedCall(h, {
      method: 'POST',
      path: '/sessions',
      body: { client_session_token_ttl: 'soon', user_tracking_id: 42 },
    });
    expectProblem(res, 400, 'INVALID_SESSION_SPECIFICATION');
    expect((res.json.errors as Array<{ property: string }>).map((e) => e.property).sort()).toEqual([
      'client_session_token_ttl',
      'user_tracking_id',
    ]);
  });

  it('refuses path traversal and malformed ids in the RP API', async () => {
    expectProblem(
      await signedCall(h, { method: 'GET', path: '/sessions/..%2F..%2Fetc' }),
      400,
      'PATH_TRAVERSAL',
    );
    expectProblem(await signedCall(h, { method: 'GET', path: '/sessions/%2e%2e' }), 400, 'PATH_TRAVERSAL');
    expectProblem(await signedCall(h, { method: 'GET', path: '/sessions/abc$def' }), 400, 'INVALID_ID');
  });

  it('answers unknown routes and wrong methods with JSON', async () => {
    expectProblem(await call(`${h.server.rpApiUrl}/nothing-here`), 404, 'ROUTE_NOT_FOUND');
    const wrong = await signedCall(h, { method: 'PATCH', path: '/sessions' });
    expectProblem(wrong, 405, 'METHOD_NOT_ALLOWED');
    expect(wrong.headers.get('allow')).toBe('POST');
  });

  it('refuses a sandbox response-config it cannot apply', async () => {
    const { sessionId } = await sessionWithFront();
    const res = await signedCall(h, {
      method: 'PUT',
      base: 'sandbox',
      path: `/sessions/${sessionId}/response-config`,
      body: {
        check_reports: {
          ID_DOCUMENT_AUTHENTICITY: [{ result: { report: { recommendation: { value: 'MAYBE' } } } }],
        },
      },
    });
    expectProblem(res, 400, 'INVALID_RESPONSE_CONFIG', /recommendation/);
  });
});

describe('client API bad input', () => {
  it('refuses an unknown country, an unknown document type, and one the country does not issue', async () => {
    const created = await h.idv.createSession(fullSpecification());
    const client = clientApi(h, created.getSessionId(), created.getClientSessionToken());
    expectProblem(await client.createDocument('XXX', 'PASSPORT'), 400, 'UNKNOWN_COUNTRY', /XXX/);
    expectProblem(
      await client.createDocument('GBR', 'LIBRARY_CARD'),
      400,
      'UNKNOWN_DOCUMENT_TYPE',
      /LIBRARY_CARD/,
    );
    expectProblem(await client.createDocument('GBR', 'NATIONAL_ID'), 400, 'DOCUMENT_TYPE_NOT_ISSUED', /GBR/);
    const malformed = await call(`${client.base}/resources/id-documents`, {
      method: 'POST',
      token: created.getClientSessionToken(),
      raw: '{"issuing_country":',
      headers: { 'Content-Type': 'application/json' },
    });
    expectProblem(malformed, 400, 'MALFORMED_JSON');
    expect((await client.status()).json.resources).toEqual([]);
  });

  it('refuses a page the document does not have, and a side that does not exist', async () => {
    const s = await sessionWithFront();
    expectProblem(
      await s.client.uploadPage(s.resourceId, 'back', jpeg),
      400,
      'PAGE_NOT_ON_DOCUMENT',
      /PASSPORT has no back/,
    );
    expectProblem(await s.client.uploadPage(s.resourceId, 'left', jpeg), 400, 'UNKNOWN_PAGE');
    expectProblem(
      await s.client.uploadPage(s.resourceId, 'front', jpeg, { 'X-Capture-Method': 'TELEPATHY' }),
      400,
      'INVALID_CAPTURE_METHOD',
    );
    await expectFrontIntact(s);
  });

  it('refuses bodies that are not whole JPEG/PNG images', async () => {
    const s = await sessionWithFront();
    const other = await s.client.createLiveness();
    const liveness = String(other.json.resource_id);
    expectProblem(
      await s.client.uploadFrame(liveness, Buffer.from('hello, I am not a picture')),
      415,
      'NOT_AN_IMAGE',
    );
    expectProblem(await s.client.uploadFrame(liveness, Buffer.alloc(0)), 400, 'EMPTY_IMAGE');
    expectProblem(
      await s.client.uploadFrame(liveness, jpeg.subarray(0, Math.floor(jpeg.length * 0.6))),
      400,
      'TRUNCATED_IMAGE',
      /truncated/,
    );
    expectProblem(
      await s.client.uploadFrame(liveness, png.subarray(0, png.length - 20), { 'Content-Type': 'image/png' }),
      400,
      'TRUNCATED_IMAGE',
    );
    expectProblem(
      await s.client.uploadFrame(liveness, jpeg, { 'Content-Type': 'application/pdf' }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expectProblem(
      await s.client.uploadFrame(liveness, jpeg, { 'Content-Type': 'image/png' }),
      400,
      'CONTENT_TYPE_MISMATCH',
    );
    const status = await s.client.status();
    expect(
      (status.json.resources as Array<{ type: string; frames?: number }>).find((r) => r.type === 'LIVENESS')
        ?.frames,
    ).toBe(0);
    await expectFrontIntact(s);
  });

  it('refuses an image over the size limit with 413', async () => {
    const s = await sessionWithFront();
    const live = String((await s.client.createLiveness()).json.resource_id);
    const huge = Buffer.alloc(MAX_IMAGE_BYTES + 128 * 1024);
    jpeg.copy(huge, 0, 0, 1024);
    expectProblem(await s.client.uploadFrame(live, huge), 413, 'PAYLOAD_TOO_LARGE', /limit/);
    // The connection closes after a refused upload; the service carries on.
    expect((await s.client.uploadFrame(live, jpeg)).status).toBe(201);
    await expectFrontIntact(s);
  });

  it('refuses a retake whose bytes are not the type it names, and keeps the first page', async () => {
    const s = await sessionWithFront();
    expectProblem(
      await s.client.uploadPage(s.resourceId, 'front', png, { 'Content-Type': 'image/jpeg' }),
      400,
      'CONTENT_TYPE_MISMATCH',
    );
    await expectFrontIntact(s);
  });

  it('answers a resent write with the same Idempotency-Key with the first response', async () => {
    const created = await h.idv.createSession(fullSpecification());
    const client = clientApi(h, created.getSessionId(), created.getClientSessionToken());
    const doc = await client.createDocument('UTO', 'PASSPORT', { 'Idempotency-Key': 'doc-create-0001' });
    const again = await client.createDocument('UTO', 'PASSPORT', { 'Idempotency-Key': 'doc-create-0001' });
    expectProblem(again, 409, 'ALREADY_UPLOADED');
    expect(again.json.resource_id).toBe(doc.json.resource_id);
    const resourceId = String(doc.json.resource_id);
    const first = await client.uploadPage(resourceId, 'front', jpeg, {
      'Idempotency-Key': 'page-front-0001',
    });
    const resent = await client.uploadPage(resourceId, 'front', jpeg, {
      'Idempotency-Key': 'page-front-0001',
    });
    expectProblem(resent, 409, 'ALREADY_UPLOADED');
    expect(resent.json.media_id).toBe(first.json.media_id);
    expectProblem(
      await client.createDocument('UTO', 'PASSPORT', { 'Idempotency-Key': 'bad key!' }),
      400,
      'INVALID_IDEMPOTENCY_KEY',
    );
    const session = await h.idv.getSession(created.getSessionId());
    expect(session.getResources().getIdDocuments()).toHaveLength(1);
    expect(session.getResources().getIdDocuments()[0].getPages()).toHaveLength(1);
  });

  it('refuses MRZ lines that are not an MRZ', async () => {
    const s = await sessionWithFront();
    expectProblem(await s.client.putMrz(s.resourceId, ['P<UTO', 'L898']), 400, 'INVALID_MRZ', /44/);
    expectProblem(
      await s.client.putMrz(s.resourceId, [SPECIMEN_TD3_MRZ[0].replace('<', '*'), SPECIMEN_TD3_MRZ[1]]),
      400,
      'INVALID_MRZ',
    );
    expectProblem(await s.client.putMrz(s.resourceId, ['one line']), 400, 'INVALID_MRZ');
    expect((await s.client.putMrz(s.resourceId, SPECIMEN_TD3_MRZ)).status).toBe(200);
  });

  it('refuses a liveness type other than STATIC', async () => {
    const created = await h.idv.createSession(fullSpecification());
    const res = await call(`${h.server.clientApiUrl}/sessions/${created.getSessionId()}/resources/liveness`, {
      method: 'POST',
      token: created.getClientSessionToken(),
      body: { liveness_type: 'ZOOM' },
    });
    expectProblem(res, 400, 'UNSUPPORTED_LIVENESS_TYPE');
  });

  it('refuses submit while required resources are missing, naming them', async () => {
    const s = await sessionWithFront();
    const res = await s.client.submit();
    expectProblem(res, 400, 'MISSING_RESOURCES', /LIVENESS/);
    expect(res.json.missing).toEqual(expect.arrayContaining([expect.stringContaining('LIVENESS')]));
    const status = await s.client.status();
    expect(status.json.submitted).toBe(false);
    expect(status.json.missing).toEqual(res.json.missing);
  });

  it('refuses uploads after submit, and a second submit', async () => {
    const s = await sessionWithFront();
    const live = String((await s.client.createLiveness()).json.resource_id);
    expect((await s.client.uploadFrame(live, jpeg)).status).toBe(201);
    expect((await s.client.submit()).status).toBe(202);
    expectProblem(await s.client.uploadFrame(live, jpeg), 409, 'SESSION_SUBMITTED');
    expectProblem(await s.client.putMrz(s.resourceId, SPECIMEN_TD3_MRZ), 409, 'SESSION_SUBMITTED');
    expectProblem(await s.client.createDocument('GBR', 'PASSPORT'), 409, 'SESSION_SUBMITTED');
    expectProblem(await s.client.submit(), 409, 'ALREADY_SUBMITTED');
    await h.server.idle();
    await expectFrontIntact(s);
  });

  it('refuses path traversal and malformed ids in the client API', async () => {
    const s = await sessionWithFront();
    const base = `${h.server.clientApiUrl}/sessions`;
    expectProblem(
      await call(`${base}/..%2F..%2Fetc%2Fpasswd/status`, { token: s.token }),
      400,
      'PATH_TRAVERSAL',
    );
    expectProblem(
      await call(`${base}/${s.sessionId}/resources/id-documents/%2E%2E/pages/front/media`, {
        method: 'PUT',
        token: s.token,
        raw: jpeg,
        headers: { 'Content-Type': 'image/jpeg' },
      }),
      400,
      'PATH_TRAVERSAL',
    );
    expectProblem(
      await call(`${base}/${s.sessionId}/resources/id-documents/a%5Cb/pages/front/media`, {
        method: 'PUT',
        token: s.token,
        raw: jpeg,
        headers: { 'Content-Type': 'image/jpeg' },
      }),
      400,
      'PATH_TRAVERSAL',
    );
    expectProblem(
      await call(`${base}/${s.sessionId}/resources/id-documents/not%20an%20id/mrz`, {
        method: 'PUT',
        token: s.token,
        body: { lines: SPECIMEN_TD3_MRZ },
      }),
      400,
      'INVALID_ID',
    );
    await expectFrontIntact(s);
  });
});

describe('HTTP level', () => {
  it('answers oversized request headers with 431 and a JSON body', async () => {
    const url = new URL(h.server.url);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () => {
        socket.write(
          `GET /idverify/v1/supported-documents HTTP/1.1\r\nHost: x\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`,
        );
      });
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 431/);
    const body = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)) as { code: string; message: string };
    expect(body.code).toBe('HEADERS_TOO_LARGE');
  });

  it('answers a malformed HTTP request with 400 JSON', async () => {
    const url = new URL(h.server.url);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () => socket.write('NOT HTTP AT ALL\r\n\r\n'));
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400/);
    expect(raw).toContain('"code":"MALFORMED_REQUEST"');
  });
});
