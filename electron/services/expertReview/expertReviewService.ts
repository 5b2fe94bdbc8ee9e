// Expert review at the staff station: the checks the local IDV service keeps waiting for a person
// (manual_check ALWAYS, or FALLBACK where automation could not decide), listed, opened as the
// review workspace shows a report, and decided through the service's review API with the SDK key
// (idv/review/reviewClient.ts). The renderer gets opaque handles, never a session id, check id or
// key. Every outcome is written to the audit log (who, when, session, check, outcome), so one is
// never posted when the log cannot record it. Against Yoti's cloud there is nothing to list:
// Yoti's own experts review there.
import { randomBytes } from 'node:crypto';
import type { DecisionReason, InvokeHandlers, ServiceInfo, StaffReport } from '../../../common/ipc/contract';
import type { WaitingReviewCheck } from '../../../common/ipc/reviewChannels';
import { errorFirstLine } from '../../../common/errorMessage';
import type { Logger } from '../../../platform/logger';
import { ReviewApiError, type ReviewClient, type WaitingCheck } from '../../../idv/review/reviewClient';
import type { AuditLog } from '../audit/auditLog';
import { buildStaffReport } from '../reportBuilder';
import type { SessionBroker } from '../sessionBroker';
import { KioskServiceError } from '../serviceErrors';
import { codeSuffix, refusalMessage } from '../serviceMessages';

export type ExpertReviewChannel = 'reviewList' | 'reviewOpen' | 'reviewDecide';

export interface ExpertReviewDeps {
  /** The review API of the local service; null against Yoti's cloud. */
  client: Pick<ReviewClient, 'listWaiting' | 'waitingChecks' | 'decide'> | null;
  broker: Pick<SessionBroker, 'getSession' | 'getMediaContent'>;
  serviceInfo: ServiceInfo;
  /** The signed-in member of staff (their request is activity); throws NOT_SIGNED_IN otherwise. */
  signedIn(): { accountId: string; displayName: string };
  /** Null when the log could not be opened: outcomes are then refused (nothing is posted). */
  audit: AuditLog | null;
  /** The kiosk's reasons (settings: decisionReasons); a reason given must be one for the outcome. */
  reasons(): DecisionReason[];
  logger: Logger;
}

export interface ExpertReview {
  readonly handlers: Pick<InvokeHandlers, ExpertReviewChannel>;
  /** Staff signed out: every handle is forgotten. */
  forgetAll(): void;
}

interface CheckTarget {
  sessionId: string;
  checkId: string;
  type: string;
}

const newHandle = (): string => randomBytes(18).toString('base64url');

/** The review API's refusals in the kiosk's words (its code stays in the message). */
/**
 * A review API failure in the kiosk's words. The service's own message may name a session or a
 * check, so it goes to the log only.
 */
function toKioskError(err: unknown, logger: Logger): Error {
  if (!(err instanceof ReviewApiError)) return err instanceof Error ? err : new Error(String(err));
  logger.warn('the review service refused or failed', { status: err.status, code: err.code, message: err.message.slice(0, 200) });
  const code = codeSuffix(err.code);
  if (err.status === 0 || err.status >= 500)
    return new KioskServiceError('SERVICE_UNREACHABLE', `The review service did not answer${code}.`);
  if (err.status === 404)
    return new KioskServiceError('UNKNOWN_SESSION', `The review service no longer knows this session or check${code}.`);
  return new KioskServiceError('REJECTED_BY_SERVICE', refusalMessage(err.code, err.status, 'The review service'));
}

