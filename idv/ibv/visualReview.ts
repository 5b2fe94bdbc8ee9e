// The branch staff's visual review of an IBV session: recorded (sealed) when posted before submit
// and applied to the waiting checks at submit; applied at once to checks already waiting.
import { z } from 'zod';
import type { ServiceDeps } from '../api/apiContext';
import { readResults } from '../api/storedResults';
import type { SessionRecord } from '../store/types';
import { REVIEW_DECISIONS } from '../review/reviewPolicy';
import { postReview } from '../review/sessionProgress';

export const visualReviewBody = z.strictObject({
  decision: z.enum(REVIEW_DECISIONS),
  reviewer: z.string().min(1).max(100),
  reason: z.string().min(1).max(500).optional(),
});
export type VisualReview = z.infer<typeof visualReviewBody>;

export function recordVisualReview(
  deps: ServiceDeps,
  session: SessionRecord,
  review: VisualReview,
): { recorded: true; applied_to: string[]; session_state: string } {
  const at = new Date(deps.now()).toISOString();
  deps.store.records.put(session.id, 'VISUAL_REVIEW', { ...review, at });
  const waiting = Object.entries(readResults(session.results)?.pending_reviews ?? {})
    .filter(([, pending]) => pending.kind === 'BRANCH')
    .map(([checkId]) => checkId);
  for (const checkId of waiting) {
    postReview(deps, session.id, checkId, 'BRANCH', {
      decision: review.decision,
      reason: review.reason ?? null,
      reviewer: review.reviewer,
      by: 'BRANCH',
      at,
    });
  }
  return { recorded: true, applied_to: waiting, session_state: deps.store.sessions.get(session.id)?.state ?? session.state };
}
