// The client API (bearer client session token): what a capture client — the kiosk — uses to read
// its configuration, create resources, upload page images, scanner MRZ lines and liveness frames,
// and submit. Every write is validated in full before anything is stored.
import { MRZ_SIZES } from '../../vision/mrz/mrzLayout';
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { errorMessage } from '../../common/errorMessage';
import { z } from 'zod';
import { CAPTURE_METHODS, PAGE_SIDES, type CaptureMethod, type PageSide } from '../../common/documents';
import type {
  DeviceDescription,
  IdvStoreTx,
  JsonObject,
  ResourceRecord,
  SessionRecord,
} from '../store/types';
import { HttpError, badRequest, conflict, notFound } from '../http/httpError';
import { attemptCategory, attemptsRemaining, isUnacceptable } from './documentAttempts';
import { parseJsonBody } from '../http/bodyReader';
import { inspectImage } from '../http/imageBody';
import { sendJson } from '../http/jsonResponse';
import type { Router } from '../http/router';
import { isKnownDocumentType, unknownCountryMessage } from '../supportedDocuments';
import { requireSession, type RequestContext } from './apiContext';
import { findAllowedDocument, requirementsOf } from './documentRequirements';
import { toJsonObject } from './jsonObject';
import { mrzAccessKeyOf, type MrzAccessKeyJson } from './mrzAccessKey';
import { hasCheck, invalidBody } from './sessionSpecification';
import { buildConfiguration, buildStatus, missingItems, specificationOf } from './sessionViews';
import { runSubmission } from './submission';
import { isSandboxSession } from './sessionOrigin';
import { ChipResourceError, validChipBody, type ChipResourceBody } from '../chip/chipResource';

export const MAX_LIVENESS_FRAMES = 10;

/** Client API bodies keep their nulls: the kiosk's schemas read "null" as "not there yet". */
const send = (ctx: RequestContext, status: number, body: unknown) =>
  sendJson(ctx.res, status, body, {}, { keepNulls: true });

export function deviceOf(req: IncomingMessage): DeviceDescription {
  const ua = String(req.headers['user-agent'] ?? '');
  const browser = /(Electron|Chrome|Firefox|Safari|node)[/ ]?([\d.]*)/i.exec(ua);
  const os = /(Windows NT|Linux|Mac OS X|Android|iPhone OS)[ ]?([\d._]*)/i.exec(ua);
  const device: DeviceDescription = {};
  if (req.socket.remoteAddress) device.ip_address = req.socket.remoteAddress;
  if (browser) {
    device.browser_name = browser[1];
    if (browser[2]) device.browser_version = browser[2];
  }
  if (os) {
    device.os_name = os[1];
    if (os[2]) device.os_version = os[2];
  }
  const locale = String(req.headers['accept-language'] ?? '')
    .split(',')[0]
    .trim();
  if (/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(locale)) device.locale = locale;
  const clientVersion = req.headers['x-client-version'];
  if (typeof clientVersion === 'string' && clientVersion.length <= 64) device.client_version = clientVersion;
  return device;
}

function assertOpen(session: SessionRecord): void {
  if (session.submitted) {
    throw conflict('SESSION_SUBMITTED', 'the session was already submitted; nothing more can be uploaded');
  }
  if (session.state !== 'ONGOING') {
    throw conflict('SESSION_CLOSED', `the session is ${session.state}; nothing more can be uploaded`);
  }
}

function captureMethodOf(req: IncomingMessage, spec: ReturnType<typeof specificationOf>): CaptureMethod {
  const raw = req.headers['x-capture-method'];
  if (raw === undefined) return 'CAMERA';
  const value = String(raw).toUpperCase();
  if (!(CAPTURE_METHODS as readonly string[]).includes(value)) {
    throw badRequest(
      'INVALID_CAPTURE_METHOD',
      `X-Capture-Method must be one of ${CAPTURE_METHODS.join(', ')}`,
    );
  }
  // sdk_config.allowed_capture_methods CAMERA: the relying party wants live captures only.
  if (value !== 'CAMERA' && spec.sdk_config?.allowed_capture_methods === 'CAMERA') {
    throw new HttpError(
      403,
      'UPLOAD_NOT_ALLOWED',
      'this session allows camera capture only (sdk_config.allowed_capture_methods CAMERA); an uploaded page is refused',
    );
  }
  return value as CaptureMethod;
}

