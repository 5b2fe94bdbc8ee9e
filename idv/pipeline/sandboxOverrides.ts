// Sandbox response-config (PUT .../response-config, as @getyoti/sdk-sandbox sends it): where it
// sets an outcome for a check or a text extraction task, that outcome replaces the computed one,
// as in Yoti's sandbox. Entries apply in order to the checks of their type whose document matches
// their document_filter; a malformed entry is ignored rather than trusted.
import { PROCESS_SANDBOX } from './types';
import type {
  BreakdownJson,
  DocumentFieldsJson,
  ReportJson,
  SandboxConfigInput,
  SandboxDocumentFilterJson,
  TaskJson,
} from './types';

export interface OverrideTarget {
  documentType?: string;
  issuingCountry?: string;
  livenessType?: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';

function filterMatches(filter: unknown, target: OverrideTarget): boolean {
  if (filter === undefined || filter === null) return true;
  if (!isRecord(filter)) return false;
  const f = filter as Partial<SandboxDocumentFilterJson>;
  const types = Array.isArray(f.document_types) ? f.document_types.filter(isString) : [];
  const countries = Array.isArray(f.country_codes) ? f.country_codes.filter(isString) : [];
  if (types.length > 0 && !types.includes(target.documentType ?? '')) return false;
  if (countries.length > 0 && !countries.includes(target.issuingCountry ?? '')) return false;
  return true;
}

function toReport(report: unknown): ReportJson | null {
  if (!isRecord(report) || !isRecord(report.recommendation)) return null;
  const rec = report.recommendation;
  const value = rec.value;
  if (!isString(value)) return null;
  const breakdown: BreakdownJson[] = [];
  for (const item of Array.isArray(report.breakdown) ? report.breakdown : []) {
    if (!isRecord(item) || !isString(item.sub_check) || !isString(item.result)) continue;
    const details = (Array.isArray(item.details) ? item.details : [])
      .filter(
        (d): d is { name: string; value: string } => isRecord(d) && isString(d.name) && isString(d.value),
      )
      .map((d) => ({ name: d.name, value: d.value }));
    breakdown.push({ sub_check: item.sub_check, result: item.result, process: PROCESS_SANDBOX, details });
  }
  return {
    recommendation: {
      value,
      ...(isString(rec.reason) ? { reason: rec.reason } : {}),
      ...(isString(rec.recovery_suggestion) ? { recovery_suggestion: rec.recovery_suggestion } : {}),
    },
    breakdown,
  };
}

export interface CheckOverride {
  report: ReportJson;
  documentFields: DocumentFieldsJson | null;
}

export interface TaskOverride {
  documentFields: DocumentFieldsJson | null;
  recommendation: TaskJson['recommendation'] | null;
  idPhoto: { contentType: string; data: Uint8Array } | null;
  detectedCountry: string | null;
}

/** Picks sandbox entries in order; counts how many of each type were used. */
export class SandboxOverrides {
  private readonly used = new Map<string, number>();
  constructor(private readonly sandbox: SandboxConfigInput | null) {}

  get level(): SandboxConfigInput['level'] | null {
    return this.sandbox?.level ?? null;
  }

  private pick(list: unknown, key: string, target: OverrideTarget): Record<string, unknown> | null {
    if (!Array.isArray(list)) return null;
    let matching = list.filter(
      (e): e is Record<string, unknown> => isRecord(e) && filterMatches(e.document_filter, target),
    );
    // @getyoti/sdk-sandbox can only build ZOOM liveness entries: prefer an entry of the resource's
    // liveness type, else let any liveness entry apply (a sandbox user means "the liveness check").
    if (target.livenessType !== undefined) {
      const sameType = matching.filter((e) => e.liveness_type === target.livenessType);
      if (sameType.length > 0) matching = sameType;
    }
    if (matching.length === 0) return null;
    const n = this.used.get(key) ?? 0;
    this.used.set(key, n + 1);
    // More checks than entries: the last entry keeps applying.
    return matching[Math.min(n, matching.length - 1)];
  }

  check(checkType: string, target: OverrideTarget): CheckOverride | null {
    const reports = this.sandbox?.config?.check_reports;
    if (!isRecord(reports)) return null;
    const entry = this.pick(reports[checkType], `check:${checkType}`, target);
    if (!entry || !isRecord(entry.result)) return null;
    const report = toReport(entry.result.report);
    if (!report) return null;
    const fields = isRecord(entry.result.document_fields)
      ? (entry.result.document_fields as DocumentFieldsJson)
      : null;
    return { report, documentFields: fields };
  }

  textExtraction(target: OverrideTarget): TaskOverride | null {
    const tasks = this.sandbox?.config?.task_results;
    if (!isRecord(tasks)) return null;
    const entry = this.pick(
      tasks.ID_DOCUMENT_TEXT_DATA_EXTRACTION,
      'task:ID_DOCUMENT_TEXT_DATA_EXTRACTION',
      target,
    );
    if (!entry || !isRecord(entry.result)) return null;
    const result = entry.result;
    let rec: TaskJson['recommendation'] | null = null;
    if (isRecord(result.recommendation) && isString(result.recommendation.value)) {
      const reason = result.recommendation.reason;
      rec = {
        value: result.recommendation.value,
        ...(isRecord(reason) && isString(reason.value)
          ? { reason: { value: reason.value, ...(isString(reason.detail) ? { detail: reason.detail } : {}) } }
          : {}),
      };
    }
    let idPhoto: TaskOverride['idPhoto'] = null;
    const photo = result.document_id_photo;
    if (isRecord(photo) && isString(photo.content_type) && isString(photo.data)) {
      const data = decodeBase64(photo.data);
      if (data) idPhoto = { contentType: photo.content_type, data };
    }
    return {
      documentFields: isRecord(result.document_fields)
        ? (result.document_fields as DocumentFieldsJson)
        : null,
      recommendation: rec,
      idPhoto,
      detectedCountry: isString(result.detected_country) ? result.detected_country : null,
    };
  }
}

function decodeBase64(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/=\s]*$/.test(text)) return null;
  return new Uint8Array(Buffer.from(text, 'base64'));
}
