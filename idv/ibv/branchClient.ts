// A typed client of the branch API (idv/ibv/branchRoutes.ts) for a registered branch station:
// requests signed with the station's key as the yoti SDK signs (its RequestBuilder), then the
// capture through the client API with the capture token the letter gave.
// The SDK is CommonJS: Node's ESM loader (tsx, the Chromium host) sees only its default export.
import yoti from 'yoti';

import type { ReviewDecision } from '../review/reviewPolicy';

const { Payload, RequestBuilder } = yoti;

export interface OpenedLetter {
  session_id: string;
  capture_token: string;
  capture_token_expires_at: string;
  instructions: Record<string, unknown> | null;
  configuration: Record<string, unknown>;
}

export class BranchApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'BranchApiError';
  }
}

export interface BranchClientOptions {
  /** The service origin + /idverify/v1/branch. */
  branchApiUrl: string;
  /** The service origin + /idverify/v1/client. */
  clientApiUrl: string;
  stationId: string;
  privateKeyPem: string;
}

export function createBranchClient(options: BranchClientOptions) {
  async function signed<T>(endpoint: string, body: unknown): Promise<T> {
    const request = new RequestBuilder()
      .withBaseUrl(options.branchApiUrl)
      .withPemString(options.privateKeyPem)
      .withEndpoint(`/stations/${options.stationId}${endpoint}`)
      .withMethod('POST')
      .withPayload(new Payload(body))
      .build();
    try {
      return (await request.execute()).getParsedResponse() as T;
    } catch (err) {
      const e = err as { status?: number; response?: { text?: string } };
      let parsed: { code?: string; message?: string } = {};
      try {
        parsed = JSON.parse(e.response?.text ?? '{}') as typeof parsed;
      } catch {
        parsed = {};
      }
      throw new BranchApiError(e.status ?? 0, parsed.code ?? 'BRANCH_API_ERROR', parsed.message ?? String(err));
    }
  }

  /** The client API with the capture token (Bearer), as the kiosk's capture does it. */
  async function capture(token: string, method: string, path: string, body?: Uint8Array | object, contentType?: string) {
    const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
    let payload: string | Uint8Array | undefined;
    if (body instanceof Uint8Array) {
      payload = body;
      headers['Content-Type'] = contentType ?? 'image/jpeg';
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['Content-Type'] = 'application/json';
    }
    const response = await fetch(`${options.clientApiUrl}${path}`, { method, headers, body: payload as never });
    const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok) {
      throw new BranchApiError(response.status, String(json.code ?? 'CLIENT_API_ERROR'), String(json.message ?? response.statusText));
    }
    return json;
  }

  return {
    /** Opens the session from the text of the letter's QR code. */
    openLetter: (qr: string) => signed<OpenedLetter>('/letters/open', { qr }),
    createDocument: (letter: OpenedLetter, issuingCountry: string, documentType: string) =>
      capture(letter.capture_token, 'POST', `/sessions/${letter.session_id}/resources/id-documents`, {
        issuing_country: issuingCountry,
        document_type: documentType,
      }),
    uploadPage: (letter: OpenedLetter, resourceId: string, side: string, image: Uint8Array, contentType = 'image/jpeg') =>
      capture(
        letter.capture_token,
        'PUT',
        `/sessions/${letter.session_id}/resources/id-documents/${resourceId}/pages/${side}/media`,
        image,
        contentType,
      ),
    /** MRZ lines a document scanner at the branch read. */
    putMrz: (letter: OpenedLetter, resourceId: string, lines: string[]) =>
      capture(letter.capture_token, 'PUT', `/sessions/${letter.session_id}/resources/id-documents/${resourceId}/mrz`, {
        lines,
      }),
    postVisualReview: (sessionId: string, review: { decision: ReviewDecision; reviewer: string; reason?: string }) =>
      signed<{ recorded: true; applied_to: string[]; session_state: string }>(`/sessions/${sessionId}/visual-review`, review),
    submit: (letter: OpenedLetter) => capture(letter.capture_token, 'POST', `/sessions/${letter.session_id}/submit`),
  };
}
export type BranchClient = ReturnType<typeof createBranchClient>;
