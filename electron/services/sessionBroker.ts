// The relying-party side of the IDV API, through the official `yoti` SDK's IDVClient with `apiUrl`
// pointed at the configured service (embedded, standalone, or Yoti's cloud). Only this module and
// the client API client ever hold the SDK private key or see raw session ids from the service.
import yoti from 'yoti';
import type IDVClientType from 'yoti/types/src/client/idv.client';
import type GetSessionResult from 'yoti/types/src/idv_service/session/retrieve/get.session.result';
import { silentLogger, type Logger } from '../../platform/logger';
import { RejectedByServiceError, ServiceUnreachableError } from './serviceErrors';
import type { SessionSecrets } from './tokenVault';
import { withSdkLogger } from './yotiSdkConsole';

export type { GetSessionResult };

export interface RequiredDocumentFilter {
  /** ISO 3166-1 alpha-3 codes; empty or absent = any country. */
  countries?: string[];
  /** e.g. PASSPORT, DRIVING_LICENCE; empty or absent = any type. */
  documentTypes?: string[];
}

export interface SessionBrokerOptions {
  /** RP API base, e.g. http://127.0.0.1:4100/idverify/v1 or https://api.yoti.com/idverify/v1 */
  apiBaseUrl: string;
  sdkId: string;
  privateKeyPem: string;
  /** Where the service POSTs session notifications; absent = follow by polling only. */
  notifications?: { endpoint: string; authToken?: string };
  clientSessionTokenTtlSec?: number;
  resourcesTtlSec?: number;
  requiredDocument?: RequiredDocumentFilter;
  /** Receives the SDK's own error lines (debug), which it would otherwise print to stdout. */
  logger?: Logger;
  /** Injected for tests that need to observe SDK calls; defaults to the real IDVClient. */
  client?: Pick<
    IDVClientType,
    'createSession' | 'getSession' | 'deleteSession' | 'getMediaContent' | 'getSessionConfiguration'
  >;
}

export interface CreatedSession extends SessionSecrets {
  clientSessionTokenTtlSec: number;
}

export interface MediaContent {
  content: Buffer;
  mimeType: string;
}

export interface SessionBroker {
  createSession(opts: { locale: string; userTrackingId?: string }): Promise<CreatedSession>;
  getSession(sessionId: string): Promise<GetSessionResult>;
  /** Resolves when the session is gone, including when the service no longer knows it. */
  deleteSession(sessionId: string): Promise<void>;
  getMediaContent(sessionId: string, mediaId: string): Promise<MediaContent | null>;
}

// Yoti requires resources to outlive the client session token by at least a day.
const DEFAULT_TOKEN_TTL_SEC = 20 * 60;
const DAY_SEC = 24 * 60 * 60;

interface SdkErrorShape {
  message?: string;
  getResponseStatusCode?: () => number | null;
}

/** Turns an IDVError (or anything thrown by the SDK's HTTP layer) into a kiosk error. */
function toServiceError(err: unknown, what: string): Error {
  const e = (err ?? {}) as SdkErrorShape;
  const status = typeof e.getResponseStatusCode === 'function' ? e.getResponseStatusCode() : null;
  if (status === null || status >= 500) {
    return new ServiceUnreachableError(
      status
        ? `The verification service failed while trying to ${what} (HTTP ${status}).`
        : `The verification service could not be reached to ${what}.`,
      status ?? undefined,
    );
  }
  // The SDK's message may carry the service's answer (session ids): main's log only.
  const detail = typeof e.message === 'string' && e.message ? e.message : null;
  return new RejectedByServiceError(
    `The verification service refused to ${what} (HTTP ${status}).`,
    status,
    null,
    detail,
  );
}

