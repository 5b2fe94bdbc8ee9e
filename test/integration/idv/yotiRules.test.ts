// Yoti's documented rules, through the official yoti SDK: TTL defaults and limits, session_deadline,
// webhook addresses, what cannot be deleted while a session is in progress, camera-only sessions,
// biometric consent, allow_expired_documents, CLIENT_SESSION_TOKEN_DELETED, fields the service
// cannot honour refused in words, and sandbox response-configs kept to sandbox sessions.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  NotificationConfigBuilder,
  OrthogonalRestrictionsFilterBuilder,
  RequestedDocumentAuthenticityCheckBuilder,
  RequestedLivenessCheckBuilder,
  RequestedTextExtractionTaskBuilder,
  RequiredIdDocumentBuilder,
  SdkConfigBuilder,
  SessionSpecificationBuilder,
} from 'yoti';
import {
  SandboxCheckReportsBuilder,
  SandboxDocumentAuthenticityCheckBuilder,
  SandboxRecommendationBuilder,
  SandboxResponseConfigBuilder,
} from '@getyoti/sdk-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeferred } from '../../../common/deferred';
import { runPipeline, analyseUploadedPage } from '../../../idv/pipeline/runPipeline';
import type { PipelineInput } from '../../../idv/pipeline/types';
import {
  SPECIMEN_TD3_MRZ,
  call,
  clientApi,
  fixture,
  signedCall,
  startHarness,
  waitForState,
  type Harness,
} from './support';

type SdkError = { getResponseStatusCode(): number; message: string; getResponseBody(): unknown };

async function sdkError(promise: Promise<unknown>): Promise<{ status: number; body: { code?: string; message?: string } }> {
  try {
    await promise;
  } catch (err) {
    const e = err as SdkError;
    const raw = e.getResponseBody();
    const body = (typeof raw === 'string' ? JSON.parse(raw || '{}') : (raw ?? {})) as { code?: string; message?: string };
    return { status: e.getResponseStatusCode(), body };
  }
  throw new Error('expected the SDK call to fail');
}

const authenticityOnly = () =>
  new SessionSpecificationBuilder().withRequestedCheck(new RequestedDocumentAuthenticityCheckBuilder().build());

type CreatedSession = Awaited<ReturnType<Harness['idv']['createSession']>>;

/**
 * The person's part of a session the SDK created: a passport with the front page `page` (and the
 * specimen's MRZ as a scanner read it, when `scannedMrz`), submitted; the session once COMPLETED,
 * read with `client` (the RP's own by default, the sandbox's for a sandbox session).
 */
async function completeWithPassport(
  h: Harness,
  created: CreatedSession,
  page: string,
  { scannedMrz = false, client = h.idv }: { scannedMrz?: boolean; client?: Harness['idv'] } = {},
) {
  const api = clientApi(h, created.getSessionId(), created.getClientSessionToken());
  const doc = await api.createDocument('UTO', 'PASSPORT');
  await api.uploadPage(String(doc.json.resource_id), 'front', await fixture(page));
  if (scannedMrz) await api.putMrz(String(doc.json.resource_id), SPECIMEN_TD3_MRZ);
  await api.submit();
  return waitForState(h, created.getSessionId(), 'COMPLETED', 60_000, client);
}

