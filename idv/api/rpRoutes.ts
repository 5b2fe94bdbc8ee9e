// The relying party's API (signed requests), served identically under /idverify/v1 and
// /sandbox/idverify/v1. Every route answers in the JSON the yoti SDK's IDVService expects.
import { IBV_NOTIFICATION_TOPICS, SENT_NOTIFICATION_TOPICS } from '../../common/notificationTopics';
import type { SessionRecord } from '../store/types';
import { badRequest, conflict, notFound } from '../http/httpError';
import { parseJsonBody } from '../http/bodyReader';
import { inspectImage } from '../http/imageBody';
import { sendBytes, sendEmpty, sendJson } from '../http/jsonResponse';
import { parseMultipart } from '../http/multipartForm';
import { Router } from '../http/router';
import { supportedDocumentsJson } from '../supportedDocuments';
import { requireApp, type RequestContext } from './apiContext';
import { requirementsOf } from './documentRequirements';
import { assertCountriesOffered, assertCreatable, isIbvSession, parseSessionSpecification, ttlsOf } from './sessionSpecification';
import { toJsonObject } from './jsonObject';
import { recordOrigin } from './sessionOrigin';
import { buildConfiguration, buildSessionResult, specificationOf } from './sessionViews';

/** A session that names no topics gets every topic this service sends (the IBV ones: IBV sessions). */
const DEFAULT_TOPICS: readonly string[] = SENT_NOTIFICATION_TOPICS.filter(
  (topic) => !(IBV_NOTIFICATION_TOPICS as readonly string[]).includes(topic),
);

function ownSession(ctx: RequestContext, sessionId: string): SessionRecord {
  const app = requireApp(ctx);
  const session = ctx.deps.store.sessions.getForApp(app.sdkId, sessionId);
  if (!session) throw notFound('SESSION_NOT_FOUND', `no session ${sessionId} for this application`);
  return session;
}

