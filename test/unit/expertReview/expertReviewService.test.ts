// The staff station's expert review in main: opaque handles only, REJECT needs a reason, the
// outcome posted with the staff member as reviewer and recorded in the audit log (who, when,
// session, check, outcome), nothing posted when the log is missing, the review API's refusals in
// words, and Yoti's cloud saying its experts review there.
import { afterEach, describe, expect, it } from 'vitest';
import { createExpertReview, type ExpertReviewDeps } from '../../../electron/services/expertReview/expertReviewService';
import { KioskServiceError } from '../../../electron/services/serviceErrors';
import type { GetSessionResult } from '../../../electron/services/sessionBroker';
import { ReviewApiError, type WaitingCheck } from '../../../idv/review/reviewClient';
import { silentLogger } from '../../../platform/logger';
import { openTestLog, removeTempDirs, T0 } from '../audit/auditFixtures';

const SESSION = 'aaaaaaaa-1111-4111-8111-000000000001';
const CHECK = 'cccccccc-2222-4222-8222-000000000002';

function waiting(because: WaitingCheck['because'] = 'ALWAYS'): WaitingCheck {
  return {
    check_id: CHECK,
    type: 'ID_DOCUMENT_AUTHENTICITY',
    because,
    resources_used: [],
    automated_report: { recommendation: { value: 'NOT_AVAILABLE' }, breakdown: [] },
  };
}

/** The SDK result the report is built from: a session with one check, no media. */
function sdkResult(state: string): GetSessionResult {
  return {
    getState: () => state,
    getResources: () => undefined,
    getChecks: () => [],
  } as unknown as GetSessionResult;
}

function fakeClient(checks: WaitingCheck[] = [waiting()]) {
  const posted: Array<{ sessionId: string; checkId: string; body: unknown }> = [];
  let open = [...checks];
  const client: NonNullable<ExpertReviewDeps['client']> = {
    listWaiting: async () => ({ sessions: [{ session_id: SESSION, state: 'ONGOING', checks: open }] }),
    waitingChecks: async () => ({ session_id: SESSION, state: 'ONGOING', checks: open }),
    decide: async (sessionId, checkId, body) => {
      if (body.decision === 'REJECT' && !body.reason) throw new ReviewApiError(400, 'REASON_REQUIRED', 'a reason');
      if (!open.some((c) => c.check_id === checkId)) throw new ReviewApiError(409, 'CHECK_NOT_WAITING', 'decided');
      posted.push({ sessionId, checkId, body });
      open = open.filter((c) => c.check_id !== checkId);
      return { check_id: checkId, state: 'DONE', recommendation: { value: body.decision }, session_state: open.length ? 'ONGOING' : 'COMPLETED' };
    },
  };
  return { client, posted };
}

async function station(overrides: Partial<ExpertReviewDeps> = {}) {
  const t = await openTestLog();
  const fake = fakeClient();
  let state = 'ONGOING';
  const review = createExpertReview({
    client: fake.client,
    broker: { getSession: async () => sdkResult(state), getMediaContent: async () => null },
    serviceInfo: { kind: 'embedded', label: 'Local IDV service', baseUrl: 'http://127.0.0.1:4100' },
    signedIn: () => ({ accountId: 'acct-ada', displayName: 'Ada Lovelace' }),
    audit: t.log,
    reasons: () => [
      { code: 'DOCUMENT_AND_FACE_MATCH', decisions: ['APPROVE'] },
      { code: 'DOCUMENT_DOUBTFUL', decisions: ['REJECT'] },
    ],
    logger: silentLogger,
    ...overrides,
  });
  return { t, fake, review, complete: () => (state = 'COMPLETED') };
}

afterEach(removeTempDirs);

