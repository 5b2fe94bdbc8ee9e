// The in-branch station in main (Yoti's IBV model): a signed-in member of staff opens a
// customer's letter through the branch API, captures the document with the letter's capture
// token, records the visual review and submits; the result comes back through the kiosk's own
// RP SDK (the letter's business is the kiosk's app), and the receipt prints from it. The station
// key and the capture token stay here; the renderer gets a visit handle. A visit is held in
// memory only and forgotten when it ends, when staff sign out, or at shutdown.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { errorFirstLine } from '../../../common/errorMessage';
import type { BranchProfile, LetterRefusal } from '../../../common/ipc/branchChannels';
import type { InvokeHandlers, ServiceInfo } from '../../../common/ipc/contract';
import { DOCUMENT_TYPES, pagesOf, type PageSide } from '../../../common/documents';
import type { Logger } from '../../../platform/logger';
import { BranchApiError, type BranchClient, type OpenedLetter } from '../../../idv/ibv/branchClient';
import { parseLetterQr } from '../../../idv/ibv/letterCode';
import type { AuditLog } from '../audit/auditLog';
import { canonicalJson } from '../audit/canonicalJson';
import { sha256Hex } from '../audit/reportHash';
import { sessionReference } from '../audit/sessionReference';
import type { ClientSessionApi } from '../clientSessionApi';
import type { PrintService } from '../receipts/printService';
import { buildStaffReport } from '../reportBuilder';
import type { SessionBroker } from '../sessionBroker';
import { KioskServiceError } from '../serviceErrors';
import { refusalMessage } from '../serviceMessages';
import { readQrText } from './letterQrReader';
import { REFUSAL_WORDS, refusalOf } from './letterRefusals';

export type BranchChannel =
  | 'branchOpenLetter'
  | 'branchCapturePage'
  | 'branchCaptureFace'
  | 'branchRecordReview'
  | 'branchSubmit'
  | 'branchPrintReceipt'
  | 'branchEndVisit';

/** The letter's code as the station accepts it (QR text or typed): its format, before any call. */
export const letterCode = z
  .string()
  .transform((s) => s.trim())
  .refine((s) => parseLetterQr(s) !== null, 'not an In-Branch Verification letter code');

/** What the letter's instructions must say for the station to know what to capture. */
const instructionsShape = z.looseObject({
  contact_profile: z
    .looseObject({ first_name: z.string(), last_name: z.string(), email: z.string() })
    .optional(),
  documents: z
    .array(
      z.looseObject({
        document: z.looseObject({ country_code: z.string().regex(/^[A-Z]{3}$/), document_type: z.enum(DOCUMENT_TYPES) }),
      }),
    )
    .min(1),
  branch: z.looseObject({ name: z.string().optional() }).optional(),
});

/** The letter's configuration: its required resources say whether a face is to be taken. */
const configurationShape = z.looseObject({
  capture: z.looseObject({ required_resources: z.array(z.looseObject({ type: z.string() })).optional() }).optional(),
});

/** A liveness or face capture requirement: the station takes the person's face (a static liveness frame). */
function needsFace(configuration: unknown): boolean {
  const parsed = configurationShape.safeParse(configuration);
  return parsed.success && (parsed.data.capture?.required_resources ?? []).some((r) => r.type === 'LIVENESS' || r.type === 'FACE_CAPTURE');
}

interface Visit {
  letter: OpenedLetter;
  profile: BranchProfile;
  resourceId: string | null;
  pages: Set<PageSide>;
  /** SHA-256 of each page and of the face as uploaded: the audit's report hash covers what staff saw. */
  pageHashes: Partial<Record<PageSide, string>>;
  faceHash: string | null;
  faceRequired: boolean;
  livenessId: string | null;
  faceTaken: boolean;
  decision: 'APPROVE' | 'REJECT' | null;
  /** The review's audit report hash (the submit's entry ties to it), its points and note. */
  reviewHash: string | null;
  points: { documentInHand: boolean; photoMatchesPerson: boolean; detailsMatchProfile: boolean } | null;
  note: string | null;
  completed: { reference: string } | null;
  submitAudited: boolean;
}