export function registerRpRoutes(router: Router<RequestContext>): void {
  router.add('POST', '/sessions', 'json', async (ctx) => {
    const app = requireApp(ctx);
    const body = parseJsonBody(ctx.body, ctx.req.headers['content-type']);
    const spec = parseSessionSpecification(body);
    assertCreatable(spec);
    assertCountriesOffered(spec, ctx.deps.documents);
    const ttls = ttlsOf(spec, ctx.deps.now());
    const notifications = spec.notifications
      ? {
          endpoint: spec.notifications.endpoint,
          topics:
            spec.notifications.topics ??
            (isIbvSession(spec) ? [...SENT_NOTIFICATION_TOPICS] : [...DEFAULT_TOPICS]),
          authToken: spec.notifications.auth_token ?? null,
          authType: spec.notifications.auth_type ?? null,
        }
      : null;
    // The applicant profile is personal data: sealed under the session's key, not in the specification.
    const { resources, ...stored } = spec;
    const { store } = ctx.deps;
    const created = store.transaction((tx) => {
      const made = tx.sessions.create({
        sdkId: app.sdkId,
        specification: toJsonObject(stored),
        clientSessionTokenTtl: ttls.clientSessionTokenTtl,
        resourcesTtl: ttls.resourcesTtl,
        userTrackingId: spec.user_tracking_id ?? null,
        notifications,
      });
      if (resources?.applicant_profile) {
        store.records.put(made.session.id, 'APPLICANT_PROFILE', toJsonObject(resources.applicant_profile));
      }
      recordOrigin(store, made.session.id, ctx.api);
      return made;
    });
    sendJson(ctx.res, 201, {
      session_id: created.session.id,
      client_session_token: created.clientSessionToken,
      client_session_token_ttl: created.session.clientSessionTokenTtl,
    });
  });

  router.add('GET', '/sessions/:sessionId', 'none', async (ctx, { sessionId }) => {
    const session = ownSession(ctx, sessionId);
    const { store } = ctx.deps;
    sendJson(
      ctx.res,
      200,
      buildSessionResult(session, store.resources.list(session.id), store.media.list(session.id)),
    );
  });

  router.add('DELETE', '/sessions/:sessionId', 'none', async (ctx, { sessionId }) => {
    const session = ownSession(ctx, sessionId);
    if (ctx.deps.processing.has(session.id)) {
      throw conflict(
        'CHECKS_IN_PROGRESS',
        'the session\'s checks are running; delete it once it is COMPLETED (nothing was deleted)',
      );
    }
    // The capture client's token goes with the session: the relying party hears it first.
    if (session.state === 'ONGOING') ctx.deps.notifier.notify(session, 'CLIENT_SESSION_TOKEN_DELETED');
    await ctx.deps.store.sessions.delete(session.id);
    sendEmpty(ctx.res, 204);
  });

  router.add(
    'GET',
    '/sessions/:sessionId/media/:mediaId/content',
    'none',
    async (ctx, { sessionId, mediaId }) => {
      const session = ownSession(ctx, sessionId);
      const media = await ctx.deps.store.media.get(session.id, mediaId);
      if (media) {
        sendBytes(ctx.res, 200, media.content, media.record.contentType);
        return;
      }
      // A known media whose content the RP deleted answers 204, which the SDK turns into null.
      if (ctx.deps.store.media.describe(session.id, mediaId)) sendEmpty(ctx.res, 204);
      else throw notFound('MEDIA_NOT_FOUND', `no media ${mediaId} in session ${sessionId}`);
    },
  );

  router.add(
    'DELETE',
    '/sessions/:sessionId/media/:mediaId/content',
    'none',
    async (ctx, { sessionId, mediaId }) => {
      const session = ownSession(ctx, sessionId);
      // Yoti: media cannot be deleted while the session is in progress (it may still be checked).
      if (session.state === 'ONGOING' && ctx.deps.store.media.describe(session.id, mediaId)) {
        throw conflict(
          'SESSION_IN_PROGRESS',
          `the session is still in progress; media ${mediaId} can be deleted once it is COMPLETED or EXPIRED (nothing was deleted)`,
        );
      }
      if (await ctx.deps.store.media.deleteContent(session.id, mediaId)) {
        sendEmpty(ctx.res, 204);
        return;
      }
      const known = ctx.deps.store.media.describe(session.id, mediaId);
      throw notFound(
        known ? 'MEDIA_CONTENT_DELETED' : 'MEDIA_NOT_FOUND',
        known
          ? `the content of media ${mediaId} was already deleted`
          : `no media ${mediaId} in session ${sessionId}`,
      );
    },
  );

  router.add('GET', '/sessions/:sessionId/configuration', 'none', async (ctx, { sessionId }) => {
    const session = ownSession(ctx, sessionId);
    const resources = ctx.deps.store.resources.list(session.id);
    sendJson(
      ctx.res,
      200,
      buildConfiguration(session, resources, {
        forClient: false,
        now: ctx.deps.now(),
        documents: ctx.deps.documents,
        biometricConsent: (() => {
          const granted = ctx.deps.store.records.get(session.id, 'BIOMETRIC_CONSENT')?.value.granted;
          return typeof granted === 'boolean' ? granted : null;
        })(),
      }),
    );
  });

  router.add('GET', '/supported-documents', 'none', async (ctx) => {
    sendJson(
      ctx.res,
      200,
      supportedDocumentsJson(ctx.deps.documents, ctx.query.get('includeNonLatin') === 'true'),
    );
  });

  router.add('POST', '/sessions/:sessionId/resources/face-capture', 'json', async (ctx, { sessionId }) => {
    const session = ownSession(ctx, sessionId);
    const body = parseJsonBody(ctx.body, ctx.req.headers['content-type']) as { requirement_id?: unknown };
    if (typeof body !== 'object' || body === null || typeof body.requirement_id !== 'string') {
      throw badRequest(
        'INVALID_FACE_CAPTURE',
        'requirement_id: expected the id of a FACE_CAPTURE requirement',
      );
    }
    const requirement = requirementsOf(session.id, specificationOf(session)).find(
      (r) => r.kind === 'FACE_CAPTURE' && r.id === body.requirement_id,
    );
    if (!requirement) {
      throw badRequest(
        'UNKNOWN_REQUIREMENT',
        `requirement_id ${String(body.requirement_id).slice(0, 64)} is not a FACE_CAPTURE requirement of this session (see GET .../configuration)`,
      );
    }
    const resource = ctx.deps.store.resources.createFaceCapture({
      sessionId: session.id,
      requirementId: requirement.id,
    });
    sendJson(ctx.res, 201, { id: resource.id, frames: 1 });
  });

  router.add(
    'PUT',
    '/sessions/:sessionId/resources/face-capture/:resourceId/image',
    'image',
    async (ctx, { sessionId, resourceId }) => {
      const session = ownSession(ctx, sessionId);
      const resource = ctx.deps.store.resources.get(session.id, resourceId);
      if (!resource || resource.kind !== 'FACE_CAPTURE') {
        throw notFound(
          'RESOURCE_NOT_FOUND',
          `no face capture resource ${resourceId} in session ${sessionId}`,
        );
      }
      const parts = parseMultipart(ctx.body, ctx.req.headers['content-type']);
      const part = parts.find((p) => p.name === 'binary-content');
      if (!part) throw badRequest('MISSING_IMAGE', 'the form needs a "binary-content" part with the image');
      const info = inspectImage(part.data, part.contentType ?? undefined);
      // An image that is there already is retaken (before submit): the new one replaces it and the
      // old media is removed with its key. Face captures have no attempts in Yoti's model.
      const media = await ctx.deps.store.media.put(
        {
          sessionId: session.id,
          resourceId,
          purpose: 'FACE_CAPTURE',
          contentType: info.mime,
          content: part.data,
        },
        { kind: 'FACE_CAPTURE_IMAGE', resourceId, replaces: resource.image?.mediaId ?? null },
      );
      ctx.deps.notifier.notify(session, 'RESOURCE_UPDATE');
      sendJson(ctx.res, 200, { media_id: media.id });
    },
  );

  router.add('GET', '/sessions/:sessionId/tracked-devices', 'none', async (ctx, { sessionId }) => {
    const session = ownSession(ctx, sessionId);
    const events = ctx.deps.store.devices.list(session.id).map((event) => ({
      event: event.event,
      created: new Date(event.createdAt).toISOString(),
      device: event.device,
    }));
    sendJson(ctx.res, 200, events);
  });

  router.add('DELETE', '/sessions/:sessionId/tracked-devices', 'none', async (ctx, { sessionId }) => {
    const session = ownSession(ctx, sessionId);
    ctx.deps.store.devices.deleteAll(session.id);
    sendEmpty(ctx.res, 204);
  });
}
