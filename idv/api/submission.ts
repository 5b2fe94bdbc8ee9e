// What happens after POST .../submit: the stored resources are decrypted and handed to the checks
// pipeline, its output (checks, tasks, extracted document fields) is stored, the session moves to
// COMPLETED and the relying party is notified. Runs in the background, off the request.
import { errorMessage } from '../../common/errorMessage';
import type { FaceCaptureInput, IdDocumentInput, LivenessInput, SandboxConfigInput } from '../pipeline/types';
import type { SandboxResponseConfigJson } from '../pipeline/types';
import { IdvStoreError } from '../store/types';
import type { ServiceDeps } from './apiContext';
import { matchRequirements, specificationOf } from './sessionViews';
import { parsePageReading } from '../pipeline/pageReading';
import { toJsonObject } from './jsonObject';
import type { StoredIdDocumentResult, StoredResults } from './storedResults';
import { isSandboxSession } from './sessionOrigin';
import { requirementsOf } from './documentRequirements';
import type { CheckJson } from '../pipeline/types';
import { pendingView, reviewNeeded } from '../review/reviewPolicy';
import { applyRecordedVisualReview, finishSession } from '../review/sessionProgress';
import { randomUUID } from 'node:crypto';
import { NOT_AVAILABLE_PROCESSING } from '../review/processingFailure';

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
  // Only a session created on the sandbox path takes a sandbox response-config.
  if (!isSandboxSession(deps.store, sessionId)) return null;
  if (own) return { level: 'SESSION', config: own as SandboxResponseConfigJson };
  const app = deps.store.apps.getResponseConfig(sdkId);
  return app ? { level: 'APPLICATION', config: app as unknown as SandboxResponseConfigJson } : null;
}

export async function runSubmission(deps: ServiceDeps, sessionId: string): Promise<void> {
  deps.processing.add(sessionId);
  try {
    await processSubmission(deps, sessionId);
  } finally {
    deps.processing.delete(sessionId);
  }
}

async function processSubmission(deps: ServiceDeps, sessionId: string): Promise<void> {
  const { store } = deps;
  const session = store.sessions.get(sessionId);
  if (!session) return; // deleted while queued
  const at = new Date(deps.now()).toISOString();
  // A failure never leaves the session stuck: it completes, and each requested check says why it
  // could not be decided, in the report the SDK parses.
  const fail = (message: string) => {
    deps.logger.warn('processing failed', { sessionId, reason: message });
    try {
      const spec = specificationOf(session);
      const checks = spec.requested_checks.map((check) => NOT_AVAILABLE_PROCESSING(check.type, randomUUID(), at, message));
      const saved = store.sessions.saveResults(
        sessionId,
        toJsonObject({ checks, tasks: [], id_documents: [], check_sources: {}, processing_error: message }),
        'COMPLETED',
      );
      for (let i = 0; i < checks.length; i += 1) deps.notifier.notify(saved, 'CHECK_COMPLETION');
      deps.notifier.notify(saved, 'SESSION_COMPLETION');
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
    // Each document's requirement says whether an expired document is acceptable.
    const allowExpired = new Map<string, boolean>();
    for (const { requirement, resource } of matchRequirements(requirementsOf(sessionId, spec), resources)) {
      if (requirement.kind === 'ID_DOCUMENT' && resource)
        allowExpired.set(resource.id, requirement.filter?.allow_expired_documents === true);
    }
    // The requested checks are visible at once (CREATED), then each as it is done.
    const shown: CheckJson[] = spec.requested_checks.map((check) => ({
      type: check.type,
      id: randomUUID(),
      state: 'CREATED',
      resources_used: [],
      generated_media: [],
      created: at,
      last_updated: at,
    })) as unknown as CheckJson[];
    const progress = (): void => {
      store.sessions.saveResults(
        sessionId,
        toJsonObject({ checks: shown, tasks: [], id_documents: [], check_sources: {} }),
      );
    };
    progress();
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
          allowExpired: allowExpired.get(resource.id) ?? false,
          chip: store.resources.chipOf(sessionId, resource.id),
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
    const profile = store.records.get(sessionId, 'APPLICANT_PROFILE')?.value ?? null;
    const result = await deps.pipeline.runPipeline({
      applicantProfile:
        profile && typeof profile.full_name === 'string' && typeof profile.date_of_birth === 'string'
          ? { full_name: profile.full_name, date_of_birth: profile.date_of_birth }
          : null,
      onCheck: (check) => {
        const at = shown.findIndex((c) => c.type === check.type && c.state === 'CREATED');
        const view = (reviewNeeded(spec, check) ? pendingView(check) : check) as CheckJson;
        if (at >= 0) shown[at] = view;
        else shown.push(view);
        try {
          progress();
        } catch (err) {
          deps.logger.warn('progress not saved', { sessionId, error: errorMessage(err) });
        }
      },
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
      expanded_document_fields_media_id: doc.expandedDocumentFields?.mediaId ?? null,
    }));

    const delay = Number(sandbox?.config.check_reports?.async_report_delay ?? 0);
    if (delay > 0)
      await new Promise((resolve) => setTimeout(resolve, Math.min(delay, MAX_REPORT_DELAY_S) * 1000));

    // Checks a person decides wait (PROCESSING, no report) until their review is posted.
    const pending: NonNullable<StoredResults['pending_reviews']> = {};
    const visible = checks.map((check) => {
      const review = reviewNeeded(spec, check);
      if (!review) return check;
      pending[check.id] = { ...review, check };
      return pendingView(check) as CheckJson;
    });
    const results: StoredResults = {
      checks: visible,
      tasks,
      id_documents: stored,
      check_sources: result.checkSources,
      pending_reviews: pending,
    };
    // A branch visual review posted before submit decides its checks now.
    const decided = applyRecordedVisualReview(deps, sessionId, results);
    const saved = store.sessions.saveResults(sessionId, toJsonObject(decided));
    for (let i = 0; i < tasks.length; i += 1) deps.notifier.notify(saved, 'TASK_COMPLETION');
    for (const check of decided.checks) {
      if (check.state === 'DONE') deps.notifier.notify(saved, 'CHECK_COMPLETION');
    }
    finishSession(deps, sessionId);
  } catch (err) {
    if (err instanceof IdvStoreError && err.code === 'NOT_FOUND') return; // session deleted meanwhile
    fail(errorMessage(err));
  }
}
