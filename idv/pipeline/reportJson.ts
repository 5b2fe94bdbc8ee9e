// Builders for the Yoti-shaped report JSON, so every check states its recommendation, reason and
// named sub-checks the same way.
import { errorFirstLine } from '../../common/errorMessage';
import type { BreakdownJson, CheckJson, DetailJson, RecommendationJson, ReportJson } from './types';
import { PROCESS_LOCAL } from './types';

export type DetailInput = Record<string, string | number | boolean | null | undefined>;

/** Details as Yoti's {name, value} pairs (values are strings in the SDK); empty values are left out. */
export function details(input: DetailInput): DetailJson[] {
  const out: DetailJson[] = [];
  for (const [name, value] of Object.entries(input)) {
    if (value === null || value === undefined || value === '') continue;
    out.push({ name, value: String(value) });
  }
  return out;
}

export function subCheck(name: string, pass: boolean, detail: DetailInput = {}): BreakdownJson {
  return {
    sub_check: name,
    result: pass ? 'PASS' : 'FAIL',
    process: PROCESS_LOCAL,
    details: details(detail),
  };
}

export function recommendation(
  value: 'APPROVE' | 'REJECT' | 'NOT_AVAILABLE',
  reason?: string,
  recoverySuggestion?: string,
): RecommendationJson {
  const r: RecommendationJson = { value };
  if (reason) r.reason = reason;
  if (recoverySuggestion) r.recovery_suggestion = recoverySuggestion;
  return r;
}

export function reportOf(rec: RecommendationJson, breakdown: BreakdownJson[]): ReportJson {
  return { recommendation: rec, breakdown };
}

export function checkJson(input: {
  type: string;
  id: string;
  resourcesUsed: string[];
  report: ReportJson;
  at: string;
  generatedMedia?: CheckJson['generated_media'];
}): CheckJson {
  return {
    type: input.type,
    id: input.id,
    state: 'DONE',
    resources_used: input.resourcesUsed,
    generated_media: input.generatedMedia ?? [],
    report: input.report,
    created: input.at,
    last_updated: input.at,
  };
}

/** The first line of an error's message, short, for a reason or detail (never a stack). */
export function errorText(error: unknown): string {
  const line = errorFirstLine(error).trim();
  return line.length > 160 ? `${line.slice(0, 157)}...` : line || 'unknown error';
}
