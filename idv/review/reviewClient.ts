// A small typed client of the expert review API (idv/review/reviewRoutes.ts), for the kiosk's
// staff station: requests are signed with the app's key exactly as the yoti SDK signs them.
// The SDK is CommonJS: Node's ESM loader (tsx, the Chromium host) sees only its default export.
import yoti from 'yoti';

import type { ReviewDecision } from './reviewPolicy';

const { Payload, RequestBuilder } = yoti;

export interface WaitingCheck {
  check_id: string;
  type: string;
  because: 'ALWAYS' | 'FALLBACK' | 'IBV';
  resources_used: string[];
  automated_report: { recommendation: { value: string; reason?: string }; breakdown: unknown[] } | null;
}

export interface ReviewPosted {
  check_id: string;
  state: 'DONE';
  recommendation: { value: string; reason?: string } | null;
  session_state: string;
}

export class ReviewApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ReviewApiError';
  }
}

export interface ReviewClientOptions {
  /** The RP API base, e.g. http://127.0.0.1:8080/idverify/v1. */
  apiUrl: string;
  sdkId: string;
  privateKeyPem: string;
}

export function createReviewClient(options: ReviewClientOptions) {
  async function call<T>(method: 'GET' | 'POST', endpoint: string, body?: unknown): Promise<T> {
    const builder = new RequestBuilder()
      .withBaseUrl(options.apiUrl)
      .withPemString(options.privateKeyPem)
      .withEndpoint(endpoint)
      .withMethod(method)
      .withQueryParam('sdkId', options.sdkId);
    if (body !== undefined) builder.withPayload(new Payload(body));
    try {
      const response = await builder.build().execute();
      return response.getParsedResponse() as T;
    } catch (err) {
      const e = err as { status?: number; response?: { text?: string; status?: number } };
      const status = e.status ?? e.response?.status ?? 0;
      let parsed: { code?: string; message?: string } = {};
      try {
        parsed = JSON.parse(e.response?.text ?? '{}') as typeof parsed;
      } catch {
        parsed = {};
      }
      throw new ReviewApiError(status, parsed.code ?? 'REVIEW_API_ERROR', parsed.message ?? String(err));
    }
  }
  return {
    /** Sessions of this app with checks waiting for an expert. */
    listWaiting: () =>
      call<{ sessions: Array<{ session_id: string; state: string; checks: WaitingCheck[] }> }>('GET', '/review/sessions'),
    waitingChecks: (sessionId: string) =>
      call<{ session_id: string; state: string; checks: WaitingCheck[] }>('GET', `/review/sessions/${sessionId}`),
    decide: (sessionId: string, checkId: string, decision: { decision: ReviewDecision; reviewer: string; reason?: string }) =>
      call<ReviewPosted>('POST', `/review/sessions/${sessionId}/checks/${checkId}`, decision),
  };
}
export type ReviewClient = ReturnType<typeof createReviewClient>;