/**
 * IBV support MANDATORY: only a registered branch station captures; NOT_ALLOWED or no IBV: the
 * person may capture at home as well.
 */
function assertCaptureSourceAllowed(ctx: RequestContext, spec: ReturnType<typeof specificationOf>): void {
  // The sandbox's way to skip the branch: a sandbox session takes the person's own capture.
  if (
    spec.ibv_options?.support === 'MANDATORY' &&
    ctx.captureSource?.type !== 'IBV' &&
    !(ctx.session && isSandboxSession(ctx.deps.store, ctx.session.id))
  ) {
    throw new HttpError(
      403,
      'IBV_CAPTURE_IN_BRANCH',
      'this is an In-Branch Verification session: its documents and face are captured at a branch, from the letter',
    );
  }
}

function consentOf(ctx: RequestContext, session: SessionRecord): boolean | null {
  const granted = ctx.deps.store.records.get(session.id, 'BIOMETRIC_CONSENT')?.value.granted;
  return typeof granted === 'boolean' ? granted : null;
}

/** block_biometric_consent: nothing biometric is taken until the person's consent is recorded. */
function assertBiometricConsent(ctx: RequestContext, session: SessionRecord): void {
  if (!specificationOf(session).block_biometric_consent) return;
  if (consentOf(ctx, session) === true) return;
  throw new HttpError(
    403,
    'BIOMETRIC_CONSENT_REQUIRED',
    'this session blocks biometric capture until the person consents: POST .../consents {"biometric": true} first',
  );
}

/**
 * Idempotency-Key: the kiosk's durable outbox may resend a write after a crash. A key already
 * applied in the session answers 409 ALREADY_UPLOADED with the first response's fields, which the
 * kiosk treats as success; the first response is recorded in the same transaction as the write,
 * with a hash of the request. The same key on a different request is refused (422
 * IDEMPOTENCY_KEY_REUSED): that is a client bug, and answering it with the first response would
 * drop the new content silently. A new upload under a new key is a new write (e.g. a retake).
 */
function idempotencyKeyOf(req: IncomingMessage): string | null {
  const raw = req.headers['idempotency-key'];
  if (raw === undefined) return null;
  if (typeof raw !== 'string' || !/^[A-Za-z0-9_-]{8,128}$/.test(raw)) {
    throw badRequest(
      'INVALID_IDEMPOTENCY_KEY',
      'Idempotency-Key must be 8 to 128 characters of A-Z a-z 0-9 _ -',
    );
  }
  return raw;
}

/** What makes a resend the same request: method, path, the headers that change the write, body. */
function requestHashOf(ctx: RequestContext): string {
  const { req } = ctx;
  const hash = createHash('sha256');
  for (const part of [
    req.method,
    (req.url ?? '').split('?')[0],
    req.headers['content-type'],
    req.headers['x-capture-method'],
  ]) {
    hash.update(String(part ?? '')).update('\0');
  }
  return hash.update(ctx.body).digest('hex');
}

function replayIfApplied(
  ctx: RequestContext,
  session: SessionRecord,
): { key: string; requestHash: string } | null {
  const key = idempotencyKeyOf(ctx.req);
  if (key === null) return null;
  const requestHash = requestHashOf(ctx);
  const previous = ctx.deps.store.idempotency.recall(session.id, key);
  if (previous && previous.requestHash !== null && previous.requestHash !== requestHash) {
    throw new HttpError(
      422,
      'IDEMPOTENCY_KEY_REUSED',
      'this Idempotency-Key was already used for a different request; send a new write with a new key',
    );
  }
  if (previous) {
    throw conflict(
      'ALREADY_UPLOADED',
      'this Idempotency-Key was already applied; the original response is included',
      previous.response,
    );
  }
  return { key, requestHash };
}

