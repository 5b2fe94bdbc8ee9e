// Sandbox response-config, as @getyoti/sdk-sandbox's SandboxIDVClient sends it: it decides check
// and task outcomes instead of the computed ones, per session or for every session of an app.
import { z } from 'zod';
import type { JsonObject } from '../store/types';
import { HttpError, notFound } from '../http/httpError';
import { parseJsonBody } from '../http/bodyReader';
import { sendEmpty } from '../http/jsonResponse';
import type { Router } from '../http/router';
import { requireApp, type RequestContext } from './apiContext';
import { invalidBody } from './sessionSpecification';

const recommendation = z.object({
  value: z.enum(['APPROVE', 'REJECT', 'NOT_AVAILABLE']),
  reason: z.string().optional(),
  recovery_suggestion: z.string().optional(),
});
const breakdown = z.object({
  sub_check: z.string().min(1),
  result: z.string().min(1),
  details: z.array(z.object({ name: z.string(), value: z.string() })).default([]),
});
const documentFilter = z.object({ document_types: z.array(z.string()), country_codes: z.array(z.string()) });
const check = z.object({
  result: z.object({
    report: z.object({ recommendation, breakdown: z.array(breakdown).default([]) }),
    document_fields: z.record(z.string(), z.unknown()).optional(),
  }),
  document_filter: documentFilter.optional(),
  liveness_type: z.string().optional(),
});
const textExtraction = z.object({
  result: z.object({
    document_fields: z.record(z.string(), z.unknown()).optional(),
    document_id_photo: z.object({ content_type: z.string(), data: z.base64() }).optional(),
    detected_country: z.string().optional(),
    recommendation: z
      .object({
        value: z.string(),
        reason: z.object({ value: z.string(), detail: z.string().optional() }).optional(),
      })
      .optional(),
  }),
  document_filter: documentFilter.optional(),
});
const responseConfig = z.object({
  task_results: z
    .looseObject({ ID_DOCUMENT_TEXT_DATA_EXTRACTION: z.array(textExtraction).optional() })
    .optional(),
  check_reports: z.looseObject({
    ID_DOCUMENT_TEXT_DATA_CHECK: z.array(check).optional(),
    ID_DOCUMENT_AUTHENTICITY: z.array(check).optional(),
    ID_DOCUMENT_FACE_MATCH: z.array(check).optional(),
    LIVENESS: z.array(check).optional(),
    async_report_delay: z.number().int().min(0).max(3600).optional(),
  }),
});

function parseResponseConfig(ctx: RequestContext): JsonObject {
  const parsed = responseConfig.safeParse(parseJsonBody(ctx.body, ctx.req.headers['content-type']));
  if (!parsed.success) throw invalidBody('INVALID_RESPONSE_CONFIG', parsed.error.issues);
  return JSON.parse(JSON.stringify(parsed.data)) as JsonObject;
}

export function registerSandboxRoutes(router: Router<RequestContext>): void {
  router.add('PUT', '/sessions/:sessionId/response-config', 'json', async (ctx, { sessionId }) => {
    const app = requireApp(ctx);
    const session = ctx.deps.store.sessions.getForApp(app.sdkId, sessionId);
    if (!session) throw notFound('SESSION_NOT_FOUND', `no session ${sessionId} for this application`);
    const config = parseResponseConfig(ctx);
    if (session.submitted) {
      throw new HttpError(
        409,
        'SESSION_SUBMITTED',
        'the session was already submitted; set response-config before submit',
      );
    }
    ctx.deps.store.sessions.setResponseConfig(session.id, config);
    sendEmpty(ctx.res, 204);
  });

  router.add('PUT', '/apps/:sdkId/response-config', 'json', async (ctx, { sdkId }) => {
    const app = requireApp(ctx);
    // Auth already took the sdkId from the path; this guards against a future routing change.
    if (app.sdkId !== sdkId) throw notFound('APP_NOT_FOUND', `no application ${sdkId}`);
    ctx.deps.store.apps.setResponseConfig(app.sdkId, parseResponseConfig(ctx));
    sendEmpty(ctx.res, 204);
  });
}
