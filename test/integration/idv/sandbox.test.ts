// Sandbox response-config through @getyoti/sdk-sandbox: per session and per application, the
// configured outcomes replace the computed ones (and say so in each breakdown's process).
import {
  SandboxBreakdownBuilder,
  SandboxCheckReportsBuilder,
  SandboxDocumentAuthenticityCheckBuilder,
  SandboxDocumentFaceMatchCheckBuilder,
  SandboxDocumentFilterBuilder,
  SandboxDocumentTextDataCheckBuilder,
  SandboxDocumentTextDataExtractionTaskBuilder,
  SandboxIDVClientBuilder,
  SandboxRecommendationBuilder,
  SandboxResponseConfigBuilder,
  SandboxTaskResultsBuilder,
  SandboxZoomLivenessCheckBuilder,
} from '@getyoti/sdk-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientApi, fixture, fullSpecification, startHarness, waitForState, type Harness } from './support';

const recommendation = (value: string, reason?: string) => {
  const builder = new SandboxRecommendationBuilder().withValue(value);
  return (reason ? builder.withReason(reason) : builder).build();
};
const breakdown = (subCheck: string, result: string) =>
  new SandboxBreakdownBuilder()
    .withSubCheck(subCheck)
    .withResult(result)
    .withDetail('sandbox', 'yes')
    .build();

function rejectAuthenticityConfig() {
  return new SandboxResponseConfigBuilder()
    .withCheckReports(
      new SandboxCheckReportsBuilder()
        .withDocumentAuthenticityCheck(
          new SandboxDocumentAuthenticityCheckBuilder()
            .withRecommendation(recommendation('REJECT', 'COUNTERFEIT'))
            .withBreakdown(breakdown('security_features', 'FAIL'))
            .build(),
        )
        .withDocumentFaceMatchCheck(
          new SandboxDocumentFaceMatchCheckBuilder()
            .withRecommendation(recommendation('APPROVE'))
            .withBreakdown(breakdown('ai_face_match', 'PASS'))
            .build(),
        )
        .withLivenessCheck(
          new SandboxZoomLivenessCheckBuilder()
            .withRecommendation(recommendation('APPROVE'))
            .withBreakdown(breakdown('liveness_auth', 'PASS'))
            .build(),
        )
        .withDocumentTextDataCheck(
          new SandboxDocumentTextDataCheckBuilder()
            .withRecommendation(recommendation('APPROVE'))
            .withBreakdown(breakdown('document_in_date', 'PASS'))
            .withDocumentField('full_name', 'SANDBOX PERSON')
            .build(),
        )
        .build(),
    )
    .withTaskResults(
      new SandboxTaskResultsBuilder()
        .withDocumentTextDataExtractionTask(
          new SandboxDocumentTextDataExtractionTaskBuilder()
            .withDocumentField('full_name', 'SANDBOX PERSON')
            .withDocumentField('document_number', 'SBX000001')
            .withDocumentFilter(
              new SandboxDocumentFilterBuilder().withDocumentType('PASSPORT').withCountryCode('UTO').build(),
            )
            .build(),
        )
        .build(),
    )
    .build();
}

function approveAllConfig() {
  const approve = (b: {
    withRecommendation(r: unknown): { withBreakdown(b: unknown): { build(): unknown } };
  }) =>
    b.withRecommendation(recommendation('APPROVE')).withBreakdown(breakdown('configured', 'PASS')).build();
  return new SandboxResponseConfigBuilder()
    .withCheckReports(
      new SandboxCheckReportsBuilder()
        .withDocumentAuthenticityCheck(approve(new SandboxDocumentAuthenticityCheckBuilder()))
        .withDocumentFaceMatchCheck(approve(new SandboxDocumentFaceMatchCheckBuilder()))
        .withLivenessCheck(approve(new SandboxZoomLivenessCheckBuilder()))
        .withDocumentTextDataCheck(approve(new SandboxDocumentTextDataCheckBuilder()))
        .build(),
    )
    .build();
}

