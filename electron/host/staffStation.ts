// The staff station's main-process side: the IPC handlers for sign-in, the report (staff only), the
// decision and its prints, over the staff service, the audit log, the print service and the kiosk
// service. One station, one
// signed-in person: their token stays here and is never sent. A report staff have opened is held
// (main's idle sweep leaves it alone) until they decide or sign out.
import type { DecisionReason, InvokeHandlers, StaffReport, StaffSession } from '../../common/ipc/contract';
import type { Logger } from '../../platform/logger';
import type { AuditLog } from '../services/audit/auditLog';
import { decisionReference } from '../services/audit/decisionReference';
import { sessionReference } from '../services/audit/sessionReference';
import type { KioskService } from '../services/kioskService';
import type { PrintService } from '../services/receipts/printService';
import type { DecisionRecord } from '../services/receipts/printTypes';
import { KioskServiceError } from '../services/serviceErrors';
import { StaffError, type StaffService, type StaffSessionView } from '../services/staff';
import type { KioskEventListener } from './ipcDispatcher';

export type StaffChannel =
  | 'staffStatus'
  | 'staffCreateFirstAdmin'
  | 'staffSignIn'
  | 'staffSignOut'
  | 'staffActivity'
  | 'getReport'
  | 'getDecisionReasons'
  | 'recordDecision'
  | 'printDocument'
  | 'getSessionStatus';

/** What was decided on a session, as the receipt and the report print it. */
export type RecordedDecision = DecisionRecord;

export interface StaffStation {
  readonly handlers: Pick<InvokeHandlers, StaffChannel>;
  /** A session was wiped (or, without a handle, all of them): forget its held report. */
  forget(handle?: string): void;
  /** The signed-in admin's token, for the admin handlers; NOT_SIGNED_IN or NOT_ALLOWED otherwise. */
  requireAdmin(): string;
  /** The signed-in member of staff (any role); NOT_SIGNED_IN otherwise. The request is activity. */
  requireStaff(): { accountId: string; displayName: string };
  dispose(): void;
}

export interface StaffStationDeps {
  staff: StaffService;
  /** Null when the log could not be opened (the kiosk log says why): decisions are refused. */
  audit: AuditLog | null;
  service: Pick<KioskService, 'handlers' | 'sessionIdFor' | 'holdForReview' | 'release'>;
  /** Null when the host cannot make PDFs: printDocument answers NOT_ALLOWED. */
  print: PrintService | null;
  reasons: () => DecisionReason[];
  emit: KioskEventListener;
  logger: Logger;
}

/** The contract's whole seconds (a warning of half an odd idle time is not whole). */
function sessionView(s: StaffSessionView): StaffSession {
  return {
    displayName: s.displayName,
    role: s.role,
    idleTimeoutSeconds: Math.max(1, Math.round(s.idleTimeoutSeconds)),
    warningSeconds: Math.floor(s.warningSeconds),
  };
}

