// The client API, called straight from the page with the session's bearer token. The token lives
// in this closure only: never in the URL, storage, a cookie or a log line.
import { codeForApiError, type LaunchParams, type YotiErrorCode } from './yotiEvents';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | null,
    message: string,
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get yotiCode(): YotiErrorCode {
    return codeForApiError(this.status, this.code);
  }
}

export interface UploadFeedback {
  acceptable: boolean;
  issues: string[];
  messages: string[];
}

export interface PageUploaded {
  mediaId: string;
  feedback: UploadFeedback | null;
  /** The most attempts left in any category, when the service says. */
  attemptsLeft: number | null;
}

export type CaptureMethod = 'CAMERA' | 'UPLOAD';

function feedbackOf(raw: unknown): UploadFeedback | null {
  if (!raw || typeof raw !== 'object') return null;
  const f = raw as Record<string, unknown>;
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return { acceptable: f.acceptable !== false, issues: list(f.issues), messages: list(f.messages) };
}

function attemptsLeftOf(raw: unknown, category: unknown): number | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  const pick = typeof category === 'string' && typeof r[category] === 'number' ? r[category] : null;
  if (typeof pick === 'number') return pick;
  const values = Object.values(r).filter((v): v is number => typeof v === 'number');
  return values.length > 0 ? Math.max(...values) : null;
}

export function createClientApi(launch: LaunchParams, base: string) {
  const { sessionId, sessionToken } = launch;
  const sessionPath = `${base}/sessions/${encodeURIComponent(sessionId)}`;

  async function call(
    method: string,
    path: string,
    body?: { json: unknown } | { image: Blob; captureMethod: CaptureMethod },
  ): Promise<Record<string, unknown>> {
    const headers: Record<string, string> = { Authorization: `Bearer ${sessionToken}` };
    let payload: BodyInit | undefined;
    if (body && 'json' in body) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body.json);
    } else if (body) {
      headers['Content-Type'] = body.image.type || 'image/jpeg';
      headers['X-Capture-Method'] = body.captureMethod;
      payload = body.image;
    }
    let res: Response;
    try {
      res = await fetch(`${sessionPath}${path}`, {
        method,
        headers,
        body: payload,
        cache: 'no-store',
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
      });
    } catch {
      throw new ApiError(0, null, 'the verification service could not be reached');
    }
    const text = await res.text();
    let json: Record<string, unknown> = {};
    try {
      const parsed: unknown = text ? JSON.parse(text) : {};
      if (parsed && typeof parsed === 'object') json = parsed as Record<string, unknown>;
    } catch {
      /* not JSON: described by the status below */
    }
    // 409 ALREADY_UPLOADED answers a resend with the first response: that is a success.
    if (res.ok || json.code === 'ALREADY_UPLOADED') return json;
    const code = typeof json.code === 'string' ? json.code : null;
    const message = typeof json.message === 'string' ? json.message : `HTTP ${res.status}`;
    throw new ApiError(res.status, code, message, json);
  }

  return {
    sessionId,
    configuration: () => call('GET', '/configuration'),
    status: () => call('GET', '/status'),
    async createDocument(issuingCountry: string, documentType: string) {
      const r = await call('POST', '/resources/id-documents', {
        json: { issuing_country: issuingCountry, document_type: documentType },
      });
      return { resourceId: String(r.resource_id ?? '') };
    },
    async uploadPage(resourceId: string, side: string, image: Blob, captureMethod: CaptureMethod): Promise<PageUploaded> {
      const r = await call(
        'PUT',
        `/resources/id-documents/${encodeURIComponent(resourceId)}/pages/${side}/media`,
        { image, captureMethod },
      );
      return {
        mediaId: String(r.media_id ?? ''),
        feedback: feedbackOf(r.feedback),
        attemptsLeft: attemptsLeftOf(r.attempts_remaining, r.attempts_category),
      };
    },
    async createLiveness(): Promise<string> {
      try {
        const r = await call('POST', '/resources/liveness', { json: { liveness_type: 'STATIC' } });
        return String(r.resource_id ?? '');
      } catch (err) {
        // Created earlier in this session (a reload): the service names it.
        if (err instanceof ApiError && err.code === 'ALREADY_CREATED' && typeof err.body.resource_id === 'string')
          return err.body.resource_id;
        throw err;
      }
    },
    async uploadFace(resourceId: string, image: Blob): Promise<void> {
      await call('PUT', `/resources/liveness/${encodeURIComponent(resourceId)}/frames/0`, {
        image,
        captureMethod: 'CAMERA',
      });
    },
    /** The person's biometric consent, recorded by the service before any face is taken. */
    async recordConsent(biometric: boolean): Promise<void> {
      try {
        await call('POST', '/consents', { json: { biometric } });
      } catch (err) {
        // A service without the consent endpoint records none: nothing to send it to.
        if (err instanceof ApiError && (err.status === 404 || err.status === 405)) return;
        throw err;
      }
    },
    submit: () => call('POST', '/submit'),
  };
}
export type ClientApi = ReturnType<typeof createClientApi>;
