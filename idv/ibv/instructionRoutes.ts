// In-Branch Verification on the relying party's API: the instructions (PUT/GET), the contact
// profile, the PDF letter with its one-time QR code, and the email request. Personal data is kept
// sealed under the session's key (idv/store/sessionRecords.ts). Plus the sandbox's way to skip the
// branch: the visual review posted as if a branch had done it (sandbox sessions only).
import { z } from 'zod';
import { HttpError, conflict, notFound } from '../http/httpError';
import { parseJsonBody } from '../http/bodyReader';
import { sendBytes, sendJson } from '../http/jsonResponse';
import type { Router } from '../http/router';
import { requireApp, type RequestContext } from '../api/apiContext';
import { invalidBody, isIbvSession } from '../api/sessionSpecification';
import { requirementsOf } from '../api/documentRequirements';
import { specificationOf } from '../api/sessionViews';
import { toJsonObject } from '../api/jsonObject';
import { isSandboxSession } from '../api/sessionOrigin';
import type { SessionRecord } from '../store/types';
import { instructionsSchema, type Instructions } from './instructionsSchema';
import { letterQrText } from './letterCode';
import { renderLetterPdf } from './letterPdf';
import { recordVisualReview, visualReviewBody } from './visualReview';

function ibvSession(ctx: RequestContext, sessionId: string): SessionRecord {
  const app = requireApp(ctx);
  const session = ctx.deps.store.sessions.getForApp(app.sdkId, sessionId);
  if (!session) throw notFound('SESSION_NOT_FOUND', `no session ${sessionId} for this application`);
  if (!isIbvSession(specificationOf(session))) {
    throw conflict('NOT_AN_IBV_SESSION', 'this session was created without ibv_options: it has no branch instructions');
  }
  return session;
}

function storedInstructions(ctx: RequestContext, session: SessionRecord): Instructions | null {
  const value = ctx.deps.store.records.get(session.id, 'INSTRUCTIONS')?.value;
  return value ? (value as unknown as Instructions) : null;
}

const emailBody = z.strictObject({}).optional();

