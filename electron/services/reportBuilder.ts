// Builds the staff screen's report from the session result the SDK returns: checks with their
// recommendation and breakdown, the extracted document fields, and the page images and face as
// data: URLs (fetched in main with the SDK's getMediaContent; the renderer gets pixels, not ids).
import type { PageSide } from '../../common/documents';
import { RECOMMENDATIONS } from '../../common/documents';
import type { CheckReport, ServiceInfo, StaffReport } from '../../common/ipc/contract';
import type { GetSessionResult, MediaContent } from './sessionBroker';

/** The one label a local-service result carries everywhere (UI and report). */
export const LOCAL_SERVICE_LABEL = 'Local IDV service — not a Yoti verification';

export interface ReportDeps {
  getMediaContent(mediaId: string): Promise<MediaContent | null>;
}

type Recommendation = (typeof RECOMMENDATIONS)[number];

function recommendationValue(v: string | undefined): Recommendation {
  return (RECOMMENDATIONS as readonly string[]).includes(v ?? '') ? (v as Recommendation) : 'NOT_AVAILABLE';
}

function toCheckReport(check: ReturnType<GetSessionResult['getChecks']>[number]): CheckReport {
  const report = check.getReport?.();
  const rec = report?.getRecommendation?.();
  const value = recommendationValue(rec?.getValue?.());
  const reason = rec?.getReason?.() ?? (rec ? undefined : `No report yet (check state ${check.getState()})`);
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

function dataUrl(m: MediaContent): string {
  return `data:${m.mimeType || 'application/octet-stream'};base64,${m.content.toString('base64')}`;
}

async function mediaAsDataUrl(deps: ReportDeps, mediaId: string | undefined): Promise<string | null> {
  if (!mediaId) return null;
  const m = await deps.getMediaContent(mediaId);
  return m && m.content.length > 0 && m.mimeType.startsWith('image/') ? dataUrl(m) : null;
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

function latestUpdate(result: GetSessionResult): string | null {
  let latest: Date | null = null;
  for (const c of result.getChecks() ?? []) {
    const d = c.getLastUpdated?.();
    const t = d ? new Date(d.toISOString?.() ?? String(d)) : null;
    if (t && !Number.isNaN(t.getTime()) && (!latest || t > latest)) latest = t;
  }
  return latest ? latest.toISOString() : null;
}

export function serviceInfoFor(kind: ServiceInfo['kind'], baseUrl: string): ServiceInfo {
  return {
    kind,
    baseUrl,
    label:
      kind === 'yoti'
        ? 'Yoti IDV (cloud)'
        : kind === 'embedded'
          ? LOCAL_SERVICE_LABEL
          : `${LOCAL_SERVICE_LABEL} (standalone)`,
  };
}

export async function buildStaffReport(
  handle: string,
  source: ServiceInfo,
  result: GetSessionResult,
  deps: ReportDeps,
): Promise<StaffReport> {
  const resources = result.getResources();
  const doc = resources?.getIdDocuments?.()[0];
  const pages: Array<{ side: PageSide; image: string }> = [];
  const docPages = doc?.getPages?.() ?? [];
  for (let i = 0; i < docPages.length && i < 2; i++) {
    const image = await mediaAsDataUrl(deps, docPages[i].getMedia?.()?.getId());
    if (image) pages.push({ side: i === 0 ? 'front' : 'back', image });
  }
  let face: string | null = null;
  for (const l of resources?.getStaticLivenessResources?.() ?? []) {
    face = await mediaAsDataUrl(deps, l.getImage?.()?.getId?.());
    if (face) break;
  }
  if (!face) {
    for (const f of resources?.getFaceCaptureResources?.() ?? []) {
      face = await mediaAsDataUrl(deps, f.getImage?.()?.getMedia?.()?.getId());
      if (face) break;
    }
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
    completedAt: state === 'COMPLETED' ? (latestUpdate(result) ?? new Date().toISOString()) : null,
  };
}