type DeviceEvent = 'RESOURCE_CREATED' | 'MEDIA_UPLOADED' | 'SESSION_SUBMITTED';

/**
 * One client write, done the same way by every route: a resent Idempotency-Key is answered with
 * the first response before anything else; the write, its device event and the response kept for
 * a resend commit together; the relying party hears of a changed resource once it is committed.
 */
function clientWrite(ctx: RequestContext) {
  const session = requireSession(ctx);
  const applied = replayIfApplied(ctx, session);
  /** Inside the write's transaction: its device event, and its response under the key. */
  const record = <T extends Record<string, unknown>>(
    tx: IdvStoreTx,
    event: DeviceEvent | null,
    body: T,
  ): T => {
    if (event) tx.devices.record(session.id, event, deviceOf(ctx.req));
    if (applied !== null)
      tx.idempotency.remember(session.id, applied.key, toJsonObject(body), applied.requestHash);
    return body;
  };
  return {
    session,
    record,
    /** Runs the write in one transaction with its device event and its response under the key. */
    commit: <T extends Record<string, unknown>>(event: DeviceEvent | null, write: (tx: IdvStoreTx) => T): T =>
      ctx.deps.store.transaction((tx) => record(tx, event, write(tx))),
    /** Answers a write that changed a resource, and notifies the relying party. */
    resourceUpdated(status: number, body: Record<string, unknown>): void {
      ctx.deps.notifier.notify(session, 'RESOURCE_UPDATE');
      send(ctx, status, body);
    },
  };
}

/** The route's JSON body, validated by its schema; a 400 with `code` naming every problem. */
function jsonBody<T>(ctx: RequestContext, schema: z.ZodType<T>, code: string): T {
  const parsed = schema.safeParse(parseJsonBody(ctx.body, ctx.req.headers['content-type']));
  if (!parsed.success) throw invalidBody(code, parsed.error.issues);
  return parsed.data;
}

const RESOURCE_NAMES = { ID_DOCUMENT: 'ID document', LIVENESS: 'liveness resource' } as const;

/** The session's resource of that kind, or 404. */
function resourceOf<K extends keyof typeof RESOURCE_NAMES>(
  ctx: RequestContext,
  session: SessionRecord,
  resourceId: string,
  kind: K,
): Extract<ResourceRecord, { kind: K }> {
  const resource = ctx.deps.store.resources.get(session.id, resourceId);
  if (resource?.kind !== kind) {
    throw notFound('RESOURCE_NOT_FOUND', `no ${RESOURCE_NAMES[kind]} ${resourceId} in this session`);
  }
  return resource as Extract<ResourceRecord, { kind: K }>;
}

const newDocumentBody = z.object({ issuing_country: z.string(), document_type: z.string() });
const mrzBody = z.object({ lines: z.array(z.string()).min(2).max(3) });
const livenessBody = z.object({ liveness_type: z.string() });
const consentBody = z.strictObject({ biometric: z.boolean() });

/**
 * A retake of a page is refused once its attempts are used up: the category its current feedback
 * counts against has none left.
 */
function assertRetakeAllowed(
  spec: ReturnType<typeof specificationOf>,
  doc: Extract<ResourceRecord, { kind: 'ID_DOCUMENT' }>,
  current: JsonObject | null,
  side: string,
): void {
  const category = attemptCategory(current);
  const remaining = attemptsRemaining(spec, doc);
  if ((remaining[category] ?? 0) > 0) return;
  throw conflict(
    'NO_ATTEMPTS_REMAINING',
    `the ${side} page cannot be taken again: no attempts remain for this document (${category}); keep the page that was sent, or ask a member of staff`,
    { attempts_remaining: remaining, attempts_category: category },
  );
}

