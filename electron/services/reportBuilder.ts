// Builds the staff screen's report from a session result the SDK returned (the one the follower
// fetched when the session completed): checks with their recommendation and breakdown, the
// extracted document fields, and the page images, the face and the document's portrait (its id
// photo) as bytes with their type (fetched in main with the SDK's getMediaContent; the renderer
// gets pixels, never media ids or URLs).
import type { PageSide } from '../../common/documents';
import { RECOMMENDATIONS } from '../../common/documents';
import { MediaImage, type CheckReport, type ServiceInfo, type StaffReport } from '../../common/ipc/contract';
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
  return {
    handle,
    source,
    sessionState: state,
    documentType: doc?.getDocumentType?.() ?? null,
    issuingCountry: doc?.getIssuingCountry?.() ?? null,
    checks: (result.getChecks() ?? []).map(toCheckReport),
    documentFields: await documentFields(deps, doc?.getDocumentFields?.()?.getMedia?.()?.getId()),
    pages,
    face,
    portrait: await mediaImage(deps, doc?.getDocumentIdPhoto?.()?.getMedia?.()?.getId()),
    completedAt: state === 'COMPLETED' ? (latestUpdate(result) ?? new Date().toISOString()) : null,
  };
}
