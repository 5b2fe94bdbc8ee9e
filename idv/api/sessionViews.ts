// Renders stored sessions as the JSON the yoti SDK's response classes parse: the session result
// (GetSessionResult), its configuration (SessionConfigurationResponse), plus the client API's
// status view. Field names and types follow node_modules/yoti/src/idv_service/session/retrieve.
import { pagesOf } from '../../common/documents';
import { LOCAL_SERVICE_LABEL } from '../../common/serviceLabel';
import type { MediaRecord, ResourceRecord, SessionRecord } from '../store/types';
import type { TaskJson } from '../pipeline/types';
import { isSpecimenCountry, type DocumentCatalogue } from '../supportedDocuments';
import { attemptsRemaining } from './documentAttempts';
import { allowedCountries, requirementsOf, type Requirement } from './documentRequirements';
import { parseSessionSpecification, type SessionSpecification } from './sessionSpecification';
import { readResults, type StoredResults } from './storedResults';

/** Stated on every result so nobody mistakes it for a Yoti verification. */
export const SERVICE_LABEL = { kind: 'LOCAL', label: LOCAL_SERVICE_LABEL } as const;

const iso = (ms: number): string => new Date(ms).toISOString();

export function specificationOf(session: SessionRecord): SessionSpecification {
  return parseSessionSpecification(session.specification);
}

function mediaJson(id: string, media: Map<string, MediaRecord>): Record<string, unknown> {
  const record = media.get(id);
  if (!record) return { id, type: 'IMAGE' };
  return {
    id,
    type: record.contentType === 'application/json' ? 'JSON' : 'IMAGE',
    created: iso(record.createdAt),
    last_updated: iso(record.contentDeletedAt ?? record.createdAt),
  };
}

function taskView(task: TaskJson): Record<string, unknown> {
  const { resource_id: _resourceId, ...yoti } = task;
  return yoti;
}

function idDocumentComplete(resource: ResourceRecord | undefined): boolean {
  return (
    resource?.kind === 'ID_DOCUMENT' &&
    resource.requiredPages.every((side) => resource.pages.some((page) => page.side === side))
  );
}

/** Pairs each requirement with the resource that fulfils it (documents in creation order). */
export function matchRequirements(
  requirements: Requirement[],
  resources: ResourceRecord[],
): Array<{ requirement: Requirement; resource: ResourceRecord | undefined }> {
  const documents = resources.filter((r) => r.kind === 'ID_DOCUMENT');
  let documentIndex = 0;
  return requirements.map((requirement) => {
    if (requirement.kind === 'ID_DOCUMENT') {
      return { requirement, resource: documents[documentIndex++] };
    }
    if (requirement.kind === 'LIVENESS') {
      return { requirement, resource: resources.find((r) => r.kind === 'LIVENESS') };
    }
    return {
      requirement,
      resource: resources.find((r) => r.kind === 'FACE_CAPTURE' && r.requirementId === requirement.id),
    };
  });
}

function requirementState(
  requirement: Requirement,
  resource: ResourceRecord | undefined,
  spec: SessionSpecification,
) {
  if (requirement.kind === 'ID_DOCUMENT') return idDocumentComplete(resource) ? 'COMPLETE' : 'REQUIRED';
  if (requirement.kind === 'LIVENESS') {
    return resource?.kind === 'LIVENESS' && resource.frames.length > 0 ? 'COMPLETE' : 'REQUIRED';
  }
  if (resource?.kind === 'FACE_CAPTURE' && resource.image) return 'COMPLETE';
  // A static liveness capture also gives the face match its face.
  return spec.requested_checks.some((c) => c.type === 'LIVENESS') ? 'OPTIONAL' : 'REQUIRED';
}

/**
 * Who may provide a resource: IBV support MANDATORY means only a branch (IBV); NOT_ALLOWED keeps
 * the person at home (END_USER) as well as the branch; no IBV, the person only.
 */
function sourcesOf(spec: SessionSpecification): Array<{ type: string }> {
  const support = spec.ibv_options?.support;
  if (support === 'MANDATORY') return [{ type: 'IBV' }];
  if (support === 'NOT_ALLOWED') return [{ type: 'END_USER' }, { type: 'IBV' }];
  return [{ type: 'END_USER' }];
}