/** TD1 is 3×30, TD2/MRV-B 2×36, TD3/MRV-A 2×44 (ICAO 9303). */
function validateMrzLines(raw: string[]): string[] {
  const lines = raw.map((line) => line.trim().toUpperCase());
  const bad = lines.findIndex((line) => !/^[A-Z0-9<]+$/.test(line));
  if (bad >= 0) throw badRequest('INVALID_MRZ', `lines.${bad}: an MRZ line holds only A-Z, 0-9 and <`);
  const sameLength = lines.every((line) => line.length === lines[0].length);
  const known = MRZ_SIZES.some((s) => s.lines === lines.length && s.length === lines[0].length);
  if (!sameLength || !known) {
    throw badRequest(
      'INVALID_MRZ',
      `MRZ must be 3 lines of 30 (TD1), 2 of 36 (TD2) or 2 of 44 (TD3) characters; got ${lines.map((l) => l.length).join('/')}`,
    );
  }
  return lines;
}

export function registerClientRoutes(router: Router<RequestContext>): void {
  router.add('GET', '/sessions/:sessionId/configuration', 'none', async (ctx) => {
    const session = requireSession(ctx);
    const { store } = ctx.deps;
    if (!store.devices.list(session.id).some((e) => e.event === 'CONFIG_FIRST_LOADED')) {
      store.devices.record(session.id, 'CONFIG_FIRST_LOADED', deviceOf(ctx.req));
    }
    send(
      ctx,
      200,
      buildConfiguration(session, store.resources.list(session.id), {
        forClient: true,
        now: ctx.deps.now(),
        documents: ctx.deps.documents,
        biometricConsent: consentOf(ctx, session),
      }),
    );
  });

  router.add('POST', '/sessions/:sessionId/resources/id-documents', 'json', async (ctx) => {
    const write = clientWrite(ctx);
    const { session } = write;
    const parsed = jsonBody(ctx, newDocumentBody, 'INVALID_ID_DOCUMENT');
    const { issuing_country: country, document_type: type } = parsed;
    const { documents } = ctx.deps;
    if (!documents.isKnownCountry(country)) {
      throw badRequest('UNKNOWN_COUNTRY', `issuing_country: ${unknownCountryMessage(country)}`);
    }
    if (!isKnownDocumentType(type)) {
      throw badRequest(
        'UNKNOWN_DOCUMENT_TYPE',
        `document_type ${type.slice(0, 32)} is not a known document type`,
      );
    }
    if (!documents.documentTypesFor(country).some((doc) => doc.type === type)) {
      throw badRequest('DOCUMENT_TYPE_NOT_ISSUED', `${country} does not issue a ${type} this service knows`);
    }
    assertOpen(session);
    assertCaptureSourceAllowed(ctx, specificationOf(session));
    const { store } = ctx.deps;
    const existing = store.resources.list(session.id).filter((r) => r.kind === 'ID_DOCUMENT').length;
    const requirement = requirementsOf(session.id, specificationOf(session)).filter(
      (r) => r.kind === 'ID_DOCUMENT',
    )[existing];
    if (!requirement || requirement.kind !== 'ID_DOCUMENT') {
      throw conflict(
        existing === 0 ? 'NO_DOCUMENT_REQUIRED' : 'DOCUMENTS_COMPLETE',
        existing === 0
          ? 'this session does not ask for an ID document'
          : 'every required ID document was already created',
      );
    }
    const doc = findAllowedDocument(requirement.filter, country, type, documents);
    if (!doc)
      throw badRequest('DOCUMENT_NOT_ACCEPTED', `a ${type} from ${country} is not accepted by this session`);
    const response = write.commit('RESOURCE_CREATED', (tx) => {
      const created = tx.resources.createIdDocument({
        sessionId: session.id,
        issuingCountry: country,
        documentType: doc.type,
        requiredPages: doc.pages,
      });
      return {
        resource_id: created.id,
        required_pages: created.requiredPages,
        requirement_id: requirement.id,
      };
    });
    write.resourceUpdated(201, response);
  });

  router.add(
    'PUT',
    '/sessions/:sessionId/resources/id-documents/:resourceId/pages/:side/media',
    'image',
    async (ctx, { resourceId, side }) => {
      const write = clientWrite(ctx);
      const { session } = write;
      if (!(PAGE_SIDES as readonly string[]).includes(side)) {
        throw badRequest('UNKNOWN_PAGE', `page must be ${PAGE_SIDES.join(' or ')}, not ${side}`);
      }
      const { store } = ctx.deps;
      const resource = resourceOf(ctx, session, resourceId, 'ID_DOCUMENT');
      if (!resource.requiredPages.includes(side as PageSide)) {
        throw badRequest('PAGE_NOT_ON_DOCUMENT', `a ${resource.documentType} has no ${side} page`);
      }
      const spec = specificationOf(session);
      const captureMethod = captureMethodOf(ctx.req, spec);
      const info = inspectImage(ctx.body, ctx.req.headers['content-type'] ?? '');
      assertOpen(session);
      assertCaptureSourceAllowed(ctx, spec);
      // A page that is there already is retaken: refused once its attempts are used up.
      const retaken = resource.pages.find((page) => page.side === side) ?? null;
      if (retaken) assertRetakeAllowed(spec, resource, retaken.feedback, side);
      let feedback: JsonObject | null = null;
      let reading: JsonObject | null = null;
      let accessKey: MrzAccessKeyJson | null = null;
      if (ctx.deps.pipeline) {
        try {
          const analysis = await ctx.deps.pipeline.analyseUploadedPage(
            ctx.body,
            {
              documentType: resource.documentType,
              side: side as PageSide,
              issuingCountry: resource.issuingCountry,
              captureMethod,
            },
            ctx.deps.vision,
          );
          feedback = toJsonObject(analysis.feedback);
          reading = analysis.reading ? toJsonObject(analysis.reading) : null;
          accessKey = mrzAccessKeyOf(analysis.reading?.document?.mrz);
        } catch (err) {
          ctx.deps.logger.warn('upload feedback failed', { sessionId: session.id, error: errorMessage(err) });
        }
      }
      let response: Record<string, unknown> = {};
      await store.media.put(
        { sessionId: session.id, resourceId, purpose: 'PAGE', contentType: info.mime, content: ctx.body },
        {
          kind: 'PAGE',
          resourceId,
          side: side as PageSide,
          captureMethod,
          feedback,
          reading,
          replaces: retaken?.mediaId ?? null,
        },
        (tx, stored) => {
          // Checked again here: another retake may have used the last attempt meanwhile.
          let doc = resourceOf(ctx, session, resourceId, 'ID_DOCUMENT');
          if (retaken) assertRetakeAllowed(spec, doc, retaken.feedback, side);
          if (isUnacceptable(feedback))
            doc = tx.resources.useAttempt(session.id, resourceId, attemptCategory(feedback));
          response = write.record(tx, 'MEDIA_UPLOADED', {
            media_id: stored.id,
            feedback,
            attempts_remaining: attemptsRemaining(spec, doc),
            attempts_category: attemptCategory(feedback),
          });
        },
      );
      // The chip key goes to the uploader only (kept out of the idempotency record above), and only
      // when it asks (a kiosk with a chip reader): a web page has no use for the person's MRZ key.
      const wantsKey = ctx.req.headers['x-chip-access-key'] === 'requested';
      write.resourceUpdated(201, accessKey && wantsKey ? { ...response, mrz_access_key: accessKey } : response);
    },
  );

  router.add(
    'PUT',
    '/sessions/:sessionId/resources/id-documents/:resourceId/mrz',
    'json',
    async (ctx, { resourceId }) => {
      const write = clientWrite(ctx);
      const { session } = write;
      const parsed = jsonBody(ctx, mrzBody, 'INVALID_MRZ');
      const lines = validateMrzLines(parsed.lines);
      resourceOf(ctx, session, resourceId, 'ID_DOCUMENT');
      assertOpen(session);
      const response = write.commit(null, (tx) => {
        const updated = tx.resources.setMrz(session.id, resourceId, lines);
        return { resource_id: updated.id, lines: updated.mrz?.lines ?? lines };
      });
      send(ctx, 200, response);
    },
  );

  // The chip data a kiosk read from the document (raw SOD and data groups; see idv/chip).
  router.add(
    'PUT',
    '/sessions/:sessionId/resources/id-documents/:resourceId/chip',
    'json',
    async (ctx, { resourceId }) => {
      const write = clientWrite(ctx);
      const { session } = write;
      let body: ChipResourceBody;
      try {
        body = validChipBody(parseJsonBody(ctx.body, ctx.req.headers['content-type']));
      } catch (err) {
        if (err instanceof ChipResourceError) throw badRequest('INVALID_CHIP_DATA', err.message);
        throw err;
      }
      resourceOf(ctx, session, resourceId, 'ID_DOCUMENT');
      assertOpen(session);
      const response = write.commit(null, (tx) => {
        tx.resources.setChip(session.id, resourceId, toJsonObject(body));
        const groups = Object.keys(body.data_groups).map(Number).sort((a, b) => a - b);
        return { resource_id: resourceId, data_groups: groups };
      });
      send(ctx, 200, response);
    },
  );

  router.add('POST', '/sessions/:sessionId/resources/liveness', 'json', async (ctx) => {
    const write = clientWrite(ctx);
    const { session } = write;
    const parsed = jsonBody(ctx, livenessBody, 'INVALID_LIVENESS');
    if (parsed.liveness_type !== 'STATIC') {
      throw badRequest(
        'UNSUPPORTED_LIVENESS_TYPE',
        'liveness_type must be STATIC (the only kind the local service runs)',
      );
    }
    const spec = specificationOf(session);
    if (!hasCheck(spec, 'LIVENESS') && !hasCheck(spec, 'ID_DOCUMENT_FACE_MATCH')) {
      throw conflict(
        'LIVENESS_NOT_REQUESTED',
        'this session asks for neither a liveness check nor a face match',
      );
    }
    assertOpen(session);
    assertCaptureSourceAllowed(ctx, spec);
    assertBiometricConsent(ctx, session);
    const { store } = ctx.deps;
    const existing = store.resources.list(session.id).find((r) => r.kind === 'LIVENESS');
    if (existing) {
      throw conflict('ALREADY_CREATED', 'this session already has a liveness resource', {
        resource_id: existing.id,
      });
    }
    const response = write.commit('RESOURCE_CREATED', (tx) => {
      const created = tx.resources.createLiveness({ sessionId: session.id, livenessType: 'STATIC' });
      return { resource_id: created.id, liveness_type: 'STATIC', max_frames: MAX_LIVENESS_FRAMES };
    });
    write.resourceUpdated(201, response);
  });

  /**
   * A liveness frame: `.../frames` adds the next one; `.../frames/{index}` puts frame `index`
   * (0-based), which is the next one when the index is the frame count, and a retake that
   * replaces that frame (new media id, the old one gone) when the frame is there already.
   */
  const putFrame = async (ctx: RequestContext, resourceId: string, index: number | null) => {
    const write = clientWrite(ctx);
    const { session } = write;
    const { store } = ctx.deps;
    const resource = resourceOf(ctx, session, resourceId, 'LIVENESS');
    const info = inspectImage(ctx.body, ctx.req.headers['content-type'] ?? '');
    assertOpen(session);
    assertCaptureSourceAllowed(ctx, specificationOf(session));
    assertBiometricConsent(ctx, session);
    const at = index ?? resource.frames.length;
    if (at > resource.frames.length) {
      throw badRequest(
        'FRAME_OUT_OF_ORDER',
        `frame ${at} cannot come before frame ${resource.frames.length}; frames are sent in order`,
      );
    }
    const replaces = resource.frames[at]?.mediaId ?? null;
    if (replaces === null && resource.frames.length >= MAX_LIVENESS_FRAMES) {
      throw conflict('TOO_MANY_FRAMES', `a liveness capture takes at most ${MAX_LIVENESS_FRAMES} frames`);
    }
    const frameCount = resource.frames.length + (replaces === null ? 1 : 0);
    let response: Record<string, unknown> = {};
    await store.media.put(
      {
        sessionId: session.id,
        resourceId,
        purpose: 'LIVENESS_FRAME',
        contentType: info.mime,
        content: ctx.body,
      },
      { kind: 'LIVENESS_FRAME', resourceId, replaces },
      (tx, stored) => {
        response = write.record(tx, null, { media_id: stored.id, frame_index: at, frame_count: frameCount });
      },
    );
    write.resourceUpdated(201, response);
  };

  router.add(
    'PUT',
    '/sessions/:sessionId/resources/liveness/:resourceId/frames',
    'image',
    async (ctx, { resourceId }) => putFrame(ctx, resourceId, null),
  );

  router.add(
    'PUT',
    '/sessions/:sessionId/resources/liveness/:resourceId/frames/:frameIndex',
    'image',
    async (ctx, { resourceId, frameIndex }) => {
      if (!/^\d{1,2}$/.test(frameIndex) || Number(frameIndex) >= MAX_LIVENESS_FRAMES) {
        throw badRequest('UNKNOWN_FRAME', `a frame index is 0 to ${MAX_LIVENESS_FRAMES - 1}`);
      }
      await putFrame(ctx, resourceId, Number(frameIndex));
    },
  );

  router.add('POST', '/sessions/:sessionId/submit', 'none', async (ctx) => {
    const write = clientWrite(ctx);
    const { session } = write;
    const { store } = ctx.deps;
    if (session.submitted) throw conflict('ALREADY_SUBMITTED', 'the session was already submitted');
    assertOpen(session);
    const missing = missingItems(session, store.resources.list(session.id));
    if (missing.length > 0) {
      throw new HttpError(400, 'MISSING_RESOURCES', `cannot submit yet: ${missing.join('; ')}`, { missing });
    }
    const response = write.commit('SESSION_SUBMITTED', (tx) => {
      const marked = tx.sessions.markSubmitted(session.id);
      return { session_id: marked.id, state: marked.state, submitted: true };
    });
    ctx.deps.jobs.run(
      () => runSubmission(ctx.deps, session.id),
      (err) =>
        ctx.deps.logger.error('submission crashed', { sessionId: session.id, error: errorMessage(err) }),
    );
    send(ctx, 202, response);
  });

  /**
   * The person's biometric consent, as the capture client asks for it (the kiosk's consent
   * screen, the hosted web client): recorded sealed with when and from which device, and as a
   * tracked-device event the relying party can read.
   */
  router.add('POST', '/sessions/:sessionId/consents', 'json', async (ctx) => {
    const session = requireSession(ctx);
    const parsed = jsonBody(ctx, consentBody, 'INVALID_CONSENT');
    assertOpen(session);
    const at = new Date(ctx.deps.now()).toISOString();
    ctx.deps.store.transaction((tx) => {
      ctx.deps.store.records.put(session.id, 'BIOMETRIC_CONSENT', {
        granted: parsed.biometric,
        at,
        source: ctx.captureSource?.type ?? 'END_USER',
      });
      tx.devices.record(
        session.id,
        parsed.biometric ? 'BIOMETRIC_CONSENT_GIVEN' : 'BIOMETRIC_CONSENT_REFUSED',
        deviceOf(ctx.req),
      );
    });
    send(ctx, 200, { biometric_consent: parsed.biometric ? 'GIVEN' : 'REFUSED', recorded_at: at });
  });

  router.add('GET', '/sessions/:sessionId/status', 'none', async (ctx) => {
    const session = requireSession(ctx);
    send(ctx, 200, buildStatus(session, ctx.deps.store.resources.list(session.id)));
  });
}