export interface BranchVisitsDeps {
  /** Null when this kiosk is no branch station (not embedded and no station configured). */
  client: BranchClient | null;
  /** The client API, used with the letter's capture token for the person's face. */
  clientApi: Pick<ClientSessionApi, 'createLiveness' | 'uploadLivenessFrame'>;
  broker: Pick<SessionBroker, 'getSession' | 'getMediaContent'>;
  serviceInfo: ServiceInfo;
  /** Who is signed in at the staff station, or NOT_SIGNED_IN. */
  staffName: () => string;
  /** The signed-in staff account's id, for the audit log (NOT_SIGNED_IN when nobody is). */
  staffAccountId: () => string;
  /** The kiosk's audit log: the review and the submit are recorded in it; null refuses them. */
  audit: Pick<AuditLog, 'recordBranchReview'> | null;
  print: PrintService | null;
  kioskId: () => string;
  /** How long submit waits for COMPLETED before answering PROCESSING. */
  resultTimeoutMs?: number;
  pollMs?: number;
  logger: Logger;
}

export interface BranchVisits {
  readonly handlers: Pick<InvokeHandlers, BranchChannel>;
  /** Forgets every visit (staff signed out, the kiosk wipes everything). */
  forgetAll(): void;
}

const refused = (refusal: LetterRefusal) => ({ outcome: 'REFUSED' as const, refusal, message: REFUSAL_WORDS[refusal] });