describe('sandbox response-config', () => {
  let h: Harness;
  let jpeg: Buffer;
  beforeAll(async () => {
    h = await startHarness();
    jpeg = await fixture('passport-td3.jpg');
  });
  afterAll(async () => h.close());

  async function runSession(client = h.sandboxIdv, configure?: (sessionId: string) => Promise<void>) {
    const created = await client.createSession(fullSpecification());
    const sessionId = created.getSessionId();
    if (configure) await configure(sessionId);
    const api = clientApi(h, sessionId, created.getClientSessionToken());
    const doc = await api.createDocument('UTO', 'PASSPORT');
    expect((await api.uploadPage(String(doc.json.resource_id), 'front', jpeg)).status).toBe(201);
    const live = await api.createLiveness();
    expect((await api.uploadFrame(String(live.json.resource_id), jpeg)).status).toBe(201);
    expect((await api.submit()).status).toBe(202);
    return waitForState(h, sessionId, 'COMPLETED', 60_000, client);
  }

  const outcome = (session: Awaited<ReturnType<typeof runSession>>) =>
    Object.fromEntries(
      session.getChecks().map((c) => [c.getType(), c.getReport().getRecommendation().getValue()]),
    );

  it('configureSessionResponse decides that session’s checks and extracted fields', async () => {
    const session = await runSession(h.sandboxIdv, (id) =>
      h.sandbox.configureSessionResponse(id, rejectAuthenticityConfig()),
    );
    expect(outcome(session)).toEqual({
      ID_DOCUMENT_AUTHENTICITY: 'REJECT',
      ID_DOCUMENT_FACE_MATCH: 'APPROVE',
      LIVENESS: 'APPROVE',
      ID_DOCUMENT_TEXT_DATA_CHECK: 'APPROVE',
    });
    const [authenticity] = session.getAuthenticityChecks();
    expect(authenticity.getReport().getRecommendation().getReason()).toBe('COUNTERFEIT');
    const [b] = authenticity.getReport().getBreakdown();
    expect([b.getSubCheck(), b.getResult(), b.getProcess()]).toEqual([
      'security_features',
      'FAIL',
      'SANDBOX_RESPONSE_CONFIG',
    ]);
    expect(b.getDetails().map((d) => [d.getName(), d.getValue()])).toEqual([['sandbox', 'yes']]);

    const fieldsMedia = session.getResources().getIdDocuments()[0].getDocumentFields().getMedia();
    const fields = JSON.parse(
      (await h.idv.getMediaContent(session.getSessionId(), fieldsMedia.getId()))!.getContent().toString(),
    );
    expect(fields).toMatchObject({ full_name: 'SANDBOX PERSON', document_number: 'SBX000001' });
  });

  it('without a response-config the checks are computed, never a blanket APPROVE', async () => {
    const session = await runSession();
    for (const check of session.getChecks()) {
      for (const b of check.getReport().getBreakdown()) expect(b.getProcess()).toBe('LOCAL_AUTOMATED');
    }
    // No vision in this server: what needs image analysis cannot approve.
    expect(outcome(session).ID_DOCUMENT_FACE_MATCH).toBe('NOT_AVAILABLE');
    expect(outcome(session).LIVENESS).toBe('NOT_AVAILABLE');
  });

  it('configureApplicationResponse applies to the app’s sessions, and a session config wins over it', async () => {
    await h.sandbox.configureApplicationResponse(approveAllConfig());
    const appLevel = await runSession();
    expect(Object.values(outcome(appLevel))).toEqual(['APPROVE', 'APPROVE', 'APPROVE', 'APPROVE']);
    const sessionLevel = await runSession(h.sandboxIdv, (id) =>
      h.sandbox.configureSessionResponse(id, rejectAuthenticityConfig()),
    );
    expect(outcome(sessionLevel).ID_DOCUMENT_AUTHENTICITY).toBe('REJECT');

    // Another app is not affected by this app's config.
    const other = await h.server.apps.create('second app');
    const { IDVClient } = await import('yoti');
    const otherClient = new IDVClient(other.sdkId, other.privateKeyPem, { apiUrl: h.server.sandboxApiUrl });
    const untouched = await runSession(otherClient);
    expect(outcome(untouched).LIVENESS).toBe('NOT_AVAILABLE');
  });

  it('refuses a response-config for another app’s session, or after submit', async () => {
    const created = await h.sandboxIdv.createSession(fullSpecification());
    const other = await h.server.apps.create('intruder');
    const intruder = new SandboxIDVClientBuilder()
      .withClientSdkId(other.sdkId)
      .withPemString(other.privateKeyPem)
      .withSandboxUrl(h.server.sandboxApiUrl)
      .build();
    await expect(
      intruder.configureSessionResponse(created.getSessionId(), approveAllConfig()),
    ).rejects.toMatchObject({
      message: expect.stringContaining('SESSION_NOT_FOUND'),
    });
    const done = await runSession();
    await expect(
      h.sandbox.configureSessionResponse(done.getSessionId(), approveAllConfig()),
    ).rejects.toMatchObject({
      message: expect.stringContaining('SESSION_SUBMITTED'),
    });
  });

  it('honours async_report_delay before reporting', async () => {
    const config = new SandboxResponseConfigBuilder()
      .withCheckReports(
        new SandboxCheckReportsBuilder()
          .withDocumentAuthenticityCheck(
            new SandboxDocumentAuthenticityCheckBuilder()
              .withRecommendation(recommendation('APPROVE'))
              .build(),
          )
          .withAsyncReportDelay(1)
          .build(),
      )
      .build();
    const started = Date.now();
    const session = await runSession(h.sandboxIdv, (id) => h.sandbox.configureSessionResponse(id, config));
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(outcome(session).ID_DOCUMENT_AUTHENTICITY).toBe('APPROVE');
  });
});