/** A notification endpoint on 127.0.0.1 that records the topics it receives. */
async function topicReceiver() {
  const topics: string[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      topics.push(String((JSON.parse(Buffer.concat(chunks).toString()) as { topic?: string }).topic));
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`,
    topics,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('session creation rules', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.close());

  it('gives a client session token Yoti’s default lifetime of 600 s', async () => {
    const created = await h.idv.createSession(authenticityOnly().build());
    expect(created.getClientSessionTokenTtl()).toBe(600);
  });

  it('refuses resources_ttl shorter than the token’s lifetime plus a day, naming the minimum', async () => {
    const spec = authenticityOnly().withClientSessionTokenTtl(600).withResourcesTtl(3600).build();
    const { status, body } = await sdkError(h.idv.createSession(spec));
    expect(status).toBe(400);
    expect(body.message).toBe(
      "resources_ttl (3600 s) must be at least the client session token's lifetime plus one day (87000 s)",
    );
    const ok = await h.idv.createSession(authenticityOnly().withClientSessionTokenTtl(600).withResourcesTtl(87_000).build());
    expect(ok.getClientSessionTokenTtl()).toBe(600);
  });

  it('takes session_deadline as the token’s end, and refuses it with a TTL or in the past', async () => {
    const deadline = new Date(Date.now() + 3_600_000);
    const created = await h.idv.createSession(authenticityOnly().withSessionDeadline(deadline).build());
    const ttl = created.getClientSessionTokenTtl();
    expect(ttl).toBeGreaterThanOrEqual(3590);
    expect(ttl).toBeLessThanOrEqual(3600);
    const config = await h.idv.getSessionConfiguration(created.getSessionId());
    expect(config.getClientSessionTokenTtl()).toBeLessThanOrEqual(3600);

    const both = await sdkError(
      h.idv.createSession(authenticityOnly().withSessionDeadline(deadline).withClientSessionTokenTtl(900).build()),
    );
    expect(both.body.message).toBe('session_deadline and client_session_token_ttl: give one of them, not both');
    const past = await sdkError(
      h.idv.createSession(authenticityOnly().withSessionDeadline(new Date(Date.now() - 60_000)).build()),
    );
    expect(past.status).toBe(400);
    expect(past.body.message).toMatch(/^session_deadline must lie between now and 90 days ahead/);
  });

  it.each([
    ['http://example.com/hook'],
    ['http://169.254.169.254/latest/meta-data'],
    ['https://169.254.169.254/hook'],
    ['https://metadata.google.internal/computeMetadata'],
    ['http://[fe80::1]/hook'],
  ])('refuses the webhook %s', async (endpoint) => {
    const spec = authenticityOnly()
      .withNotifications(new NotificationConfigBuilder().withEndpoint(endpoint).forSessionCompletion().build())
      .build();
    const { status, body } = await sdkError(h.idv.createSession(spec));
    expect(status).toBe(400);
    expect(body.message).toBe(
      'notifications.endpoint: must be https, or http to a loopback host (127.0.0.0/8, ::1, localhost); link-local and cloud metadata addresses are refused',
    );
  });

  it('accepts https anywhere else and plain http to loopback', async () => {
    for (const endpoint of ['https://rp.example.com/hook', 'http://127.0.0.1:9/hook', 'http://localhost:9/hook']) {
      const spec = authenticityOnly()
        .withNotifications(new NotificationConfigBuilder().withEndpoint(endpoint).forSessionCompletion().build())
        .build();
      expect((await h.idv.createSession(spec)).getSessionId()).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it.each([
    ['import_token', { import_token: { ttl: 3600 } }, 'import_token is not supported by the local service: it cannot import a Yoti Digital ID (Yoti cloud does)'],
    [
      'create_identity_profile_preview',
      { create_identity_profile_preview: true },
      'create_identity_profile_preview is not supported by the local service: it makes no identity profiles (Yoti cloud does)',
    ],
    ['an unknown field', { surprise: 1 }, 'Unrecognized key: "surprise"'],
  ])('refuses %s in words instead of dropping it', async (_what, extra, message) => {
    const res = await signedCall(h, {
      method: 'POST',
      path: '/sessions',
      body: { requested_checks: [{ type: 'ID_DOCUMENT_AUTHENTICITY', config: {} }], ...extra },
    });
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('INVALID_SESSION_SPECIFICATION');
    expect(res.json.message).toContain(message);
  });

  it('refuses PROFILE_DOCUMENT_MATCH without resources.applicant_profile, and manual_check IBV outside IBV', async () => {
    const noProfile = await signedCall(h, {
      method: 'POST',
      path: '/sessions',
      body: { ibv_options: { support: 'MANDATORY' }, requested_checks: [{ type: 'PROFILE_DOCUMENT_MATCH', config: {} }] },
    });
    expect(noProfile.status).toBe(400);
    expect(noProfile.json.code).toBe('APPLICANT_PROFILE_REQUIRED');
    const ibvOutside = await signedCall(h, {
      method: 'POST',
      path: '/sessions',
      body: { requested_checks: [{ type: 'ID_DOCUMENT_AUTHENTICITY', config: { manual_check: 'IBV' } }] },
    });
    expect(ibvOutside.status).toBe(400);
    expect(ibvOutside.json).toMatchObject({
      code: 'IBV_NOT_ENABLED',
      message: 'requested_checks.0.config.manual_check: IBV needs ibv_options (an In-Branch Verification session)',
    });
  });
});

describe('capture rules on the client API', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.close());

  it('refuses an uploaded page in a camera-only session; a camera capture goes in', async () => {
    const created = await h.idv.createSession(
      authenticityOnly().withSdkConfig(new SdkConfigBuilder().withAllowsCamera().build()).build(),
    );
    const api = clientApi(h, created.getSessionId(), created.getClientSessionToken());
    const doc = await api.createDocument('UTO', 'PASSPORT');
    const upload = await api.uploadPage(String(doc.json.resource_id), 'front', await fixture('passport-td3.jpg'), {
      'X-Capture-Method': 'UPLOAD',
    });
    expect(upload.status).toBe(403);
    expect(upload.json).toMatchObject({
      code: 'UPLOAD_NOT_ALLOWED',
      message:
        'this session allows camera capture only (sdk_config.allowed_capture_methods CAMERA); an uploaded page is refused',
    });
    expect((await api.status()).json.resources).toMatchObject([{ pages: [] }]);
    const camera = await api.uploadPage(String(doc.json.resource_id), 'front', await fixture('passport-td3.jpg'), {
      'X-Capture-Method': 'CAMERA',
    });
    expect(camera.status).toBe(201);
  });

  it('block_biometric_consent: no liveness until the consent is recorded, which the RP sees', async () => {
    const created = await h.idv.createSession(
      new SessionSpecificationBuilder()
        .withRequestedCheck(new RequestedLivenessCheckBuilder().forStaticLiveness().build())
        .withBlockBiometricConsent(true)
        .build(),
    );
    const sessionId = created.getSessionId();
    const api = clientApi(h, sessionId, created.getClientSessionToken());
    const refused = await api.createLiveness();
    expect(refused.status).toBe(403);
    expect(refused.json.code).toBe('BIOMETRIC_CONSENT_REQUIRED');
    expect((await api.configuration()).json).toMatchObject({ capture: { biometric_consent: 'REQUIRED' } });

    const consent = await call(`${api.base}/consents`, {
      method: 'POST',
      token: created.getClientSessionToken(),
      body: { biometric: true },
    });
    expect(consent.status).toBe(200);
    expect(consent.json.biometric_consent).toBe('GIVEN');
    expect((await api.createLiveness()).status).toBe(201);
    expect((await api.configuration()).json).toMatchObject({ capture: { biometric_consent: 'GIVEN' } });
    const events = (await h.idv.getSessionTrackedDevices(sessionId)).getDeviceEvents().map((e) => e.getEvent());
    expect(events).toContain('BIOMETRIC_CONSENT_GIVEN');
  });

  it('refuses a malformed consent body, recording nothing', async () => {
    const created = await h.idv.createSession(authenticityOnly().withBlockBiometricConsent(true).build());
    const token = created.getClientSessionToken();
    const base = `${h.server.clientApiUrl}/sessions/${created.getSessionId()}`;
    const bad = await call(`${base}/consents`, { method: 'POST', token, body: { biometric: 'yes' } });
    expect(bad.status).toBe(400);
    expect(bad.json.code).toBe('INVALID_CONSENT');
    expect((await call(`${base}/configuration`, { token })).json).toMatchObject({
      capture: { biometric_consent: 'REQUIRED' },
    });
  });
});

describe('while a session is in progress', () => {
  let h: Harness;
  const gate = { current: createDeferred<void>() };
  const started = { current: createDeferred<void>() };
  beforeAll(async () => {
    h = await startHarness({
      pipeline: {
        analyseUploadedPage,
        // The real pipeline, held after its first check so a test sees the session mid-way.
        runPipeline: async (input: PipelineInput) =>
          runPipeline({
            ...input,
            onCheck: (check) => {
              input.onCheck?.(check);
              started.current.resolve();
            },
          }).then(async (result) => {
            await gate.current.promise;
            return result;
          }),
      },
    });
  });
  afterAll(async () => {
    gate.current.resolve();
    await h.close();
  });

  it('refuses to delete media (409) and the session while checks run; shows done checks before COMPLETED', async () => {
    const receiver = await topicReceiver();
    try {
      const created = await h.idv.createSession(
        authenticityOnly()
          .withRequestedTask(new RequestedTextExtractionTaskBuilder().withManualCheckNever().build())
          .withNotifications(new NotificationConfigBuilder().withEndpoint(receiver.url).build())
          .build(),
      );
      const sessionId = created.getSessionId();
      const api = clientApi(h, sessionId, created.getClientSessionToken());
      const doc = await api.createDocument('UTO', 'PASSPORT');
      const page = await api.uploadPage(String(doc.json.resource_id), 'front', await fixture('passport-td3.jpg'));
      const mediaId = String(page.json.media_id);

      const early = await sdkError(h.idv.deleteMediaContent(sessionId, mediaId));
      expect(early.status).toBe(409);
      expect(early.body.code).toBe('SESSION_IN_PROGRESS');

      expect((await api.submit()).status).toBe(202);
      await started.current.promise;
      await expect
        .poll(async () => (await h.idv.getSession(sessionId)).getChecks().some((c) => c.getState() === 'DONE'))
        .toBe(true);
      const midway = await h.idv.getSession(sessionId);
      expect(midway.getState()).toBe('ONGOING');
      expect(midway.getChecks().map((c) => c.getType()).sort()).toEqual(
        ['ID_DOCUMENT_AUTHENTICITY', 'ID_DOCUMENT_TEXT_DATA_CHECK'].sort(),
      );
      const deleting = await sdkError(h.idv.deleteSession(sessionId));
      expect(deleting.status).toBe(409);
      expect(deleting.body.code).toBe('CHECKS_IN_PROGRESS');
      const stillMedia = await sdkError(h.idv.deleteMediaContent(sessionId, mediaId));
      expect(stillMedia.status).toBe(409);

      gate.current.resolve();
      await waitForState(h, sessionId, 'COMPLETED');
      await h.idv.deleteMediaContent(sessionId, mediaId);
      expect(await h.idv.getMediaContent(sessionId, mediaId)).toBeNull();
      await h.idv.deleteSession(sessionId);
      expect((await sdkError(h.idv.getSession(sessionId))).status).toBe(404);
    } finally {
      await receiver.close();
    }
  });
});

describe('allow_expired_documents', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.close());

  async function textCheckFor(allowExpired: boolean | null) {
    const required = new RequiredIdDocumentBuilder();
    if (allowExpired !== null) {
      required.withFilter(new OrthogonalRestrictionsFilterBuilder().withAllowExpiredDocuments(allowExpired).build());
    }
    const created = await h.idv.createSession(
      new SessionSpecificationBuilder()
        .withRequestedTask(new RequestedTextExtractionTaskBuilder().withManualCheckNever().build())
        .withRequiredDocument(required.build())
        .build(),
    );
    // The specimen passport expired in 2012 (its MRZ says 120415).
    const session = await completeWithPassport(h, created, 'passport-td3.jpg', { scannedMrz: true });
    return session.getIdDocumentTextDataChecks()[0].getReport().getRecommendation();
  }

  it('rejects an expired document by default and accepts it when the filter allows expired documents', async () => {
    const byDefault = await textCheckFor(null);
    expect(byDefault.getValue()).toBe('REJECT');
    expect(byDefault.getReason()).toBe('EXPIRED_DOCUMENT');
    const refused = await textCheckFor(false);
    expect(refused.getValue()).toBe('REJECT');
    const allowed = await textCheckFor(true);
    expect(allowed.getValue()).toBe('APPROVE');
  });
});

describe('extracted document fields', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.close());

  it('create_expanded_document_fields gives getExpandedDocumentFields(): each field with its source', async () => {
    const created = await h.idv.createSession(
      new SessionSpecificationBuilder()
        .withRequestedTask(
          new RequestedTextExtractionTaskBuilder().withManualCheckNever().withCreateExpandedDocumentFields(true).build(),
        )
        .build(),
    );
    const session = await completeWithPassport(h, created, 'passport-td3.jpg', { scannedMrz: true });
    const [idDocument] = session.getResources().getIdDocuments();
    const media = idDocument.getExpandedDocumentFields()?.getMedia();
    expect(media?.getType()).toBe('JSON');
    const content = await h.idv.getMediaContent(created.getSessionId(), String(media?.getId()));
    const expanded = JSON.parse(String(content?.getContent())) as {
      fields: Record<string, { value: unknown; source: string }>;
      invalid_fields: string[];
    };
    expect(expanded.fields.family_name).toEqual({ value: 'ERIKSSON', source: 'SCANNER_MRZ' });
    expect(expanded.fields.date_of_birth).toEqual({ value: '1974-08-12', source: 'SCANNER_MRZ' });
    expect(expanded.invalid_fields).toEqual([]);
  });
});

describe('CLIENT_SESSION_TOKEN_DELETED', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ sweepIntervalMs: 50 });
  });
  afterAll(async () => h.close());

  it('is sent when the session is deleted, and when its token lapses', async () => {
    const receiver = await topicReceiver();
    try {
      const spec = () =>
        authenticityOnly()
          .withClientSessionTokenTtl(60)
          .withNotifications(
            new NotificationConfigBuilder().withEndpoint(receiver.url).withTopic('CLIENT_SESSION_TOKEN_DELETED').build(),
          )
          .build();
      const deleted = await h.idv.createSession(spec());
      await h.idv.deleteSession(deleted.getSessionId());
      await expect.poll(() => receiver.topics.filter((t) => t === 'CLIENT_SESSION_TOKEN_DELETED').length).toBe(1);

      await h.idv.createSession(spec());
      h.clock.offsetMs = 61_000;
      await expect
        .poll(() => receiver.topics.filter((t) => t === 'CLIENT_SESSION_TOKEN_DELETED').length, { timeout: 10_000 })
        .toBe(2);
    } finally {
      h.clock.offsetMs = 0;
      await receiver.close();
    }
  });
});

describe('sandbox response-configs stay in the sandbox', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.close());

  const approveAll = () =>
    new SandboxResponseConfigBuilder()
      .withCheckReports(
        new SandboxCheckReportsBuilder()
          .withDocumentAuthenticityCheck(
            new SandboxDocumentAuthenticityCheckBuilder()
              .withRecommendation(new SandboxRecommendationBuilder().withValue('APPROVE').build())
              .build(),
          )
          .build(),
      )
      .build();

  async function authenticity(client: Harness['idv']) {
    const created = await client.createSession(authenticityOnly().build());
    const session = await completeWithPassport(h, created, 'pacman.jpg', { client });
    return session.getAuthenticityChecks()[0].getReport();
  }

  it('an app-level config decides sandbox sessions only; a normal session is computed', async () => {
    await h.sandbox.configureApplicationResponse(approveAll());
    const sandboxed = await authenticity(h.sandboxIdv);
    expect(sandboxed.getRecommendation().getValue()).toBe('APPROVE');
    const normal = await authenticity(h.idv);
    expect(normal.getRecommendation().getValue()).not.toBe('APPROVE');
    expect(normal.getBreakdown().every((b) => b.getProcess() === 'LOCAL_AUTOMATED')).toBe(true);
  });

  it('a service started without the sandbox answers 404 there, in words', async () => {
    const closed = await startHarness({ sandbox: false });
    try {
      const res = await signedCall(closed, { method: 'PUT', path: `/apps/${closed.sdkId}/response-config`, base: 'sandbox', body: {} });
      expect(res.status).toBe(404);
      expect(res.json).toMatchObject({
        code: 'SANDBOX_DISABLED',
        message: 'this service runs without the sandbox API (embedded kiosk service)',
      });
    } finally {
      await closed.close();
    }
  });
});
