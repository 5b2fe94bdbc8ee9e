// The branch API: what a registered IBV branch station does (requests signed with the station's
// own RSA key, its id in the path). It opens a session from the letter's QR code, which gives it
// a capture token for the client API (it captures the documents and face there, as source IBV),
// then posts the staff's visual review; it submits through the client API. A letter that is
// unknown, for another business, expired or already used is refused in words, changing nothing.
import { z } from 'zod';
import { HttpError, conflict, notFound } from '../http/httpError';
import { parseJsonBody } from '../http/bodyReader';
import { sendJson } from '../http/jsonResponse';
import type { Router } from '../http/router';
import type { RequestContext } from '../api/apiContext';
import { invalidBody } from '../api/sessionSpecification';
import { buildConfiguration } from '../api/sessionViews';
import { deviceOf } from '../api/clientRoutes';
import type { BranchStationRecord } from '../store/branchRepository';
import { parseLetterQr } from './letterCode';
import { recordVisualReview, visualReviewBody } from './visualReview';

/** How long a station's capture token lasts (one branch visit). */
export const BRANCH_TOKEN_TTL_MS = 2 * 60 * 60 * 1000;

const openBody = z.strictObject({ qr: z.string().min(1).max(300) });

function stationOf(ctx: RequestContext): BranchStationRecord {
  const station = ctx.app ? ctx.deps.store.branch.getStation(ctx.app.sdkId) : null;
  if (!station) throw new HttpError(401, 'UNKNOWN_STATION', 'this call needs a request signed by a registered branch station');
  return station;
}

export function registerBranchRoutes(router: Router<RequestContext>): void {
  router.add('POST', '/stations/:stationId/letters/open', 'json', async (ctx) => {
    const station = stationOf(ctx);
    const parsed = openBody.safeParse(parseJsonBody(ctx.body, ctx.req.headers['content-type']));
    if (!parsed.success) throw invalidBody('INVALID_LETTER', parsed.error.issues);
    const qr = parseLetterQr(parsed.data.qr);
    if (!qr) throw new HttpError(400, 'NOT_A_LETTER_CODE', 'this QR code is not an In-Branch Verification letter of this service');
    const { store } = ctx.deps;
    const letter = store.branch.findLetterCode(qr.code);
    if (!letter || letter.sessionId !== qr.sessionId) {
      throw notFound('LETTER_NOT_FOUND', 'this letter is not known (a newer letter may have replaced it); ask the applicant for their latest letter');
    }
    if (letter.sdkId !== station.sdkId) {
      throw new HttpError(403, 'LETTER_OTHER_BUSINESS', 'this letter is for another organisation; this station cannot open it');
    }
    const session = store.sessions.get(letter.sessionId);
    const now = ctx.deps.now();
    if (!session || session.state !== 'ONGOING' || now >= letter.expiresAt) {
      throw new HttpError(410, 'LETTER_EXPIRED', 'this letter has expired; the applicant needs a new session from their organisation');
    }
    if (letter.usedAt !== null) {
      throw conflict('LETTER_USED', 'this letter was already used at a branch; the applicant needs a new letter');
    }
    if (session.submitted) throw conflict('SESSION_SUBMITTED', 'this session was already submitted');
    const firstVisit = !store.branch.visited(session.id);
    const token = store.branch.redeemLetterCode(qr.code, station.stationId, Math.min(now + BRANCH_TOKEN_TTL_MS, letter.expiresAt));
    store.devices.record(session.id, 'BRANCH_LETTER_OPENED', deviceOf(ctx.req));
    if (firstVisit) ctx.deps.notifier.notify(session, 'FIRST_BRANCH_VISIT');
    const instructions = store.records.get(session.id, 'INSTRUCTIONS')?.value ?? null;
    sendJson(ctx.res, 200, {
      session_id: session.id,
      capture_token: token,
      capture_token_expires_at: new Date(Math.min(now + BRANCH_TOKEN_TTL_MS, letter.expiresAt)).toISOString(),
      instructions,
      configuration: buildConfiguration(session, store.resources.list(session.id), {
        forClient: true,
        now,
        documents: ctx.deps.documents,
      }),
    });
  });

  router.add('POST', '/stations/:stationId/sessions/:sessionId/visual-review', 'json', async (ctx, { sessionId }) => {
    const station = stationOf(ctx);
    const { store } = ctx.deps;
    const session = store.sessions.get(sessionId);
    if (!session || !store.branch.stationOpened(station.stationId, sessionId)) {
      throw notFound('SESSION_NOT_OPENED', `this station has not opened session ${sessionId} from its letter`);
    }
    const parsed = visualReviewBody.safeParse(parseJsonBody(ctx.body, ctx.req.headers['content-type']));
    if (!parsed.success) throw invalidBody('INVALID_VISUAL_REVIEW', parsed.error.issues);
    if (parsed.data.decision === 'REJECT' && !parsed.data.reason) {
      throw new HttpError(400, 'REASON_REQUIRED', "reason: a REJECT needs the staff member's reason");
    }
    sendJson(ctx.res, 200, recordVisualReview(ctx.deps, session, parsed.data));
  });
}