/** The session every kiosk starts: authenticity, face match, static liveness, text extraction (DESIGN.md). */
function buildSessionSpecification(
  opts: Omit<SessionBrokerOptions, 'client' | 'logger'> & { locale: string; userTrackingId?: string },
) {
  const tokenTtl = opts.clientSessionTokenTtlSec ?? DEFAULT_TOKEN_TTL_SEC;
  const resourcesTtl = Math.max(opts.resourcesTtlSec ?? 0, tokenTtl + DAY_SEC);
  const requiredDoc = new yoti.RequiredIdDocumentBuilder();
  const filter = opts.requiredDocument;
  if (filter && ((filter.countries?.length ?? 0) > 0 || (filter.documentTypes?.length ?? 0) > 0)) {
    const restriction = new yoti.DocumentRestrictionBuilder();
    if (filter.countries?.length) restriction.withCountries(filter.countries);
    if (filter.documentTypes?.length) restriction.withDocumentTypes(filter.documentTypes);
    requiredDoc.withFilter(
      new yoti.DocumentRestrictionsFilterBuilder()
        .forWhitelist()
        .withDocumentRestriction(restriction.build())
        .build(),
    );
  }
  const builder = new yoti.SessionSpecificationBuilder()
    .withClientSessionTokenTtl(tokenTtl)
    .withResourcesTtl(resourcesTtl)
    .withRequestedCheck(new yoti.RequestedDocumentAuthenticityCheckBuilder().build())
    .withRequestedCheck(new yoti.RequestedFaceMatchCheckBuilder().withManualCheckNever().build())
    .withRequestedCheck(
      new yoti.RequestedLivenessCheckBuilder().forStaticLiveness().withMaxRetries(3).build(),
    )
    .withRequestedTask(new yoti.RequestedTextExtractionTaskBuilder().withManualCheckNever().build())
    .withRequiredDocument(requiredDoc.build())
    .withSdkConfig(new yoti.SdkConfigBuilder().withAllowsCameraAndUpload().withLocale(opts.locale).build());
  if (opts.userTrackingId) builder.withUserTrackingId(opts.userTrackingId);
  if (opts.notifications) {
    const n = new yoti.NotificationConfigBuilder()
      .withEndpoint(opts.notifications.endpoint)
      .forResourceUpdate()
      .forTaskCompletion()
      .forCheckCompletion()
      .forSessionCompletion();
    if (opts.notifications.authToken) n.withAuthToken(opts.notifications.authToken).withAuthTypeBearer();
    builder.withNotifications(n.build());
  }
  return builder.build();
}

export function createSessionBroker(opts: SessionBrokerOptions): SessionBroker {
  const client =
    opts.client ?? new yoti.IDVClient(opts.sdkId, opts.privateKeyPem, { apiUrl: opts.apiBaseUrl });
  const logger = opts.logger ?? silentLogger;
  const sdk = <T>(call: () => Promise<T>): Promise<T> => withSdkLogger(logger, call);
  return {
    async createSession({ locale, userTrackingId }) {
      const spec = buildSessionSpecification({ ...opts, locale, userTrackingId });
      let res;
      try {
        res = await sdk(() => client.createSession(spec));
      } catch (err) {
        throw toServiceError(err, 'start a session');
      }
      const ttl = res.getClientSessionTokenTtl();
      return {
        sessionId: res.getSessionId(),
        clientSessionToken: res.getClientSessionToken(),
        clientSessionTokenTtlSec: ttl,
        tokenExpiresAt: Date.now() + ttl * 1000,
      };
    },
    async getSession(sessionId) {
      try {
        return await sdk(() => client.getSession(sessionId));
      } catch (err) {
        throw toServiceError(err, 'fetch the session result');
      }
    },
    async deleteSession(sessionId) {
      try {
        await sdk(() => client.deleteSession(sessionId));
      } catch (err) {
        const e = toServiceError(err, 'delete the session');
        if (e instanceof RejectedByServiceError && e.status === 404) return;
        throw e;
      }
    },
    async getMediaContent(sessionId, mediaId) {
      try {
        const media = await sdk(() => client.getMediaContent(sessionId, mediaId));
        return media ? { content: media.getContent(), mimeType: media.getMimeType() } : null;
      } catch (err) {
        throw toServiceError(err, 'fetch an image');
      }
    },
  };
}
