// Builds the staff screen's report from a session result the SDK returned (the one the follower
// fetched when the session completed): checks with their recommendation and breakdown, the
// extracted document fields, and the page images, the face and the document's portrait (its id
// photo) as bytes with their type (fetched in main with the SDK's getMediaContent; the renderer
// gets pixels, never media ids or URLs).
import type { PageSide } from '../../common/documents';
import { RECOMMENDATIONS } from '../../common/documents';
import { MediaImage, type CheckReport, type ServiceInfo, type StaffReport } from '../../common/ipc/contract';
import type { FieldSource } from '../../common/ipc/contract';
import type { MrzFields } from '../../vision/contract';
import { parseMrz } from '../../vision/mrz/mrzParser';
import type { GetSessionResult, MediaContent } from './sessionBroker';

// Kept for electron/host/composeKiosk.ts, which imports it from here; it lives in ./serviceInfo.
export { serviceInfoFor } from './serviceInfo';

export interface ReportDeps {
  getMediaContent(mediaId: string): Promise<MediaContent | null>;
}

type Recommendation = (typeof RECOMMENDATIONS)[number];

const isRecommendation = (v: string | undefined): v is Recommendation =>
  (RECOMMENDATIONS as readonly string[]).includes(v ?? '');

/** Why staff see NOT_AVAILABLE when the service gave no usable recommendation (else undefined). */
function missingReason(check: { getState(): string }, given: string | undefined, hasRecommendation: boolean) {
  if (!hasRecommendation) return `No report yet (check state ${check.getState()})`;
  if (!isRecommendation(given))
    return `The service gave a recommendation the kiosk does not know (${given ?? 'none'})`;
  return undefined;
}

function toCheckReport(check: ReturnType<GetSessionResult['getChecks']>[number]): CheckReport {
  const report = check.getReport?.();
  const rec = report?.getRecommendation?.();
  const given = rec?.getValue?.();
  const value: Recommendation = isRecommendation(given) ? given : 'NOT_AVAILABLE';
  const reason = rec?.getReason?.() ?? missingReason(check, given, Boolean(rec));
  return {
    type: check.getType(),
    state: check.getState(),
    recommendation: {
      value,
      ...(reason ? { reason } : {}),
      ...(rec?.getRecoverySuggestion?.() ? { recoverySuggestion: rec.getRecoverySuggestion() } : {}),
    },
    breakdown: (report?.getBreakdown?.() ?? []).map((b) => ({
      subCheck: b.getSubCheck(),
      result: b.getResult(),
      details: (b.getDetails?.() ?? []).map((d) => ({
        name: String(d.getName()),
        value: String(d.getValue()),
      })),
    })),
  };
}

/**
 * An image the contract can carry (JPEG or PNG, not empty, not too large), else null. The bytes
 * get their own ArrayBuffer: a Buffer may be a slice of a shared pool, and structured clone (IPC)
 * sends a view's whole buffer, so a slice would carry unrelated memory to the renderer.
 */
async function mediaImage(deps: ReportDeps, mediaId: string | undefined): Promise<MediaImage | null> {
  if (!mediaId) return null;
  const m = await deps.getMediaContent(mediaId);
  if (!m) return null;
  const c = m.content;
  const bytes =
    c.byteOffset === 0 && c.byteLength === c.buffer.byteLength
      ? new Uint8Array(c.buffer, 0, c.byteLength)
      : new Uint8Array(c);
  const image = MediaImage.safeParse({ bytes, mime: m.mimeType });
  return image.success ? image.data : null;
}