describe('expert review (main)', () => {
  it('lists waiting checks by opaque handles and records an approval in the audit log', async () => {
    const { t, fake, review, complete } = await station();
    const listed = await review.handlers.reviewList({});
    expect(listed.service).toBe('local');
    expect(listed.sessions).toHaveLength(1);
    const [s] = listed.sessions;
    expect(JSON.stringify(listed)).not.toContain(SESSION);
    expect(JSON.stringify(listed)).not.toContain(CHECK);
    expect(s.checks).toEqual([
      { checkRef: s.checks[0].checkRef, type: 'ID_DOCUMENT_AUTHENTICITY', because: 'ALWAYS', automated: 'NOT_AVAILABLE' },
    ]);
    const opened = await review.handlers.reviewOpen({ reviewId: s.reviewId });
    expect(opened.report.handle).toBe(s.reviewId);
    expect(opened.checks.map((c) => c.checkRef)).toEqual([s.checks[0].checkRef]);

    complete();
    const decided = await review.handlers.reviewDecide({ reviewId: s.reviewId, checkRef: s.checks[0].checkRef, outcome: 'APPROVE' });
    expect(decided.sessionState).toBe('COMPLETED');
    expect(decided.report.sessionState).toBe('COMPLETED');
    expect(decided.checks).toEqual([]);
    expect(fake.posted).toEqual([{ sessionId: SESSION, checkId: CHECK, body: { decision: 'APPROVE', reviewer: 'Ada Lovelace' } }]);
    const entries = t.log.entries().map((r) => r.entry);
    expect(entries).toEqual([
      {
        seq: 1,
        at: new Date(T0).toISOString(),
        prevHash: '0'.repeat(64),
        kioskId: 'kiosk-branch-7',
        kind: 'expertReview',
        staffAccountId: 'acct-ada',
        sessionId: SESSION,
        checkId: CHECK,
        checkType: 'ID_DOCUMENT_AUTHENTICITY',
        outcome: 'approve',
        reasonCode: null,
      },
    ]);
    expect(t.log.verify()).toMatchObject({ ok: true });
  });

  it('a REJECT needs a reason from the kiosk list: refused in words, nothing posted or recorded', async () => {
    const { t, fake, review } = await station();
    const [s] = (await review.handlers.reviewList({})).sessions;
    const checkRef = s.checks[0].checkRef;
    const noReason = await review.handlers.reviewDecide({ reviewId: s.reviewId, checkRef, outcome: 'REJECT' }).catch((e: unknown) => e);
    expect(noReason).toBeInstanceOf(KioskServiceError);
    expect(noReason).toMatchObject({ code: 'INVALID_REQUEST', message: 'A rejection needs a reason.' });
    const wrongReason = await review.handlers
      .reviewDecide({ reviewId: s.reviewId, checkRef, outcome: 'REJECT', reasonCode: 'DOCUMENT_AND_FACE_MATCH' })
      .catch((e: unknown) => e);
    expect(wrongReason).toMatchObject({
      code: 'INVALID_REQUEST',
      message: "DOCUMENT_AND_FACE_MATCH is not one of this kiosk's reasons to reject.",
    });
    expect(fake.posted).toEqual([]);
    expect(t.log.entries()).toEqual([]);

    await review.handlers.reviewDecide({ reviewId: s.reviewId, checkRef, outcome: 'REJECT', reasonCode: 'DOCUMENT_DOUBTFUL' });
    expect(fake.posted.map((p) => p.body)).toEqual([{ decision: 'REJECT', reviewer: 'Ada Lovelace', reason: 'DOCUMENT_DOUBTFUL' }]);
    expect(t.log.entries().map((r) => r.entry)).toMatchObject([{ kind: 'expertReview', outcome: 'reject', reasonCode: 'DOCUMENT_DOUBTFUL' }]);
  });

  it('without an audit log nothing is posted; a decided check is a refusal in words; unknown handles are refused', async () => {
    const noLog = await station({ audit: null });
    const [s] = (await noLog.review.handlers.reviewList({})).sessions;
    await expect(
      noLog.review.handlers.reviewDecide({ reviewId: s.reviewId, checkRef: s.checks[0].checkRef, outcome: 'APPROVE' }),
    ).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(noLog.fake.posted).toEqual([]);

    const { review } = await station();
    const [again] = (await review.handlers.reviewList({})).sessions;
    await review.handlers.reviewDecide({ reviewId: again.reviewId, checkRef: again.checks[0].checkRef, outcome: 'APPROVE' });
    // The same check a second time: the handle is gone after the decision.
    await expect(
      review.handlers.reviewDecide({ reviewId: again.reviewId, checkRef: again.checks[0].checkRef, outcome: 'APPROVE' }),
    ).rejects.toMatchObject({ code: 'INVALID_REQUEST', message: 'That check is not one of this review’s checks.' });
    await expect(review.handlers.reviewOpen({ reviewId: 'x'.repeat(24) })).rejects.toMatchObject({ code: 'UNKNOWN_SESSION' });
    review.forgetAll();
    await expect(review.handlers.reviewOpen({ reviewId: again.reviewId })).rejects.toMatchObject({ code: 'UNKNOWN_SESSION' });
  });

  it("the service's refusal comes back in the kiosk's words, never the service's own message", async () => {
    const fake = fakeClient();
    const said = 'check 6f1c2f0e-8a0b-4c55-9c1e-2b7f0b1d9a11 of session 3f2a9c44-1d2e-4b6f-8a7c-0e5d9b8c7a61 was decided';
    let code = 'CHECK_NOT_WAITING';
    const { review } = await station({
      client: { ...fake.client, decide: async () => Promise.reject(new ReviewApiError(409, code, said)) },
    });
    const [s] = (await review.handlers.reviewList({})).sessions;
    const decide = () => review.handlers.reviewDecide({ reviewId: s.reviewId, checkRef: s.checks[0].checkRef, outcome: 'APPROVE' });
    await expect(decide()).rejects.toMatchObject({ code: 'REJECTED_BY_SERVICE', message: 'This check has already been decided.' });
    code = 'SOMETHING_NEW';
    await expect(decide()).rejects.toMatchObject({
      code: 'REJECTED_BY_SERVICE',
      message: 'The review service refused the request (SOMETHING_NEW).',
    });
  });

  it('IBV checks are not offered (the branch decides them); not signed in is refused', async () => {
    const fake = fakeClient([{ ...waiting('IBV') }]);
    const { review } = await station({ client: fake.client });
    expect((await review.handlers.reviewList({})).sessions).toEqual([]);
    const out = await station({
      signedIn: () => {
        throw new KioskServiceError('NOT_SIGNED_IN', 'Sign in first.');
      },
    });
    await expect(out.review.handlers.reviewList({})).rejects.toMatchObject({ code: 'NOT_SIGNED_IN' });
  });

  it("against Yoti's cloud: nothing listed, and opening says Yoti's experts review there", async () => {
    const { review } = await station({ client: null });
    expect(await review.handlers.reviewList({})).toEqual({ service: 'yoti', sessions: [] });
    await expect(review.handlers.reviewOpen({ reviewId: 'y'.repeat(24) })).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
      message: "Yoti's own experts review checks in Yoti's cloud: there is no review at this kiosk.",
    });
  });
});
