// The shape in which the submit route keeps the pipeline's output in SessionRecord.results, and
// its reader. It stays close to Yoti's JSON so GET /sessions/{id} can serve it nearly as is.
import type { CheckJson, TaskJson } from '../pipeline/types';
import type { PendingReview } from '../review/reviewPolicy';
import type { JsonObject } from '../store/types';

export interface StoredIdDocumentResult {
  resource_id: string;
  document_fields_media_id: string | null;
  document_id_photo_media_id: string | null;
  expanded_document_fields_media_id?: string | null;
}

export interface StoredResults {
  checks: CheckJson[];
  tasks: TaskJson[];
  id_documents: StoredIdDocumentResult[];
  check_sources: Record<string, string>;
  /** Set when the pipeline failed: each check says NOT_AVAILABLE with this reason. */
  processing_error?: string;
  /** Checks waiting for a person, by check id, with the computed check behind each. */
  pending_reviews?: Record<string, PendingReview & { check: CheckJson }>;
}

export function readResults(results: JsonObject | null): StoredResults | null {
  if (results === null) return null;
  const value = results as unknown as Partial<StoredResults>;
  return {
    checks: Array.isArray(value.checks) ? value.checks : [],
    tasks: Array.isArray(value.tasks) ? value.tasks : [],
    id_documents: Array.isArray(value.id_documents) ? value.id_documents : [],
    check_sources: value.check_sources ?? {},
    processing_error: typeof value.processing_error === 'string' ? value.processing_error : undefined,
    pending_reviews:
      value.pending_reviews && typeof value.pending_reviews === 'object' ? value.pending_reviews : {},
  };
}
