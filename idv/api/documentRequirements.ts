// What a session requires the person to provide, derived from its specification: ID documents
// (with their country/type filters), a static liveness capture, a face capture. Requirement ids
// are derived from the session id, so they are stable without being stored.
import { createHash } from 'node:crypto';
import type { DocumentType } from '../../common/documents';
import type { DocumentCatalogue, SupportedDocumentType } from '../supportedDocuments';
import { hasCheck, hasTask, type DocumentFilter, type SessionSpecification } from './sessionSpecification';

export interface IdDocumentRequirement {
  kind: 'ID_DOCUMENT';
  id: string;
  filter: DocumentFilter | null;
}
export interface LivenessRequirement {
  kind: 'LIVENESS';
  id: string;
  livenessType: 'STATIC';
}
export interface FaceCaptureRequirement {
  kind: 'FACE_CAPTURE';
  id: string;
}
export type Requirement = IdDocumentRequirement | LivenessRequirement | FaceCaptureRequirement;

function requirementId(sessionId: string, kind: string, index: number): string {
  const hex = createHash('sha256').update(`${sessionId}:${kind}:${index}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function needsDocument(spec: SessionSpecification): boolean {
  return (
    hasCheck(spec, 'ID_DOCUMENT_AUTHENTICITY') ||
    hasCheck(spec, 'ID_DOCUMENT_FACE_MATCH') ||
    hasTask(spec, 'ID_DOCUMENT_TEXT_DATA_EXTRACTION')
  );
}

export function requirementsOf(sessionId: string, spec: SessionSpecification): Requirement[] {
  const out: Requirement[] = [];
  const documents = spec.required_documents ?? [];
  if (documents.length > 0) {
    documents.forEach((doc, index) =>
      out.push({
        kind: 'ID_DOCUMENT',
        id: requirementId(sessionId, 'ID_DOCUMENT', index),
        filter: doc.filter ?? null,
      }),
    );
  } else if (needsDocument(spec)) {
    out.push({ kind: 'ID_DOCUMENT', id: requirementId(sessionId, 'ID_DOCUMENT', 0), filter: null });
  }
  if (hasCheck(spec, 'LIVENESS')) {
    out.push({ kind: 'LIVENESS', id: requirementId(sessionId, 'LIVENESS', 0), livenessType: 'STATIC' });
  }
  if (hasCheck(spec, 'ID_DOCUMENT_FACE_MATCH')) {
    out.push({ kind: 'FACE_CAPTURE', id: requirementId(sessionId, 'FACE_CAPTURE', 0) });
  }
  return out;
}

/** Whether a filter lets a (country, document) through; null filter = every Latin-script document. */
export function filterAllows(
  filter: DocumentFilter | null,
  country: string,
  doc: SupportedDocumentType,
): boolean {
  if (!doc.isStrictlyLatin && !(filter?.allow_non_latin_documents ?? false)) return false;
  if (filter === null) return true;
  if (filter.type === 'ORTHOGONAL_RESTRICTIONS') {
    const c = filter.country_restriction;
    if (c && (c.inclusion === 'WHITELIST') !== c.country_codes.includes(country)) return false;
    const t = filter.type_restriction;
    if (t && (t.inclusion === 'WHITELIST') !== t.document_types.includes(doc.type)) return false;
    return true;
  }
  const matches = filter.documents.some(
    (entry) =>
      (entry.country_codes === undefined || entry.country_codes.includes(country)) &&
      (entry.document_types === undefined || entry.document_types.includes(doc.type)),
  );
  return filter.inclusion === 'WHITELIST' ? matches : !matches;
}

export interface AllowedCountry {
  code: string;
  documents: SupportedDocumentType[];
}

export function allowedCountries(
  filter: DocumentFilter | null,
  catalogue: DocumentCatalogue,
): AllowedCountry[] {
  const out: AllowedCountry[] = [];
  for (const code of catalogue.countries()) {
    const documents = catalogue.documentTypesFor(code).filter((doc) => filterAllows(filter, code, doc));
    if (documents.length > 0) out.push({ code, documents });
  }
  return out;
}

export function findAllowedDocument(
  filter: DocumentFilter | null,
  country: string,
  type: DocumentType,
  catalogue: DocumentCatalogue,
): SupportedDocumentType | null {
  const doc = catalogue.documentTypesFor(country).find((candidate) => candidate.type === type);
  return doc && filterAllows(filter, country, doc) ? doc : null;
}
