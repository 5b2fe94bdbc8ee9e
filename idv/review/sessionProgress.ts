// Moving a submitted session on as people decide its waiting checks: a review outcome replaces
// the check's pending view with the reviewed report; the session completes (and the relying
// party is told) once no check waits. Each change is one store transaction, so two reviewers
// posting at once cannot lose each other's decision.
import { conflict, notFound } from '../http/httpError';
import type { ServiceDeps } from '../api/apiContext';
import { toJsonObject } from '../api/jsonObject';
import { readResults, type StoredResults } from '../api/storedResults';
import { isIbvSession } from '../api/sessionSpecification';
import { specificationOf } from '../api/sessionViews';
import type { CheckJson } from '../pipeline/types';
import { REVIEW_DECISIONS, reviewedReport, type ReviewKind, type ReviewOutcome } from './reviewPolicy';

function resolve(results: StoredResults, checkId: string, outcome: ReviewOutcome): StoredResults {
  const pending = results.pending_reviews?.[checkId];
  if (!pending) return results;
  const { [checkId]: _done, ...rest } = results.pending_reviews ?? {};
  const decided: CheckJson = {
    ...pending.check,
    state: 'DONE',
    report: reviewedReport(pending, outcome),
    last_updated: outcome.at,
  };
  return {
    ...results,
    checks: results.checks.map((c) => (c.id === checkId ? decided : c)),
    pending_reviews: rest,
  };
}

/** The branch's visual review, when one was recorded, decides every check waiting for the branch. */
export function applyRecordedVisualReview(deps: ServiceDeps, sessionId: string, results: StoredResults): StoredResults {
  const record = deps.store.records.get(sessionId, 'VISUAL_REVIEW')?.value;
  if (!record || !REVIEW_DECISIONS.includes(record.decision as never)) return results;
  const outcome: ReviewOutcome = {
    decision: record.decision as ReviewOutcome['decision'],
    reason: typeof record.reason === 'string' ? record.reason : null,
    reviewer: String(record.reviewer ?? 'branch staff'),
    by: 'BRANCH',
    at: String(record.at ?? new Date(deps.now()).toISOString()),
  };
  let out = results;
  for (const [checkId, pending] of Object.entries(results.pending_reviews ?? {})) {
    if (pending.kind === 'BRANCH') out = resolve(out, checkId, outcome);
  }
  return out;
}

/** Completes the session when nothing waits any more, and notifies. Returns whether it completed. */
export function finishSession(deps: ServiceDeps, sessionId: string): boolean {
  const session = deps.store.sessions.get(sessionId);
  if (!session || session.state !== 'ONGOING') return false;
  const results = readResults(session.results);
  if (!results || Object.keys(results.pending_reviews ?? {}).length > 0) return false;
  const saved = deps.store.sessions.setState(sessionId, 'COMPLETED');
  if (isIbvSession(specificationOf(saved))) deps.notifier.notify(saved, 'THANK_YOU_EMAIL_REQUESTED');
  deps.notifier.notify(saved, 'SESSION_COMPLETION');
  return true;
}

/** Applies a person's decision on one waiting check; the session completes if it was the last. */
export function postReview(
  deps: ServiceDeps,
  sessionId: string,
  checkId: string,
  kind: ReviewKind,
  outcome: ReviewOutcome,
): StoredResults {
  const updated = deps.store.transaction((tx) => {
    const session = tx.sessions.get(sessionId);
    if (!session) throw notFound('SESSION_NOT_FOUND', `no session ${sessionId}`);
    const results = readResults(session.results);
    const pending = results?.pending_reviews?.[checkId];
    if (!results || !pending) {
      const known = results?.checks.some((c) => c.id === checkId);
      throw known
        ? conflict('CHECK_NOT_WAITING', `check ${checkId} is not waiting for a review (it was decided already)`)
        : notFound('CHECK_NOT_FOUND', `session ${sessionId} has no check ${checkId}`);
    }
    if (pending.kind !== kind) {
      throw conflict(
        'WRONG_REVIEWER',
        kind === 'EXPERT'
          ? `check ${checkId} is decided by the branch staff's visual review (the branch API)`
          : `check ${checkId} is decided by an expert review (the review API)`,
      );
    }
    const next = resolve(results, checkId, outcome);
    tx.sessions.saveResults(sessionId, toJsonObject(next));
    return next;
  });
  const session = deps.store.sessions.get(sessionId);
  if (session) deps.notifier.notify(session, 'CHECK_COMPLETION');
  finishSession(deps, sessionId);
  return updated;
}
