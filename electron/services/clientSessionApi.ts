// HTTP client for the IDV client API (what a capture client uses): Bearer client session token in a
// header, never in the URL. Every write carries an Idempotency-Key so the outbox can resend after a
// crash; the service answers a resend of the same request with 409 ALREADY_UPLOADED and the first
// response, which counts as success here. Every other refusal is one — NO_ATTEMPTS_REMAINING (a
// retake the service will not take), IDEMPOTENCY_KEY_REUSED, SESSION_SUBMITTED — and is thrown, so
// a retake that did not replace the page is never reported as uploaded.
import type { MrzKey } from '../../chip/access/mrzKey';
import { keyFromAnswer } from './chip/chipKey';
import { refusalMessage } from './serviceMessages';
import { z } from 'zod';
import { PAGE_SIDES, type CaptureMethod, type PageSide } from '../../common/documents';
import type { CaptureFeedback } from '../../common/ipc/contract';
import { RejectedByServiceError, ServiceUnreachableError } from './serviceErrors';
import type { ChipResourceBody } from '../../idv/chip/chipResource';

export interface ClientAuth {
  sessionId: string;
  clientSessionToken: string;
}

export interface ClientSessionApiOptions {
  /** RP API base, e.g. http://127.0.0.1:1234/idverify/v1; the client API lives under /client. */
  apiBaseUrl: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

const ErrorBody = z.object({ code: z.string().optional(), message: z.string().optional() }).passthrough();
const CreatedResource = z.object({ resource_id: z.string().min(1) }).passthrough();
const CreatedIdDocument = CreatedResource.extend({ required_pages: z.array(z.string()).optional() });
const UploadedMedia = z
  .object({
    media_id: z.string().optional(),
    feedback: z.unknown().optional(),
    /** Yoti's attempts_remaining (category → count) and the category a retake of this page uses. */
    attempts_remaining: z.record(z.string(), z.number()).optional(),
    attempts_category: z.string().optional(),
    mrz_access_key: z.unknown().optional(),
  })
  .passthrough();
/** The code of a replay: the only 409 that is success. */
export const REPLAY_CODE = 'ALREADY_UPLOADED';

export interface WriteResult<T> {
  value: T;
  /** True when the service had already applied this Idempotency-Key. */
  duplicate: boolean;
}

export interface ClientSessionApi {
  getConfiguration(auth: ClientAuth): Promise<unknown>;
  createIdDocument(
    auth: ClientAuth,
    body: { issuing_country: string; document_type: string },
    idempotencyKey: string,
  ): Promise<WriteResult<{ resourceId: string | null; requiredPages: PageSide[] | null }>>;
  uploadPage(
    auth: ClientAuth,
    page: {
      resourceId: string;
      side: PageSide;
      image: Uint8Array;
      mime: string;
      captureMethod: CaptureMethod;
    },
    idempotencyKey: string,
  ): Promise<
    WriteResult<{
      mediaId: string | null;
      feedback: CaptureFeedback | null;
      attemptsRemaining: number | null;
      /** The chip key the service read from this page's MRZ (check digits matched); main only. */
      accessKey: MrzKey | null;
    }>
  >;
  putMrz(
    auth: ClientAuth,
    resourceId: string,
    lines: string[],
    idempotencyKey: string,
  ): Promise<WriteResult<unknown>>;
  /** The document's chip read (idv/chip/chipResource's body): PUT .../chip. */
  putChip(
    auth: ClientAuth,
    resourceId: string,
    body: ChipResourceBody,
    idempotencyKey: string,
  ): Promise<WriteResult<unknown>>;
  createLiveness(
    auth: ClientAuth,
    idempotencyKey: string,
  ): Promise<WriteResult<{ resourceId: string | null }>>;
  /**
   * Puts frame `frameIndex` of the liveness resource: the next frame, or a retake that replaces
   * the frame there (the kiosk's one face is frame 0).
   */
  uploadLivenessFrame(
    auth: ClientAuth,
    resourceId: string,
    image: Uint8Array,
    mime: string,
    idempotencyKey: string,
    frameIndex: number,
  ): Promise<WriteResult<{ mediaId: string | null }>>;
  submit(auth: ClientAuth, idempotencyKey: string): Promise<WriteResult<unknown>>;
}

// The service's upload feedback: the contract's fields, with metrics that may hold more than
// numbers (idv/pipeline UploadFeedback: nested quality scores, notes, nulls).
const ServiceFeedback = z.object({
  acceptable: z.boolean(),
  issues: z.array(z.string()),
  metrics: z.record(z.string(), z.unknown()).optional(),
});

/** Maps the service's feedback onto the contract's CaptureFeedback (numeric metrics only), or null when it sent none. */
export function toCaptureFeedback(raw: unknown): CaptureFeedback | null {
  const parsed = ServiceFeedback.safeParse(raw);
  if (!parsed.success) return null;
  const { acceptable, issues } = parsed.data;
  const metrics: Record<string, number> = {};
  for (const [k, v] of Object.entries(parsed.data.metrics ?? {})) if (typeof v === 'number') metrics[k] = v;
  return { acceptable, issues, ...(Object.keys(metrics).length ? { metrics } : {}) };
}

/** What is left for a retake of the page: the count in the category the service named. */
function attemptsLeft(body: z.infer<typeof UploadedMedia>): number | null {
  const left = body.attempts_category ? body.attempts_remaining?.[body.attempts_category] : undefined;
  return typeof left === 'number' && Number.isInteger(left) && left >= 0 ? left : null;
}

export function createClientSessionApi(opts: ClientSessionApiOptions): ClientSessionApi {
  const doFetch = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const base = opts.apiBaseUrl.replace(/\/+$/, '') + '/client/sessions/';

  async function call(
    auth: ClientAuth,
    method: string,
    path: string,
    init: {
      json?: unknown;
      bytes?: Uint8Array;
      headers?: Record<string, string>;
      idempotencyKey?: string;
      /** A 409 with this code names what is there already (e.g. ALREADY_CREATED): its body is the answer. */
      existingCode?: string;
    } = {},
  ): Promise<{ status: number; body: unknown; duplicate: boolean }> {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${auth.clientSessionToken}`,
      Accept: 'application/json',
      ...init.headers,
    };
    if (init.idempotencyKey) headers['Idempotency-Key'] = init.idempotencyKey;
    let body: RequestInit['body'];
    if (init.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(init.json);
    } else if (init.bytes) {
      body = new Uint8Array(init.bytes);
    }
    const url = base + encodeURIComponent(auth.sessionId) + path;
    let res: Response;
    try {
      res = await doFetch(url, { method, headers, body, signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      const why = err instanceof Error && err.name === 'TimeoutError' ? 'timed out' : 'could not connect';
      throw new ServiceUnreachableError(`The verification service ${why}.`);
    }
    const text = await res.text().catch(() => '');
    let parsed: unknown = null;
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = null;
      }
    }
    if (res.status >= 500)
      throw new ServiceUnreachableError(`The verification service failed (HTTP ${res.status}).`, res.status);
    const err = ErrorBody.safeParse(parsed);
    const serviceCode = err.success ? (err.data.code ?? null) : null;
    if (res.status === 409 && serviceCode === REPLAY_CODE)
      return { status: res.status, body: parsed, duplicate: true };
    if (res.status === 409 && init.existingCode !== undefined && serviceCode === init.existingCode)
      return { status: res.status, body: parsed, duplicate: false };
    if (res.status >= 400) {
      // The screen gets the kiosk's own words; the service's message (it may name the session)
      // stays in main's log.
      const detail = err.success && err.data.message ? err.data.message : null;
      throw new RejectedByServiceError(
        refusalMessage(serviceCode, res.status),
        res.status,
        serviceCode,
        detail,
      );
    }
    return { status: res.status, body: parsed, duplicate: false };
  }

  function parse<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
    const r = schema.safeParse(body);
    if (!r.success)
      throw new RejectedByServiceError(
        `The verification service sent an unexpected ${what} response.`,
        502,
        'BAD_RESPONSE',
      );
    return r.data;
  }

  return {
    async getConfiguration(auth) {
      return (await call(auth, 'GET', '/configuration')).body;
    },
    async createIdDocument(auth, body, key) {
      const r = await call(auth, 'POST', '/resources/id-documents', { json: body, idempotencyKey: key });
      const looksCreated = CreatedIdDocument.safeParse(r.body);
      if (r.duplicate && !looksCreated.success)
        return { value: { resourceId: null, requiredPages: null }, duplicate: true };
      const v = parse(CreatedIdDocument, r.body, 'create-document');
      const pages = (v.required_pages ?? []).filter((p): p is PageSide =>
        (PAGE_SIDES as readonly string[]).includes(p),
      );
      return {
        value: { resourceId: v.resource_id, requiredPages: v.required_pages ? pages : null },
        duplicate: r.duplicate,
      };
    },
    async uploadPage(auth, page, key) {
      const r = await call(
        auth,
        'PUT',
        `/resources/id-documents/${encodeURIComponent(page.resourceId)}/pages/${page.side}/media`,
        {
          bytes: page.image,
          // The service answers the chip's MRZ key only on request (idv/api/clientRoutes.ts).
          headers: { 'Content-Type': page.mime, 'X-Capture-Method': page.captureMethod, 'X-Chip-Access-Key': 'requested' },
          idempotencyKey: key,
        },
      );
      const v = UploadedMedia.safeParse(r.body);
      return {
        value: {
          mediaId: v.success ? (v.data.media_id ?? null) : null,
          feedback: v.success ? toCaptureFeedback(v.data.feedback) : null,
          attemptsRemaining: v.success ? attemptsLeft(v.data) : null,
          accessKey: v.success ? keyFromAnswer(v.data.mrz_access_key) : null,
        },
        duplicate: r.duplicate,
      };
    },
    async putChip(auth, resourceId, body, key) {
      const r = await call(auth, 'PUT', `/resources/id-documents/${encodeURIComponent(resourceId)}/chip`, {
        json: body,
        idempotencyKey: key,
      });
      return { value: r.body, duplicate: r.duplicate };
    },
    async putMrz(auth, resourceId, lines, key) {
      const r = await call(auth, 'PUT', `/resources/id-documents/${encodeURIComponent(resourceId)}/mrz`, {
        json: { lines },
        idempotencyKey: key,
      });
      return { value: r.body, duplicate: r.duplicate };
    },
    async createLiveness(auth, key) {
      // One liveness resource per session: a retaken face finds the one there and reuses it.
      const r = await call(auth, 'POST', '/resources/liveness', {
        json: { liveness_type: 'STATIC' },
        idempotencyKey: key,
        existingCode: 'ALREADY_CREATED',
      });
      const v = CreatedResource.safeParse(r.body);
      if (!v.success && !r.duplicate) parse(CreatedResource, r.body, 'create-liveness');
      return { value: { resourceId: v.success ? v.data.resource_id : null }, duplicate: r.duplicate };
    },
    async uploadLivenessFrame(auth, resourceId, image, mime, key, frameIndex) {
      const r = await call(
        auth,
        'PUT',
        `/resources/liveness/${encodeURIComponent(resourceId)}/frames/${frameIndex}`,
        { bytes: image, headers: { 'Content-Type': mime }, idempotencyKey: key },
      );
      const v = UploadedMedia.safeParse(r.body);
      return { value: { mediaId: v.success ? (v.data.media_id ?? null) : null }, duplicate: r.duplicate };
    },
    async submit(auth, key) {
      const r = await call(auth, 'POST', '/submit', { idempotencyKey: key });
      return { value: r.body, duplicate: r.duplicate };
    },
  };
}