export function buildConfiguration(
  session: SessionRecord,
  resources: ResourceRecord[],
  options: {
    forClient: boolean;
    now: number;
    documents: DocumentCatalogue;
    /** The person's recorded biometric consent, when there is one. */
    biometricConsent?: boolean | null;
  },
): Record<string, unknown> {
  const spec = specificationOf(session);
  const sources = sourcesOf(spec);
  const results = readResults(session.results);
  const requirements = requirementsOf(session.id, spec);
  const required_resources = matchRequirements(requirements, resources).map(({ requirement, resource }) => {
    const base = {
      type: requirement.kind,
      id: requirement.id,
      state: requirementState(requirement, resource, spec),
    };
    if (requirement.kind === 'ID_DOCUMENT') {
      return {
        ...base,
        allowed_sources: sources,
        requested_tasks: spec.requested_tasks.map((task) => ({
          type: task.type,
          state: results && results.tasks.length > 0 ? 'COMPLETE' : 'REQUIRED',
        })),
        supported_countries: allowedCountries(requirement.filter, options.documents).map((c) => ({
          code: c.code,
          ...(isSpecimenCountry(c.code) ? { is_specimen: true } : {}),
          supported_documents: c.documents.map((doc) =>
            options.forClient ? { type: doc.type, required_pages: doc.pages } : { type: doc.type },
          ),
        })),
        allowed_capture_methods: spec.sdk_config?.allowed_capture_methods ?? 'CAMERA_AND_UPLOAD',
        attempts_remaining: attemptsRemaining(spec, resource?.kind === 'ID_DOCUMENT' ? resource : undefined),
        ...(options.forClient && resource?.kind === 'ID_DOCUMENT' ? { resource_id: resource.id } : {}),
      };
    }
    if (requirement.kind === 'LIVENESS') {
      return { ...base, liveness_type: requirement.livenessType, allowed_sources: sources };
    }
    return { ...base, allowed_sources: [{ type: 'RELYING_BUSINESS' }, { type: 'END_USER' }] };
  });
  const configuration: Record<string, unknown> = {
    session_id: session.id,
    client_session_token_ttl: Math.max(
      0,
      Math.round((session.clientSessionTokenExpiresAt - options.now) / 1000),
    ),
    requested_checks: spec.requested_checks.map((check) => check.type),
    capture: {
      // block_biometric_consent: nothing biometric is taken until the person's consent is recorded.
      biometric_consent:
        options.biometricConsent === true
          ? 'GIVEN'
          : options.biometricConsent === false
            ? 'REFUSED'
            : spec.block_biometric_consent
              ? 'REQUIRED'
              : (spec.sdk_config?.biometric_consent_flow ?? 'NOT_REQUIRED'),
      required_resources,
    },
  };
  if (options.forClient) {
    configuration.requested_tasks = spec.requested_tasks.map((task) => task.type);
    configuration.sdk_config = spec.sdk_config ?? {};
    configuration.state = session.state;
    configuration.submitted = session.submitted;
    configuration.service = SERVICE_LABEL;
  }
  return configuration;
}

