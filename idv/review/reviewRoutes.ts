// The local expert review API, on the relying party's signed API (same key, same signature): the
// checks of the app's sessions that wait for a person (manual_check ALWAYS, or FALLBACK when
// automation could not decide), and posting a reviewer's decision. The breakdown then carries an
// EXPERT_REVIEW sub-check. Checks decided by an IBV branch go through the branch API instead.
import { z } from 'zod';
import { badRequest, notFound } from '../http/httpError';
import { parseJsonBody } from '../http/bodyReader';
import { sendJson } from '../http/jsonResponse';
import type { Router } from '../http/router';
import { requireApp, type RequestContext } from '../api/apiContext';
import { invalidBody } from '../api/sessionSpecification';
import { readResults } from '../api/storedResults';
import { postReview } from './sessionProgress';
import { REVIEW_DECISIONS } from './reviewPolicy';

export const reviewBody = z.strictObject({
  decision: z.enum(REVIEW_DECISIONS),
  reason: z.string().min(1).max(500).optional(),
  reviewer: z.string().min(1).max(100),
});

function waitingChecks(results: ReturnType<typeof readResults>, kind: 'EXPERT' | 'BRANCH') {
  return Object.entries(results?.pending_reviews ?? {})
    .filter(([, pending]) => pending.kind === kind)
    .map(([checkId, pending]) => ({
      check_id: checkId,
      type: pending.check.type,
      because: pending.because,
      resources_used: pending.check.resources_used,
      automated_report: pending.automated,
    }));
}

export function registerReviewRoutes(router: Router<RequestContext>): void {
  router.add('GET', '/review/sessions', 'none', async (ctx) => {
    const app = requireApp(ctx);
    const sessions = ctx.deps.store.sessions
      .listForApp(app.sdkId)
      .map((session) => ({ session, waiting: waitingChecks(readResults(session.results), 'EXPERT') }))
      .filter(({ waiting }) => waiting.length > 0)
      .map(({ session, waiting }) => ({ session_id: session.id, state: session.state, checks: waiting }));
    sendJson(ctx.res, 200, { sessions });
  });

  router.add('GET', '/review/sessions/:sessionId', 'none', async (ctx, { sessionId }) => {
    const app = requireApp(ctx);
    const session = ctx.deps.store.sessions.getForApp(app.sdkId, sessionId);
    if (!session) throw notFound('SESSION_NOT_FOUND', `no session ${sessionId} for this application`);
    sendJson(ctx.res, 200, {
      session_id: session.id,
      state: session.state,
      checks: waitingChecks(readResults(session.results), 'EXPERT'),
    });
  });

  router.add('POST', '/review/sessions/:sessionId/checks/:checkId', 'json', async (ctx, { sessionId, checkId }) => {
    const app = requireApp(ctx);
    const session = ctx.deps.store.sessions.getForApp(app.sdkId, sessionId);
    if (!session) throw notFound('SESSION_NOT_FOUND', `no session ${sessionId} for this application`);
    const parsed = reviewBody.safeParse(parseJsonBody(ctx.body, ctx.req.headers['content-type']));
    if (!parsed.success) throw invalidBody('INVALID_REVIEW', parsed.error.issues);
    if (parsed.data.decision === 'REJECT' && !parsed.data.reason) {
      throw badRequest('REASON_REQUIRED', 'reason: a REJECT needs the reviewer\'s reason');
    }
    const results = postReview(ctx.deps, session.id, checkId, 'EXPERT', {
      decision: parsed.data.decision,
      reason: parsed.data.reason ?? null,
      reviewer: parsed.data.reviewer,
      by: 'EXPERT',
      at: new Date(ctx.deps.now()).toISOString(),
    });
    const after = ctx.deps.store.sessions.get(session.id);
    sendJson(ctx.res, 200, {
      check_id: checkId,
      state: 'DONE',
      recommendation: results.checks.find((c) => c.id === checkId)?.report.recommendation ?? null,
      session_state: after?.state ?? session.state,
    });
  });
}
