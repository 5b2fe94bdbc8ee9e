// What happens after POST .../submit: the stored resources are decrypted and handed to the checks
// pipeline, its output (checks, tasks, extracted document fields) is stored, the session moves to
// COMPLETED and the relying party is notified. Runs in the background, off the request.
import { errorMessage } from '../../common/errorMessage';
import type { FaceCaptureInput, IdDocumentInput, LivenessInput, SandboxConfigInput } from '../pipeline/types';
import type { SandboxResponseConfigJson } from '../pipeline/types';
import { IdvStoreError } from '../store/types';
import type { ServiceDeps } from './apiContext';
import { specificationOf } from './sessionViews';
import { parsePageReading } from '../pipeline/pageReading';
import { toJsonObject } from './jsonObject';
import type { StoredIdDocumentResult } from './storedResults';

/** Sandbox async_report_delay is honoured up to this many seconds. */
const MAX_REPORT_DELAY_S = 30;

async function mediaBytes(deps: ServiceDeps, sessionId: string, mediaId: string): Promise<Uint8Array> {
  const media = await deps.store.media.get(sessionId, mediaId);
  if (!media) throw new Error(`media ${mediaId} is gone (deleted before processing)`);
  return media.content;
}

function sandboxConfig(
  deps: ServiceDeps,
  sessionId: string,
  sdkId: string,
  own: unknown,
): SandboxConfigInput | null {
  if (own) return { level: 'SESSION', config: own as SandboxResponseConfigJson };
  const app = deps.store.apps.getResponseConfig(sdkId);
  return app ? { level: 'APPLICATION', config: app as unknown as SandboxResponseConfigJson } : null;
}

export async function runSubmission(deps: ServiceDeps, sessionId: string): Promise<void> {
  const { store } = deps;
  const session = store.sessions.get(sessionId);
  if (!session) return; // deleted while queued
  const fail = (message: string) => {
    deps.logger.warn('processing failed', { sessionId, reason: message });
    try {
      store.sessions.saveResults(
        sessionId,
        toJsonObject({
          checks: [],
          tasks: [],
          id_documents: [],
          check_sources: {},
          processing_error: message,
        }),
      );
    } catch (err) {
      if (!(err instanceof IdvStoreError && err.code === 'NOT_FOUND')) throw err;
    }
  };
  if (!deps.pipeline) {
    fail('the checks pipeline is not available in this build');
    return;
  }
  try {
    const spec = specificationOf(session);
    const resources = store.resources.list(sessionId);
    const idDocuments: IdDocumentInput[] = [];
    const livenessResources: LivenessInput[] = [];
    const faceCaptures: FaceCaptureInput[] = [];
    for (const resource of resources) {
      if (resource.kind === 'ID_DOCUMENT') {
        idDocuments.push({
          resourceId: resource.id,
          issuingCountry: resource.issuingCountry,
          documentType: resource.documentType,
          pages: await Promise.all(
            resource.pages.map(async (page) => ({
              side: page.side,
              mediaId: page.mediaId,
              image: await mediaBytes(deps, sessionId, page.mediaId),
              captureMethod: page.captureMethod,
              // Read at upload: the checks take that reading instead of reading the page again.
              reading: parsePageReading(store.media.pageReading(sessionId, page.mediaId)),
            })),
          ),
          scannerMrzLines: resource.mrz?.lines ?? null,
        });
      } else if (resource.kind === 'LIVENESS') {
        livenessResources.push({
          resourceId: resource.id,
          livenessType: resource.livenessType,
          frames: await Promise.all(
            resource.frames.map(async (frame) => ({
              mediaId: frame.mediaId,
              image: await mediaBytes(deps, sessionId, frame.mediaId),
            })),
          ),
        });
      } else {
        faceCaptures.push({
          resourceId: resource.id,
          image: resource.image
            ? {
                mediaId: resource.image.mediaId,
                image: await mediaBytes(deps, sessionId, resource.image.mediaId),
              }
            : null,
        });
      }
    }
    const sandbox = sandboxConfig(deps, sessionId, session.sdkId, session.responseConfig);
    const result = await deps.pipeline.runPipeline({
      requestedChecks: spec.requested_checks,
      requestedTasks: spec.requested_tasks,
      idDocuments,
      livenessResources,
      faceCaptures,
      sandbox,
      vision: deps.vision,
      now: new Date(deps.now()),
      // Generated media (document fields JSON, sandbox id photo) goes straight into the store.
      saveMedia: async (media) =>
        (
          await store.media.put({
            sessionId,
            resourceId: media.resourceId,
            purpose: media.purpose,
            contentType: media.contentType,
            content: media.content,
          })
        ).id,
    });

    // The pipeline stores the media it generates (saveMedia), so its ids are the store's.
    const { checks, tasks } = result;
    const stored: StoredIdDocumentResult[] = result.idDocuments.map((doc) => ({
      resource_id: doc.resourceId,
      document_fields_media_id: doc.documentFields?.mediaId ?? null,
      document_id_photo_media_id: doc.documentIdPhoto?.mediaId ?? null,
    }));

    const delay = Number(sandbox?.config.check_reports?.async_report_delay ?? 0);
    if (delay > 0)
      await new Promise((resolve) => setTimeout(resolve, Math.min(delay, MAX_REPORT_DELAY_S) * 1000));

    const saved = store.sessions.saveResults(
      sessionId,
      toJsonObject({ checks, tasks, id_documents: stored, check_sources: result.checkSources }),
      'COMPLETED',
    );
    for (let i = 0; i < tasks.length; i += 1) deps.notifier.notify(saved, 'TASK_COMPLETION');
    for (let i = 0; i < checks.length; i += 1) deps.notifier.notify(saved, 'CHECK_COMPLETION');
    deps.notifier.notify(saved, 'SESSION_COMPLETION');
  } catch (err) {
    if (err instanceof IdvStoreError && err.code === 'NOT_FOUND') return; // session deleted meanwhile
    fail(errorMessage(err));
  }
}
