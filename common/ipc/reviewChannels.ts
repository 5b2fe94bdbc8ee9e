// Expert review at the staff station (spread into contract.ts). Sessions whose checks wait for an
// expert (manual_check ALWAYS, or FALLBACK where automation could not decide) on the local IDV
// service's review API. Main calls that API with the SDK key; the renderer holds opaque review and
// check handles (never a session id, check id or key) and what staff may see. Signed-in staff only.
import { z } from 'zod';
import { StaffReport } from './contract';

const reviewId = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'not a review handle');
const checkRef = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'not a review check handle');

/** What an expert may decide (the review API's decisions). */
export const REVIEW_OUTCOMES = ['APPROVE', 'REJECT'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

/** Why a check waits: ALWAYS asked for a person, FALLBACK because automation could not decide. */
export const REVIEW_BECAUSE = ['ALWAYS', 'FALLBACK'] as const;

export const WaitingReviewCheck = z.object({
  checkRef,
  type: z.string().max(64),
  because: z.enum(REVIEW_BECAUSE),
  /** What the service's own checks said (NOT_AVAILABLE when they could not decide), if anything. */
  automated: z.enum(['APPROVE', 'REJECT', 'NOT_AVAILABLE']).nullable(),
});
export type WaitingReviewCheck = z.infer<typeof WaitingReviewCheck>;

export const WaitingReview = z.object({
  reviewId,
  state: z.string().max(32),
  checks: z.array(WaitingReviewCheck).max(32),
});
export type WaitingReview = z.infer<typeof WaitingReview>;

export const reviewContract = {
  /**
   * The sessions waiting for an expert. `service: 'yoti'`: Yoti's own experts review in Yoti's
   * cloud, so there is nothing to list here.
   */
  reviewList: {
    request: z.object({}),
    response: z.object({
      service: z.enum(['local', 'yoti']),
      sessions: z.array(WaitingReview).max(200),
    }),
  },
  /** One waiting session: its report (as the review workspace shows it) and its waiting checks. */
  reviewOpen: {
    request: z.object({ reviewId }),
    // Lazy: contract.ts imports this file, and StaffReport is defined there.
    response: z.object({ report: z.lazy(() => StaffReport), checks: z.array(WaitingReviewCheck).max(32) }),
  },
  /** Posts an expert's outcome on one check (REJECT needs a reason); recorded in the audit log. */
  reviewDecide: {
    request: z.object({
      reviewId,
      checkRef,
      outcome: z.enum(REVIEW_OUTCOMES),
      reasonCode: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'not a reason code').optional(),
    }),
    response: z.object({
      /** The session's state after this decision (COMPLETED after the last waiting check). */
      sessionState: z.string().max(32),
      /** The session as it now stands, with the decided check's EXPERT_REVIEW breakdown. */
      report: z.lazy(() => StaffReport),
      /** Checks still waiting. */
      checks: z.array(WaitingReviewCheck).max(32),
    }),
  },
} as const;
