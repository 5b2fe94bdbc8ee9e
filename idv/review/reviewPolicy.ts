// Which checks a person decides, and how their decision becomes the check's report. A check whose
// requested config says manual_check ALWAYS, or FALLBACK when automation could not decide
// (NOT_AVAILABLE), waits for an expert review (the review API); manual_check IBV and
// IBV_VISUAL_REVIEW_CHECK wait for the branch staff's visual review (the branch API). A waiting
// check is shown with state PROCESSING and no report; the session completes when none waits.
import { PROCESS_EXPERT_REVIEW, TEXT_DATA_CHECK } from '../../common/checkTypes';
import type { BreakdownJson, CheckJson, ReportJson } from '../pipeline/types';
import { manualCheckOf, type SessionSpecification } from '../api/sessionSpecification';

export type ReviewKind = 'EXPERT' | 'BRANCH';

export interface PendingReview {
  kind: ReviewKind;
  /** Why a person decides: ALWAYS, FALLBACK (automation could not decide) or IBV. */
  because: 'ALWAYS' | 'FALLBACK' | 'IBV';
  /** What the automation said, for the reviewer (null for the visual review). */
  automated: ReportJson | null;
}

export const REVIEW_DECISIONS = ['APPROVE', 'REJECT'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export interface ReviewOutcome {
  decision: ReviewDecision;
  reason: string | null;
  /** Who decided: a staff id or name, as the reviewing station gives it. */
  reviewer: string;
  /** EXPERT (review API) or BRANCH (an IBV branch station's staff). */
  by: ReviewKind;
  at: string;
}

/** The manual_check the session asked for a check (the text data check: its extraction task's). */
function manualCheckFor(spec: SessionSpecification, checkType: string): string | null {
  if (checkType === TEXT_DATA_CHECK) {
    return manualCheckOf(spec.requested_tasks.find((t) => t.type === 'ID_DOCUMENT_TEXT_DATA_EXTRACTION')?.config);
  }
  return manualCheckOf(spec.requested_checks.find((c) => c.type === checkType)?.config);
}

/** Whether (and why) a computed check waits for a person. */
export function reviewNeeded(spec: SessionSpecification, check: CheckJson): PendingReview | null {
  if (check.type === 'IBV_VISUAL_REVIEW_CHECK') return { kind: 'BRANCH', because: 'IBV', automated: null };
  const manual = manualCheckFor(spec, check.type);
  if (manual === 'IBV') return { kind: 'BRANCH', because: 'IBV', automated: check.report };
  if (manual === 'ALWAYS') return { kind: 'EXPERT', because: 'ALWAYS', automated: check.report };
  if (manual === 'FALLBACK' && check.report.recommendation.value === 'NOT_AVAILABLE') {
    return { kind: 'EXPERT', because: 'FALLBACK', automated: check.report };
  }
  return null;
}

/** A check waiting for its review, as the SDK shows it: PROCESSING, no report yet. */
export function pendingView(check: CheckJson): Omit<CheckJson, 'report'> & { report?: ReportJson } {
  const { report: _report, ...rest } = check;
  return { ...rest, state: 'PROCESSING' };
}

/** The report a person's decision makes: their sub-check (EXPERT_REVIEW) after the automated ones. */
export function reviewedReport(pending: PendingReview, outcome: ReviewOutcome): ReportJson {
  const personal: BreakdownJson = {
    sub_check: outcome.by === 'BRANCH' ? 'branch_visual_review' : 'expert_review',
    result: outcome.decision === 'APPROVE' ? 'PASS' : 'FAIL',
    process: PROCESS_EXPERT_REVIEW,
    details: [
      { name: 'reviewer', value: outcome.reviewer },
      { name: 'reviewed_at', value: outcome.at },
      { name: 'because', value: pending.because },
      ...(outcome.reason ? [{ name: 'reason', value: outcome.reason }] : []),
    ],
  };
  return {
    recommendation: {
      value: outcome.decision,
      ...(outcome.reason ? { reason: outcome.reason } : {}),
    },
    breakdown: [...(pending.automated?.breakdown ?? []), personal],
  };
}