export function createExpertReview(deps: ExpertReviewDeps): ExpertReview {
  const { client, logger } = deps;
  /** reviewId → session id, and back (a session listed again keeps its handle). */
  const sessions = new Map<string, string>();
  const reviewIds = new Map<string, string>();
  /** checkRef → the check, and the check's key (session/check) → checkRef. */
  const checks = new Map<string, CheckTarget>();
  const checkRefs = new Map<string, string>();

  function reviewIdFor(sessionId: string): string {
    let id = reviewIds.get(sessionId);
    if (!id) {
      id = newHandle();
      reviewIds.set(sessionId, id);
      sessions.set(id, sessionId);
    }
    return id;
  }

  function waitingView(sessionId: string, c: WaitingCheck): WaitingReviewCheck | null {
    // IBV checks wait for the branch's visual review, not for the staff station's expert.
    if (c.because !== 'ALWAYS' && c.because !== 'FALLBACK') return null;
    const key = `${sessionId}/${c.check_id}`;
    let ref = checkRefs.get(key);
    if (!ref) {
      ref = newHandle();
      checkRefs.set(key, ref);
      checks.set(ref, { sessionId, checkId: c.check_id, type: c.type });
    }
    const value = c.automated_report?.recommendation.value;
    return {
      checkRef: ref,
      type: c.type.slice(0, 64),
      because: c.because,
      automated: value === 'APPROVE' || value === 'REJECT' || value === 'NOT_AVAILABLE' ? value : null,
    };
  }

  function localClient(): NonNullable<ExpertReviewDeps['client']> {
    if (!client)
      throw new KioskServiceError(
        'NOT_ALLOWED',
        "Yoti's own experts review checks in Yoti's cloud: there is no review at this kiosk.",
      );
    return client;
  }

  function sessionOf(reviewId: string): string {
    const sessionId = sessions.get(reviewId);
    if (!sessionId) throw new KioskServiceError('UNKNOWN_SESSION', 'This review is no longer listed: open the list again.');
    return sessionId;
  }

  async function waitingOf(sessionId: string): Promise<WaitingReviewCheck[]> {
    const listed = await localClient().waitingChecks(sessionId).catch((err: unknown) => {
      throw toKioskError(err, logger);
    });
    return listed.checks.flatMap((c) => waitingView(sessionId, c) ?? []);
  }

  async function reportOf(reviewId: string, sessionId: string): Promise<StaffReport> {
    const result = await deps.broker.getSession(sessionId);
    return buildStaffReport(reviewId, deps.serviceInfo, result, {
      getMediaContent: (mediaId) => deps.broker.getMediaContent(sessionId, mediaId),
    });
  }

  const handlers: ExpertReview['handlers'] = {
    async reviewList() {
      deps.signedIn();
      if (!client) return { service: 'yoti', sessions: [] };
      const listed = await client.listWaiting().catch((err: unknown) => {
        throw toKioskError(err, logger);
      });
      const out = listed.sessions.flatMap((s) => {
        const waiting = s.checks.flatMap((c) => waitingView(s.session_id, c) ?? []);
        return waiting.length ? [{ reviewId: reviewIdFor(s.session_id), state: s.state.slice(0, 32), checks: waiting }] : [];
      });
      return { service: 'local', sessions: out.slice(0, 200) };
    },
    async reviewOpen(r) {
      deps.signedIn();
      localClient();
      const sessionId = sessionOf(r.reviewId);
      const waiting = await waitingOf(sessionId);
      return { report: await reportOf(r.reviewId, sessionId), checks: waiting };
    },
    async reviewDecide(r) {
      const who = deps.signedIn();
      const api = localClient();
      const sessionId = sessionOf(r.reviewId);
      const target = checks.get(r.checkRef);
      if (!target || target.sessionId !== sessionId)
        throw new KioskServiceError('INVALID_REQUEST', 'That check is not one of this review’s checks.');
      if (r.outcome === 'REJECT' && !r.reasonCode)
        throw new KioskServiceError('INVALID_REQUEST', 'A rejection needs a reason.');
      if (r.reasonCode && !deps.reasons().some((x) => x.code === r.reasonCode && x.decisions.includes(r.outcome)))
        throw new KioskServiceError(
          'INVALID_REQUEST',
          `${r.reasonCode} is not one of this kiosk's reasons to ${r.outcome.toLowerCase()}.`,
        );
      const audit = deps.audit;
      if (!audit)
        throw new KioskServiceError(
          'INTERNAL',
          'Expert reviews cannot be recorded: the audit log could not be opened. Ask IT (the kiosk log says why).',
        );
      const posted = await api
        .decide(sessionId, target.checkId, {
          decision: r.outcome,
          reviewer: who.displayName.slice(0, 80),
          ...(r.reasonCode ? { reason: r.reasonCode } : {}),
        })
        .catch((err: unknown) => {
          throw toKioskError(err, logger);
        });
      try {
        audit.recordExpertReview({
          staffAccountId: who.accountId,
          sessionId,
          checkId: target.checkId,
          checkType: target.type.slice(0, 64),
          outcome: r.outcome === 'APPROVE' ? 'approve' : 'reject',
          reasonCode: r.reasonCode ?? null,
        });
      } catch (err) {
        // Posted but not recorded: IT must know; staff are told in words.
        logger.error('an expert review was posted but not written to the audit log', {
          error: errorFirstLine(err),
        });
        throw new KioskServiceError(
          'INTERNAL',
          'The outcome was sent to the service but could not be written to the audit log. Tell IT (the kiosk log says why).',
        );
      }
      checks.delete(r.checkRef);
      checkRefs.delete(`${sessionId}/${target.checkId}`);
      logger.info('expert review recorded', { outcome: r.outcome, sessionState: posted.session_state });
      const waiting = posted.session_state === 'ONGOING' ? await waitingOf(sessionId) : [];
      return {
        sessionState: posted.session_state.slice(0, 32),
        report: await reportOf(r.reviewId, sessionId),
        checks: waiting,
      };
    },
  };

  return {
    handlers,
    forgetAll() {
      sessions.clear();
      reviewIds.clear();
      checks.clear();
      checkRefs.clear();
    },
  };
}