export function createBranchVisits(deps: BranchVisitsDeps): BranchVisits {
  const visits = new Map<string, Visit>();
  const { logger } = deps;

  function station(): BranchClient {
    deps.staffName();
    if (!deps.client)
      throw new KioskServiceError('NOT_ALLOWED', 'This kiosk is not set up as a branch station (settings: branch).');
    return deps.client;
  }

  function visitOf(handle: string): Visit {
    deps.staffName();
    const v = visits.get(handle);
    if (!v) throw new KioskServiceError('UNKNOWN_SESSION', 'This branch visit has ended. Open the letter again.');
    return v;
  }

  function auditLog(): Pick<AuditLog, 'recordBranchReview'> {
    if (!deps.audit)
      throw new KioskServiceError('NOT_ALLOWED', 'The audit log cannot be opened on this kiosk: branch reviews cannot be recorded. Ask IT.');
    return deps.audit;
  }

  function record(audit: Pick<AuditLog, 'recordBranchReview'>, entry: Parameters<AuditLog['recordBranchReview']>[0]): void {
    try {
      audit.recordBranchReview(entry);
    } catch (err) {
      logger.error('a branch review was not recorded in the audit log', { error: errorFirstLine(err) });
      throw new KioskServiceError('NOT_ALLOWED', `The ${entry.stage === 'review' ? 'visual review' : 'submit'} could not be recorded in the kiosk's audit log: ${errorFirstLine(err).slice(0, 200)}`);
    }
  }

  /**
   * A client API or branch API failure during the visit, in the kiosk's words: the service's own
   * message may name the session or a check, so it goes to the log only (the capture token never
   * shows in either).
   */
  function failure(err: unknown, what: string): KioskServiceError {
    if (err instanceof BranchApiError) {
      if (err.status === 0 || err.status >= 500)
        return new KioskServiceError('SERVICE_UNREACHABLE', `The verification service could not be reached to ${what}.`);
      logger.warn('the service refused a branch visit step', { what, status: err.status, code: err.code, message: err.message.slice(0, 200) });
      return new KioskServiceError('REJECTED_BY_SERVICE', `Could not ${what}. ${refusalMessage(err.code, err.status)}`);
    }
    return new KioskServiceError('SERVICE_UNREACHABLE', `The verification service could not be reached to ${what}.`);
  }

  async function open(client: BranchClient, code: string) {
    const parsed = letterCode.safeParse(code);
    if (!parsed.success) return refused('NOT_A_LETTER_CODE');
    let letter: OpenedLetter;
    try {
      letter = await client.openLetter(parsed.data);
    } catch (err) {
      const e = err instanceof BranchApiError ? err : new BranchApiError(0, 'UNREACHABLE', errorFirstLine(err));
      const refusal = refusalOf(e.status, e.code);
      logger.info('letter refused', { refusal, status: e.status, code: e.code });
      return refused(refusal);
    }
    const instructions = instructionsShape.safeParse(letter.instructions);
    if (!instructions.success) return refused('NO_INSTRUCTIONS');
    const { contact_profile: contact, documents, branch } = instructions.data;
    const doc = documents[0].document;
    const profile: BranchProfile = {
      firstName: contact?.first_name.slice(0, 100) ?? null,
      lastName: contact?.last_name.slice(0, 100) ?? null,
      email: contact?.email.slice(0, 254) ?? null,
      document: { issuingCountry: doc.country_code, documentType: doc.document_type },
      branchName: branch?.name?.slice(0, 200) ?? null,
    };
    const handle = randomBytes(18).toString('base64url');
    const faceRequired = needsFace(letter.configuration);
    visits.set(handle, {
      letter,
      profile,
      resourceId: null,
      pages: new Set(),
      pageHashes: {},
      faceHash: null,
      faceRequired,
      livenessId: null,
      faceTaken: false,
      decision: null,
      reviewHash: null,
      points: null,
      note: null,
      completed: null,
      submitAudited: false,
    });
    logger.info('letter opened at the branch', { faceRequired });
    return {
      outcome: 'OPENED' as const,
      visit: handle,
      profile,
      requiredPages: [...pagesOf(doc.document_type)],
      faceRequired,
    };
  }

  async function waitForResult(sessionId: string) {
    const deadline = Date.now() + (deps.resultTimeoutMs ?? 120_000);
    for (;;) {
      const result = await deps.broker.getSession(sessionId);
      if (result.getState() === 'COMPLETED' || Date.now() >= deadline) return result;
      await new Promise((r) => setTimeout(r, deps.pollMs ?? 500));
    }
  }

  const handlers: BranchVisits['handlers'] = {
    async branchOpenLetter(r) {
      const client = station();
      if (r.kind === 'code') return open(client, r.code);
      const text = await readQrText(r.image).catch((err: unknown) => {
        logger.warn('a camera frame could not be read for a QR code', { error: errorFirstLine(err) });
        return null;
      });
      return text === null ? { outcome: 'NO_CODE' as const } : open(client, text);
    },
    async branchCapturePage(r) {
      const client = station();
      const v = visitOf(r.visit);
      if (v.completed) throw new KioskServiceError('NOT_ALLOWED', 'This visit was already submitted.');
      try {
        if (!v.resourceId) {
          const created = await client.createDocument(v.letter, v.profile.document.issuingCountry, v.profile.document.documentType);
          v.resourceId = String(created.resource_id);
        }
        const answer = await client.uploadPage(v.letter, v.resourceId, r.side.toUpperCase() === 'FRONT' ? 'front' : 'back', r.image, r.mime);
        v.pages.add(r.side);
        v.pageHashes[r.side] = sha256Hex(r.image);
        const feedback = z
          .object({ acceptable: z.boolean().optional(), issues: z.array(z.string()).optional() })
          .safeParse(answer.feedback);
        return {
          acceptable: feedback.success ? (feedback.data.acceptable ?? null) : null,
          issues: feedback.success ? (feedback.data.issues ?? []).map((i) => i.slice(0, 40)) : [],
        };
      } catch (err) {
        throw failure(err, 'take this page');
      }
    },
    async branchCaptureFace(r) {
      station();
      const v = visitOf(r.visit);
      if (v.completed) throw new KioskServiceError('NOT_ALLOWED', 'This visit was already submitted.');
      if (!v.faceRequired) throw new KioskServiceError('NOT_ALLOWED', "This verification does not ask for the customer's face.");
      const auth = { sessionId: v.letter.session_id, clientSessionToken: v.letter.capture_token };
      try {
        if (!v.livenessId) {
          const created = await deps.clientApi.createLiveness(auth, randomBytes(12).toString('base64url'));
          if (!created.value.resourceId) throw new KioskServiceError('REJECTED_BY_SERVICE', 'The service gave no liveness resource for the face.');
          v.livenessId = created.value.resourceId;
        }
        // The station's one face is frame 0: a retake replaces it.
        await deps.clientApi.uploadLivenessFrame(auth, v.livenessId, r.image, r.mime, randomBytes(12).toString('base64url'), 0);
      } catch (err) {
        if (err instanceof KioskServiceError) throw err;
        throw failure(err, "take the customer's photo");
      }
      v.faceTaken = true;
      v.faceHash = sha256Hex(r.image);
      return { taken: true as const };
    },
    async branchRecordReview(r) {
      const client = station();
      const v = visitOf(r.visit);
      const reviewer = deps.staffName();
      const audit = auditLog();
      const approve = r.documentInHand && r.photoMatchesPerson && r.detailsMatchProfile;
      const failed = [
        r.documentInHand ? null : 'document not in hand',
        r.photoMatchesPerson ? null : 'photo does not match the person',
        r.detailsMatchProfile ? null : 'details do not match the profile',
      ].filter((x): x is string => x !== null);
      const reason = [failed.join('; '), r.note?.trim()].filter(Boolean).join(' — ').slice(0, 500);
      try {
        await client.postVisualReview(v.letter.session_id, {
          decision: approve ? 'APPROVE' : 'REJECT',
          reviewer,
          ...(approve ? {} : { reason }),
        });
      } catch (err) {
        throw failure(err, 'record the visual review');
      }
      v.decision = approve ? 'APPROVE' : 'REJECT';
      const points = { documentInHand: r.documentInHand, photoMatchesPerson: r.photoMatchesPerson, detailsMatchProfile: r.detailsMatchProfile };
      const note = r.note?.trim() ? r.note.trim().slice(0, 500) : null;
      // What staff reviewed, without the images themselves (their SHA-256 stands for them).
      v.reviewHash = sha256Hex(
        canonicalJson({
          kind: 'branchReview',
          reference: sessionReference(v.letter.session_id),
          profile: v.profile,
          pages: v.pageHashes,
          face: v.faceHash,
          points,
          note,
          decision: v.decision,
        }),
      );
      record(audit, {
        stage: 'review',
        staffAccountId: deps.staffAccountId(),
        sessionId: v.letter.session_id,
        decision: approve ? 'approve' : 'reject',
        points,
        ...(note !== null ? { note } : {}),
        checks: [],
        reportHash: v.reviewHash,
      });
      v.points = points;
      v.note = note;
      return { decision: v.decision };
    },
    async branchSubmit(r) {
      const client = station();
      const v = visitOf(r.visit);
      if (v.decision === null) throw new KioskServiceError('NOT_DECIDED', 'Record the visual review before submitting.');
      const audit = auditLog();
      const missing = pagesOf(v.profile.document.documentType).filter((s) => !v.pages.has(s));
      if (missing.length > 0)
        throw new KioskServiceError('NOT_ALLOWED', `Take the ${missing.join(' and ')} of the document first.`);
      if (v.faceRequired && !v.faceTaken)
        throw new KioskServiceError('NOT_ALLOWED', "Take the customer's photo first.");
      if (!v.completed) {
        try {
          await client.submit(v.letter);
        } catch (err) {
          throw failure(err, 'submit this verification');
        }
        v.completed = { reference: sessionReference(v.letter.session_id) };
      }
      const result = await waitForResult(v.letter.session_id).catch((err: unknown) => {
        throw failure(err, 'read the result');
      });
      const state = result.getState() === 'COMPLETED' ? ('COMPLETED' as const) : ('PROCESSING' as const);
      const checks = (result.getChecks?.() ?? []).map((c) => {
        const value = c.getReport?.()?.getRecommendation?.()?.getValue?.();
        const recommendation: 'APPROVE' | 'REJECT' | 'NOT_AVAILABLE' =
          value === 'APPROVE' || value === 'REJECT' ? value : 'NOT_AVAILABLE';
        return { type: c.getType().slice(0, 64), recommendation };
      });
      if (!v.submitAudited && v.points) {
        record(audit, {
          stage: 'submit',
          staffAccountId: deps.staffAccountId(),
          sessionId: v.letter.session_id,
          decision: v.decision === 'APPROVE' ? 'approve' : 'reject',
          points: v.points,
          ...(v.note !== null ? { note: v.note } : {}),
          checks,
          reportHash: sha256Hex(canonicalJson({ kind: 'branchSubmit', review: v.reviewHash, reference: v.completed.reference, state, checks })),
        });
        v.submitAudited = true;
      }
      return { state, reference: v.completed.reference, checks };
    },
    async branchPrintReceipt(r) {
      station();
      const v = visitOf(r.visit);
      if (!deps.print) throw new KioskServiceError('NOT_ALLOWED', 'Printing is not set up on this kiosk.');
      if (!v.completed || v.decision === null)
        throw new KioskServiceError('NOT_DECIDED', 'Submit the verification before printing the receipt.');
      const sessionId = v.letter.session_id;
      const result = await deps.broker.getSession(sessionId);
      const report = {
        ...(await buildStaffReport(r.visit, deps.serviceInfo, result, {
          getMediaContent: (mediaId) => deps.broker.getMediaContent(sessionId, mediaId),
        })),
        reference: v.completed.reference,
      };
      const out = await deps.print.print('receipt', {
        report,
        decision: {
          reference: v.completed.reference,
          decision: v.decision,
          reasonCode: 'BRANCH_VISUAL_REVIEW',
          reasonLabel: 'In-branch visual review',
          note: null,
          staffDisplayName: deps.staffName().slice(0, 80),
          recordedAt: new Date().toISOString(),
          kioskId: deps.kioskId(),
          documentNumberLast4: null,
        },
        ...(r.locale !== undefined ? { locale: r.locale } : {}),
      });
      return { pdf: new Uint8Array(out.pdf), printed: out.printed };
    },
    async branchEndVisit(r) {
      return { ended: visits.delete(r.visit) };
    },
  };

  return {
    handlers,
    forgetAll: () => visits.clear(),
  };
}