export function createStaffStation(deps: StaffStationDeps): StaffStation {
  const { staff, service, logger } = deps;
  let token: string | null = null;
  /** Reports staff opened, as they saw them: the decision hashes exactly this. */
  const reviewing = new Map<string, StaffReport>();
  /** One decision per IDV session. */
  const decided = new Map<string, RecordedDecision>();

  function releaseAll(): void {
    for (const handle of reviewing.keys()) service.release(handle);
    reviewing.clear();
  }

  const unsubscribe = staff.onEvent((event) => {
    if (event.type === 'idle-warning') deps.emit('staff:idle-warning', { secondsLeft: event.secondsLeft });
    if (event.type === 'signed-out') {
      token = null;
      releaseAll();
      deps.emit('staff:signed-out', { reason: event.reason });
    }
  });

  /** The signed-in member of staff (their request is activity), else NOT_SIGNED_IN. */
  function signedIn(): StaffSessionView {
    if (token === null) throw new StaffError('NOT_SIGNED_IN', 'Sign in first.');
    staff.touch(token);
    return staff.session(token);
  }

  const handlers: StaffStation['handlers'] = {
    // The person's own screen learns only the state, and once complete the reference to quote.
    async getSessionStatus(r) {
      const status = await service.handlers.getSessionStatus(r);
      return status.state === 'COMPLETED'
        ? { ...status, reference: sessionReference(service.sessionIdFor(r.handle)) }
        : status;
    },
    async staffStatus() {
      const s = staff.status();
      return {
        needsFirstAdmin: s.needsFirstAdmin,
        lockedForSeconds: s.lockedForSeconds,
        attemptsLeft: s.attemptsLeft,
        unavailable: s.store.state === 'unavailable' ? s.store.message.slice(0, 300) : null,
        session: s.session && token !== null ? sessionView(s.session) : null,
      };
    },
    async staffCreateFirstAdmin(r) {
      const signed = await staff.createFirstAdmin(r);
      token = signed.token;
      return sessionView(signed.session);
    },
    async staffSignIn(r) {
      const signed = await staff.signIn({ name: r.name, pin: r.pin });
      token = signed.token;
      return sessionView(signed.session);
    },
    async staffSignOut() {
      if (token === null) return { signedOut: false };
      staff.signOut(token);
      return { signedOut: true };
    },
    async staffActivity() {
      try {
        return { session: sessionView(signedIn()) };
      } catch (err) {
        if (err instanceof StaffError && err.code === 'NOT_SIGNED_IN') return { session: null };
        throw err;
      }
    },
    // The report holds the person's details and images: only for a signed-in member of staff, on
    // either kind of kiosk, so the customer never sees it without a PIN.
    async getReport(r) {
      signedIn();
      const report = {
        ...(await service.handlers.getReport(r)),
        reference: sessionReference(service.sessionIdFor(r.handle)),
      };
      // Signed out while it was being fetched: nothing is held for nobody.
      if (token === null) throw new StaffError('NOT_SIGNED_IN', 'Sign in first (the staff session ended).');
      service.holdForReview(r.handle);
      reviewing.set(r.handle, report);
      return report;
    },
    async getDecisionReasons() {
      return { reasons: deps.reasons() };
    },
    async recordDecision(r) {
      const who = signedIn();
      const sessionId = service.sessionIdFor(r.handle);
      const before = decided.get(sessionId);
      if (before)
        throw new KioskServiceError(
          'ALREADY_DECIDED',
          `A decision was already recorded for this verification (reference ${before.reference}).`,
        );
      const report = reviewing.get(r.handle);
      if (!report) throw new KioskServiceError('INVALID_REQUEST', 'Open the result before recording a decision.');
      if (report.sessionState !== 'COMPLETED')
        throw new KioskServiceError(
          'INVALID_REQUEST',
          'The verification has no result yet: open it again once it is complete.',
        );
      if (!deps.reasons().some((x) => x.code === r.reasonCode && x.decisions.includes(r.decision)))
        throw new KioskServiceError(
          'INVALID_REQUEST',
          `${r.reasonCode} is not one of this kiosk's reasons to ${r.decision.toLowerCase()}.`,
        );
      if (!deps.audit)
        throw new KioskServiceError(
          'INTERNAL',
          'Decisions cannot be recorded: the audit log could not be opened. Ask IT (the kiosk log says why).',
        );
      // Synchronous from the check above to here, so two clicks cannot both record.
      const entry = deps.audit.record(
        {
          decision: r.decision === 'APPROVE' ? 'approve' : r.decision === 'REJECT' ? 'reject' : 'refer',
          reasonCode: r.reasonCode,
          ...(r.note !== undefined ? { note: r.note } : {}),
          staffAccountId: who.accountId,
          sessionId,
        },
        report,
      );
      const recorded: RecordedDecision = {
        reference: decisionReference(entry.seq),
        recordedAt: entry.at,
        decision: r.decision,
        reasonCode: r.reasonCode,
        reasonLabel: null,
        note: entry.note,
        staffDisplayName: who.displayName.slice(0, 80),
        kioskId: entry.kioskId,
        documentNumberLast4: entry.documentNumberLast4,
      };
      decided.set(sessionId, recorded);
      reviewing.delete(r.handle);
      service.release(r.handle);
      logger.info('staff decision recorded', { seq: entry.seq, decision: entry.decision });
      return { reference: recorded.reference, recordedAt: recorded.recordedAt };
    },
    // After the decision only: the receipt and the report print what was decided.
    async printDocument(r) {
      signedIn();
      if (!deps.print) throw new KioskServiceError('NOT_ALLOWED', 'Printing is not set up on this kiosk.');
      const decision = decided.get(service.sessionIdFor(r.handle));
      if (!decision)
        throw new KioskServiceError('NOT_DECIDED', 'Record the decision before printing the receipt or the report.');
      const report = {
        ...(await service.handlers.getReport({ handle: r.handle })),
        reference: sessionReference(service.sessionIdFor(r.handle)),
      };
      const out = await deps.print.print(r.kind, {
        report,
        decision,
        ...(r.locale !== undefined ? { locale: r.locale } : {}),
      });
      // Its own buffer: a view into a shared pool would send unrelated memory over IPC.
      return { pdf: new Uint8Array(out.pdf), printed: out.printed };
    },
  };

  return {
    handlers,
    requireAdmin() {
      const who = signedIn();
      if (who.role !== 'admin') throw new StaffError('NOT_ALLOWED', 'Only an admin may do this.');
      return token as string;
    },
    requireStaff() {
      const who = signedIn();
      return { accountId: who.accountId, displayName: who.displayName };
    },
    forget(handle) {
      if (handle === undefined) reviewing.clear();
      else reviewing.delete(handle);
    },
    dispose() {
      unsubscribe();
      reviewing.clear();
    },
  };
}