async function documentFields(
  deps: ReportDeps,
  mediaId: string | undefined,
): Promise<Record<string, unknown> | null> {
  if (!mediaId) return null;
  const m = await deps.getMediaContent(mediaId);
  if (!m) return null;
  try {
    const parsed: unknown = JSON.parse(m.content.toString('utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

type FieldSourceEntry = NonNullable<StaffReport['fieldSources']>[number];
type CaptureNote = NonNullable<StaffReport['captureNotes']>[number];

/** The document fields JSON's own keys that are about the reading, not the document. */
const READING_KEYS = new Set(['extraction_source']);

/** Which fields JSON names an MRZ yields (sex is written as gender, the names also as full_name). */
function mrzFieldNames(fields: Partial<MrzFields>): Set<string> {
  const names = new Set<string>(['mrz']);
  for (const [k, v] of Object.entries(fields)) {
    if (v === null || v === undefined || v === '') continue;
    names.add(k === 'sex' ? 'gender' : k);
    if (k === 'given_names' || k === 'family_name') names.add('full_name');
  }
  return names;
}

function primarySource(extraction: unknown): FieldSource {
  if (extraction === 'MRZ' || extraction === 'SCANNER_MRZ' || extraction === 'SANDBOX' || extraction === 'CHIP')
    return extraction;
  return typeof extraction === 'string' && extraction ? 'BARCODE' : 'UNKNOWN';
}

const detailOf = (b: CheckReport['breakdown'][number] | undefined, name: string): string | undefined =>
  b?.details.find((d) => d.name === name)?.value;

/**
 * Where each field was read and which sources disagree on it. The fields JSON names its main
 * source (extraction_source) and keeps the MRZ lines: an MRZ field is one the MRZ itself yields,
 * any other was filled from the barcode. Disagreements are the service's own comparisons in the
 * authenticity check (scanner vs image MRZ, MRZ vs barcode, document vs the person's choice).
 */
export function fieldSourcesOf(
  fields: Record<string, unknown> | null,
  checks: CheckReport[],
): FieldSourceEntry[] {
  if (!fields) return [];
  const primary = primarySource(fields.extraction_source);
  let fromMrz: Set<string> | null = null;
  const mrz = fields.mrz as Record<string, unknown> | undefined;
  // The chip's fields are its DG1, an MRZ too.
  if ((primary === 'MRZ' || primary === 'SCANNER_MRZ' || primary === 'CHIP') && mrz && typeof mrz === 'object') {
    const lines = [mrz.line1, mrz.line2, mrz.line3].filter((l): l is string => typeof l === 'string');
    const reading = parseMrz(lines);
    if (reading) fromMrz = mrzFieldNames(reading.fields);
  }
  const breakdown = checks.find((c) => c.type === 'ID_DOCUMENT_AUTHENTICITY')?.breakdown ?? [];
  const failed = (name: string) => breakdown.find((b) => b.subCheck === name && b.result === 'FAIL');
  const disagreements = new Map<string, Set<FieldSourceEntry['disagreesWith'][number]>>();
  const disagree = (field: string, other: FieldSourceEntry['disagreesWith'][number]) =>
    disagreements.set(field, (disagreements.get(field) ?? new Set()).add(other));
  const scannerVsImage = failed('scanner_image_mrz_comparison');
  for (const f of (detailOf(scannerVsImage, 'differing_fields') ?? '').split(',').filter(Boolean))
    disagree(f, primary === 'SCANNER_MRZ' ? 'MRZ' : 'SCANNER_MRZ');
  const compared = detailOf(failed('ocr_barcode_comparison'), 'compared');
  if (compared) disagree(compared, primary === 'BARCODE' ? 'MRZ' : 'BARCODE');
  // The chip's DG1 against the MRZ printed on the image and/or sent by the scanner.
  const chipVsMrz = failed('chip_data_mrz_comparison');
  const chipComparedWith = (detailOf(chipVsMrz, 'compared_with') ?? '').split(',').filter(Boolean);
  for (const f of (detailOf(chipVsMrz, 'differing_fields') ?? '').split(',').filter(Boolean)) {
    for (const other of chipComparedWith) {
      const source = other === 'SCANNER_MRZ' ? 'SCANNER_MRZ' : 'MRZ';
      disagree(f, primary === 'CHIP' ? source : 'CHIP');
    }
  }
  if (failed('issuing_country_match')) disagree('issuing_country', 'SELECTED');
  if (failed('document_type_match')) disagree('document_type', 'SELECTED');

  return Object.entries(fields)
    .filter(([k, v]) => !READING_KEYS.has(k) && v !== null && v !== undefined && v !== '')
    .map(([field]) => ({
      field: field.slice(0, 64),
      source: fromMrz && !fromMrz.has(field) ? 'BARCODE' : primary,
      disagreesWith: [...(disagreements.get(field) ?? [])],
    }));
}

/** Each page's capture quality, from the authenticity check's image_quality_<side> sub-checks. */
export function captureNotesOf(checks: CheckReport[]): CaptureNote[] {
  const breakdown = checks.find((c) => c.type === 'ID_DOCUMENT_AUTHENTICITY')?.breakdown ?? [];
  return breakdown
    .map((b) => ({ b, side: /^image_quality_(\w+)$/.exec(b.subCheck)?.[1] }))
    .filter((x): x is { b: CheckReport['breakdown'][number]; side: string } => x.side !== undefined)
    .map(({ b, side }) => ({
      side,
      acceptable: b.result === 'PASS',
      issues: (detailOf(b, 'issues') ?? '').split(',').filter(Boolean).slice(0, 20),
      metrics: b.details
        .filter((d) => d.name !== 'issues')
        .map((d) => ({ name: d.name.slice(0, 40), value: d.value.slice(0, 40) })),
    }));
}

/** The resources the face match check used (the document and the face it compared). */
function faceMatchResources(result: GetSessionResult): Set<string | undefined> {
  const check = (result.getChecks() ?? []).find((c) => c.getType() === 'ID_DOCUMENT_FACE_MATCH');
  return new Set(check?.getResourcesUsed?.() ?? []);
}

function latestUpdate(result: GetSessionResult): string | null {
  let latest: Date | null = null;
  for (const c of result.getChecks() ?? []) {
    const d = c.getLastUpdated?.();
    const t = d ? new Date(d.toISOString?.() ?? String(d)) : null;
    if (t && !Number.isNaN(t.getTime()) && (!latest || t > latest)) latest = t;
  }
  return latest ? latest.toISOString() : null;
}

export async function buildStaffReport(
  handle: string,
  source: ServiceInfo,
  result: GetSessionResult,
  deps: ReportDeps,
): Promise<StaffReport> {
  const resources = result.getResources();
  const doc = resources?.getIdDocuments?.()[0];
  const pages: Array<{ side: PageSide; image: MediaImage }> = [];
  const docPages = doc?.getPages?.() ?? [];
  for (let i = 0; i < docPages.length && i < 2; i++) {
    const image = await mediaImage(deps, docPages[i].getMedia?.()?.getId());
    if (image) pages.push({ side: i === 0 ? 'front' : 'back', image });
  }
  // The face staff see beside the portrait is the one face match compared with it, when known.
  const faceCandidates = [
    ...(resources?.getStaticLivenessResources?.() ?? []).map((l) => ({
      resourceId: l.getId?.(),
      mediaId: l.getImage?.()?.getId?.(),
    })),
    ...(resources?.getFaceCaptureResources?.() ?? []).map((f) => ({
      resourceId: f.getId?.(),
      mediaId: f.getImage?.()?.getMedia?.()?.getId(),
    })),
  ];
  const matched = faceMatchResources(result);
  faceCandidates.sort((a, b) => Number(matched.has(b.resourceId)) - Number(matched.has(a.resourceId)));
  let face: MediaImage | null = null;
  for (const candidate of faceCandidates) {
    face = await mediaImage(deps, candidate.mediaId);
    if (face) break;
  }
  const state = result.getState();
  const checks = (result.getChecks() ?? []).map(toCheckReport);
  const fields = await documentFields(deps, doc?.getDocumentFields?.()?.getMedia?.()?.getId());
  return {
    handle,
    source,
    sessionState: state,
    documentType: doc?.getDocumentType?.() ?? null,
    issuingCountry: doc?.getIssuingCountry?.() ?? null,
    checks,
    documentFields: fields,
    fieldSources: fieldSourcesOf(fields, checks),
    captureNotes: captureNotesOf(checks),
    pages,
    face,
    portrait: await mediaImage(deps, doc?.getDocumentIdPhoto?.()?.getMedia?.()?.getId()),
    completedAt: state === 'COMPLETED' ? (latestUpdate(result) ?? new Date().toISOString()) : null,
  };
}
