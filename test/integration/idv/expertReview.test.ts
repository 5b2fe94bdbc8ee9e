// Expert review through the yoti SDK and the typed review client (idv/review/reviewClient.ts):
// manual_check ALWAYS and FALLBACK (when automation could not decide) keep the check waiting
// until a reviewer posts an outcome; the breakdown then carries an EXPERT_REVIEW sub-check.
import {
  IDVClient,
  RequestedDocumentAuthenticityCheckBuilder,
  RequestedFaceMatchCheckBuilder,
  SessionSpecificationBuilder,
} from 'yoti';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReviewClient, ReviewApiError, type ReviewClient } from '../../../idv/review/reviewClient';
import { SPECIMEN_TD3_MRZ, clientApi, fixture, startHarness, waitForState, type Harness } from './support';

describe('expert review', () => {
  let h: Harness;
  let review: ReviewClient;
  beforeAll(async () => {
    h = await startHarness();
    review = createReviewClient({ apiUrl: h.server.rpApiUrl, sdkId: h.sdkId, privateKeyPem: h.privateKeyPem });
  });
  afterAll(async () => h.close());

  async function submitted(spec: ReturnType<SessionSpecificationBuilder['build']>, mrz = false, face = false) {
    const created = await h.idv.createSession(spec);
    const api = clientApi(h, created.getSessionId(), created.getClientSessionToken());
    const doc = await api.createDocument('UTO', 'PASSPORT');
    await api.uploadPage(String(doc.json.resource_id), 'front', await fixture('passport-td3.jpg'));
    if (mrz) await api.putMrz(String(doc.json.resource_id), SPECIMEN_TD3_MRZ);
    if (face) {
      const live = await api.createLiveness();
      await api.uploadFrame(String(live.json.resource_id), await fixture('passport-td3.jpg'));
    }
    await api.submit();
    await h.server.idle();
    return created.getSessionId();
  }

  it('manual_check ALWAYS: the check waits (PROCESSING, no report) until the reviewer decides', async () => {
    const sessionId = await submitted(
      new SessionSpecificationBuilder()
        .withRequestedCheck(new RequestedDocumentAuthenticityCheckBuilder().withManualCheckAlways().build())
        .build(),
    );
    const waiting = await h.idv.getSession(sessionId);
    expect(waiting.getState()).toBe('ONGOING');
    const [check] = waiting.getAuthenticityChecks();
    expect(check.getState()).toBe('PROCESSING');
    expect(check.getReport()).toBeUndefined();

    const listed = await review.waitingChecks(sessionId);
    expect(listed.checks).toHaveLength(1);
    expect(listed.checks[0]).toMatchObject({ check_id: check.getId(), type: 'ID_DOCUMENT_AUTHENTICITY', because: 'ALWAYS' });
    expect(listed.checks[0].automated_report?.recommendation.value).toBe('NOT_AVAILABLE');
    expect((await review.listWaiting()).sessions.map((s) => s.session_id)).toContain(sessionId);

    const posted = await review.decide(sessionId, check.getId(), { decision: 'APPROVE', reviewer: 'staff-7' });
    expect(posted).toMatchObject({ state: 'DONE', recommendation: { value: 'APPROVE' }, session_state: 'COMPLETED' });
    const done = await waitForState(h, sessionId, 'COMPLETED');
    const report = done.getAuthenticityChecks()[0].getReport();
    expect(report.getRecommendation().getValue()).toBe('APPROVE');
    const expert = report.getBreakdown().filter((b) => b.getProcess() === 'EXPERT_REVIEW');
    expect(expert.map((b) => [b.getSubCheck(), b.getResult()])).toEqual([['expert_review', 'PASS']]);
    expect(expert[0].getDetails().map((d) => [d.getName(), d.getValue()])).toEqual(
      expect.arrayContaining([
        ['reviewer', 'staff-7'],
        ['because', 'ALWAYS'],
      ]),
    );
    expect((await review.listWaiting()).sessions.map((s) => s.session_id)).not.toContain(sessionId);
  });

  it('FALLBACK: only what automation could not decide waits; a decided check does not', async () => {
    const sessionId = await submitted(
      new SessionSpecificationBuilder()
        // The scanner MRZ shows the specimen expired in 2012: automation rejects it, no review.
        .withRequestedCheck(new RequestedDocumentAuthenticityCheckBuilder().withManualCheckFallback().build())
        // Without image analysis the face match is NOT_AVAILABLE: an expert decides it.
        .withRequestedCheck(new RequestedFaceMatchCheckBuilder().withManualCheckFallback().build())
        .build(),
      true,
      true,
    );
    const session = await h.idv.getSession(sessionId);
    expect(session.getState()).toBe('ONGOING');
    expect(session.getAuthenticityChecks()[0].getState()).toBe('DONE');
    expect(session.getAuthenticityChecks()[0].getReport().getRecommendation().getValue()).toBe('REJECT');
    const [faceMatch] = session.getFaceMatchChecks();
    expect(faceMatch.getState()).toBe('PROCESSING');
    const listed = await review.waitingChecks(sessionId);
    expect(listed.checks.map((c) => [c.type, c.because])).toEqual([['ID_DOCUMENT_FACE_MATCH', 'FALLBACK']]);

    const noReason = await review
      .decide(sessionId, faceMatch.getId(), { decision: 'REJECT', reviewer: 'staff-7' })
      .catch((e: unknown) => e);
    expect(noReason).toBeInstanceOf(ReviewApiError);
    expect(noReason).toMatchObject({ status: 400, code: 'REASON_REQUIRED' });
    expect((await h.idv.getSession(sessionId)).getState()).toBe('ONGOING');

    await review.decide(sessionId, faceMatch.getId(), {
      decision: 'REJECT',
      reviewer: 'staff-7',
      reason: 'FACE_NOT_MATCHING',
    });
    const done = await waitForState(h, sessionId, 'COMPLETED');
    expect(done.getFaceMatchChecks()[0].getReport().getRecommendation().getValue()).toBe('REJECT');
    expect(done.getFaceMatchChecks()[0].getReport().getRecommendation().getReason()).toBe('FACE_NOT_MATCHING');

    const again = await review
      .decide(sessionId, faceMatch.getId(), { decision: 'APPROVE', reviewer: 'staff-8' })
      .catch((e: unknown) => e);
    expect(again).toMatchObject({ status: 409, code: 'CHECK_NOT_WAITING' });
    const unknown = await review
      .decide(sessionId, '00000000-0000-4000-a000-000000000000', { decision: 'APPROVE', reviewer: 'staff-8' })
      .catch((e: unknown) => e);
    expect(unknown).toMatchObject({ status: 404, code: 'CHECK_NOT_FOUND' });
  });

  it('manual_check NEVER decides automatically; another app cannot see or decide the review', async () => {
    const never = await submitted(
      new SessionSpecificationBuilder()
        .withRequestedCheck(new RequestedDocumentAuthenticityCheckBuilder().withManualCheckNever().build())
        .build(),
    );
    expect((await h.idv.getSession(never)).getState()).toBe('COMPLETED');

    const sessionId = await submitted(
      new SessionSpecificationBuilder()
        .withRequestedCheck(new RequestedDocumentAuthenticityCheckBuilder().withManualCheckAlways().build())
        .build(),
    );
    const other = await h.server.apps.create('another business');
    const otherReview = createReviewClient({ apiUrl: h.server.rpApiUrl, ...other });
    const checkId = (await h.idv.getSession(sessionId)).getAuthenticityChecks()[0].getId();
    const refused = await otherReview
      .decide(sessionId, checkId, { decision: 'APPROVE', reviewer: 'intruder' })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 404, code: 'SESSION_NOT_FOUND' });
    expect((await new IDVClient(h.sdkId, h.privateKeyPem, { apiUrl: h.server.rpApiUrl }).getSession(sessionId)).getState()).toBe(
      'ONGOING',
    );
  });
});