export function buildSessionResult(
  session: SessionRecord,
  resources: ResourceRecord[],
  mediaRecords: MediaRecord[],
): Record<string, unknown> {
  const results: StoredResults | null = readResults(session.results);
  const media = new Map(mediaRecords.map((m) => [m.id, m]));
  const tasksFor = (resourceId: string) =>
    (results?.tasks ?? []).filter((task) => task.resource_id === resourceId).map(taskView);
  const id_documents: unknown[] = [];
  const liveness_capture: unknown[] = [];
  const face_capture: unknown[] = [];
  for (const resource of resources) {
    if (resource.kind === 'ID_DOCUMENT') {
      const extracted = results?.id_documents.find((d) => d.resource_id === resource.id);
      id_documents.push({
        id: resource.id,
        document_type: resource.documentType,
        issuing_country: resource.issuingCountry,
        tasks: tasksFor(resource.id),
        pages: resource.pages.map((page) => ({
          capture_method: page.captureMethod,
          media: mediaJson(page.mediaId, media),
          frames: [],
        })),
        document_fields: extracted?.document_fields_media_id
          ? { media: mediaJson(extracted.document_fields_media_id, media) }
          : undefined,
        expanded_document_fields: extracted?.expanded_document_fields_media_id
          ? { media: mediaJson(extracted.expanded_document_fields_media_id, media) }
          : undefined,
        document_id_photo: extracted?.document_id_photo_media_id
          ? { media: mediaJson(extracted.document_id_photo_media_id, media) }
          : undefined,
      });
    } else if (resource.kind === 'LIVENESS') {
      const frames = resource.frames.map((frame) => ({ media: mediaJson(frame.mediaId, media) }));
      liveness_capture.push({
        id: resource.id,
        liveness_type: resource.livenessType,
        tasks: tasksFor(resource.id),
        image: frames[0],
        frames,
      });
    } else {
      face_capture.push({
        id: resource.id,
        tasks: tasksFor(resource.id),
        image: resource.image ? { media: mediaJson(resource.image.mediaId, media) } : undefined,
      });
    }
  }
  return {
    session_id: session.id,
    client_session_token_ttl: session.clientSessionTokenTtl,
    state: session.state,
    user_tracking_id: session.userTrackingId ?? undefined,
    checks: results?.checks ?? [],
    resources: { id_documents, liveness_capture, face_capture, supplementary_documents: [] },
    service: SERVICE_LABEL,
    processing_error: results?.processing_error,
  };
}

/** What is still missing before the session can be submitted, as human-readable items. */
export function missingItems(session: SessionRecord, resources: ResourceRecord[]): string[] {
  const spec = specificationOf(session);
  const missing: string[] = [];
  const matched = matchRequirements(requirementsOf(session.id, spec), resources);
  const faceFromLiveness = resources.some((r) => r.kind === 'LIVENESS' && r.frames.length > 0);
  for (const { requirement, resource } of matched) {
    if (requirement.kind === 'ID_DOCUMENT') {
      if (!resource || resource.kind !== 'ID_DOCUMENT') {
        missing.push('ID_DOCUMENT: no document chosen yet (POST resources/id-documents)');
      } else {
        for (const side of resource.requiredPages) {
          if (!resource.pages.some((page) => page.side === side)) {
            missing.push(`ID_DOCUMENT ${resource.id}: page ${side} not uploaded`);
          }
        }
      }
    } else if (requirement.kind === 'LIVENESS') {
      if (!resource || resource.kind !== 'LIVENESS' || resource.frames.length === 0) {
        missing.push('LIVENESS: no static liveness frame uploaded');
      }
    } else if (!faceFromLiveness && !(resource?.kind === 'FACE_CAPTURE' && resource.image)) {
      missing.push('FACE: the face match needs a liveness frame or a face capture image');
    }
  }
  return missing;
}

export function buildStatus(session: SessionRecord, resources: ResourceRecord[]): Record<string, unknown> {
  const results = readResults(session.results);
  return {
    session_id: session.id,
    state: session.state,
    submitted: session.submitted,
    completed: session.state === 'COMPLETED',
    missing: session.submitted ? [] : missingItems(session, resources),
    resources: resources.map((resource) => {
      if (resource.kind === 'ID_DOCUMENT') {
        return {
          resource_id: resource.id,
          type: 'ID_DOCUMENT',
          issuing_country: resource.issuingCountry,
          document_type: resource.documentType,
          required_pages:
            resource.requiredPages.length > 0 ? resource.requiredPages : [...pagesOf(resource.documentType)],
          pages: resource.pages.map((page) => ({
            side: page.side,
            media_id: page.mediaId,
            capture_method: page.captureMethod,
            feedback: page.feedback,
          })),
          mrz: resource.mrz ? { lines: resource.mrz.lines, source: resource.mrz.source } : null,
        };
      }
      if (resource.kind === 'LIVENESS') {
        return {
          resource_id: resource.id,
          type: 'LIVENESS',
          liveness_type: resource.livenessType,
          frames: resource.frames.length,
        };
      }
      return { resource_id: resource.id, type: 'FACE_CAPTURE', image: resource.image !== null };
    }),
    processing_error: results?.processing_error ?? null,
    service: SERVICE_LABEL,
  };
}