export function registerInstructionRoutes(router: Router<RequestContext>): void {
  router.add('PUT', '/sessions/:sessionId/instructions', 'json', async (ctx, { sessionId }) => {
    const session = ibvSession(ctx, sessionId);
    const parsed = instructionsSchema.safeParse(parseJsonBody(ctx.body, ctx.req.headers['content-type']));
    if (!parsed.success) throw invalidBody('INVALID_INSTRUCTIONS', parsed.error.issues);
    const known = new Set(requirementsOf(session.id, specificationOf(session)).map((r) => r.id));
    const unknown = parsed.data.documents.find((d) => !known.has(d.requirement_id));
    if (unknown) {
      throw new HttpError(
        400,
        'UNKNOWN_REQUIREMENT',
        `documents: requirement_id ${unknown.requirement_id.slice(0, 64)} is not a requirement of this session (see GET .../configuration)`,
      );
    }
    if (session.state !== 'ONGOING' || session.submitted) {
      throw conflict('SESSION_SUBMITTED', 'the session was already submitted; its instructions can no longer change');
    }
    const { store } = ctx.deps;
    store.transaction(() => {
      store.records.put(session.id, 'INSTRUCTIONS', toJsonObject(parsed.data));
      if (parsed.data.contact_profile)
        store.records.put(session.id, 'CONTACT_PROFILE', toJsonObject(parsed.data.contact_profile));
    });
    sendJson(ctx.res, 200, parsed.data);
  });

  router.add('GET', '/sessions/:sessionId/instructions', 'none', async (ctx, { sessionId }) => {
    const session = ibvSession(ctx, sessionId);
    const instructions = storedInstructions(ctx, session);
    if (!instructions) throw notFound('INSTRUCTIONS_NOT_FOUND', 'no instructions were PUT for this session yet');
    sendJson(ctx.res, 200, instructions);
  });

  router.add('GET', '/sessions/:sessionId/instructions/contact-profile', 'none', async (ctx, { sessionId }) => {
    const session = ibvSession(ctx, sessionId);
    const profile = ctx.deps.store.records.get(session.id, 'CONTACT_PROFILE')?.value;
    if (!profile) throw notFound('CONTACT_PROFILE_NOT_FOUND', 'the instructions of this session give no contact profile');
    sendJson(ctx.res, 200, profile);
  });

  router.add('GET', '/sessions/:sessionId/instructions/pdf', 'none', async (ctx, { sessionId }) => {
    const session = ibvSession(ctx, sessionId);
    if (session.state !== 'ONGOING' || session.submitted) {
      throw conflict('SESSION_SUBMITTED', `the session is ${session.submitted ? 'submitted' : session.state}: no letter is issued`);
    }
    const instructions = storedInstructions(ctx, session);
    const profile = ctx.deps.store.records.get(session.id, 'APPLICANT_PROFILE')?.value;
    const contact = instructions?.contact_profile;
    const applicantName =
      typeof profile?.full_name === 'string'
        ? profile.full_name
        : contact
          ? `${contact.first_name} ${contact.last_name}`
          : null;
    // A new letter replaces the earlier one: its code stops working.
    const code = ctx.deps.store.branch.issueLetterCode(session.id, session.sdkId, session.clientSessionTokenExpiresAt);
    const pdf = await renderLetterPdf({
      sessionId: session.id,
      qrText: letterQrText({ sessionId: session.id, code }),
      instructions,
      applicantName,
      validUntil: new Date(session.clientSessionTokenExpiresAt).toISOString(),
    });
    ctx.deps.notifier.notify(session, 'NEW_PDF_SUPPLIED');
    sendBytes(ctx.res, 200, pdf, 'application/pdf');
  });

  router.add('POST', '/sessions/:sessionId/instructions/email', 'json', async (ctx, { sessionId }) => {
    const session = ibvSession(ctx, sessionId);
    const parsed = emailBody.safeParse(ctx.body.length > 0 ? parseJsonBody(ctx.body, ctx.req.headers['content-type']) : undefined);
    if (!parsed.success) throw invalidBody('INVALID_EMAIL_REQUEST', parsed.error.issues);
    const contact = ctx.deps.store.records.get(session.id, 'CONTACT_PROFILE')?.value;
    if (!contact || typeof contact.email !== 'string') {
      throw conflict('CONTACT_PROFILE_REQUIRED', 'PUT instructions with a contact_profile (email) before asking for the email');
    }
    // The local service sends no email: the request is recorded and the relying party is told
    // (INSTRUCTIONS_EMAIL_REQUESTED) so it can send its own.
    const at = new Date(ctx.deps.now()).toISOString();
    const recorded = ctx.deps.store.records.append(session.id, 'EMAIL_REQUEST', { to: contact.email, at, kind: 'INSTRUCTIONS' });
    ctx.deps.notifier.notify(session, 'INSTRUCTIONS_EMAIL_REQUESTED');
    sendJson(ctx.res, 202, { requested_at: at, request: recorded.seq + 1, sent: false, reason: 'the local service sends no email; the relying party was notified' });
  });
}

export function registerSandboxIbvRoutes(router: Router<RequestContext>): void {
  // Yoti's sandbox completes IBV sessions without a branch; here the visual review is posted as
  // the sandbox's, on sessions created on the sandbox path only.
  router.add('PUT', '/sessions/:sessionId/ibv/visual-review', 'json', async (ctx, { sessionId }) => {
    const session = ibvSession(ctx, sessionId);
    if (!isSandboxSession(ctx.deps.store, session.id)) {
      throw conflict('NOT_A_SANDBOX_SESSION', 'only a session created on the sandbox path can skip the branch');
    }
    const parsed = visualReviewBody.safeParse(parseJsonBody(ctx.body, ctx.req.headers['content-type']));
    if (!parsed.success) throw invalidBody('INVALID_VISUAL_REVIEW', parsed.error.issues);
    sendJson(ctx.res, 200, recordVisualReview(ctx.deps, session, { ...parsed.data, reviewer: `sandbox: ${parsed.data.reviewer}` }));
  });
}
