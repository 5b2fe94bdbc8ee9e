// Yoti's attempts model for an ID document: the relying party's sdk_config.attempts_configuration
// (`{ID_DOCUMENT_TEXT_DATA_EXTRACTION: {GENERIC: n, RECLASSIFICATION: m}}`, as the yoti SDK's
// SdkConfigBuilder writes it) says how many uploads per category may be unacceptable; the session
// configuration's `attempts_remaining` is the flat category → count map the SDK's
// RequiredIdDocumentResourceResponse parses. Each unacceptable upload (feedback acceptable: false)
// uses one from its category; a retake is refused once its category has none left.
import type { IdDocumentResource, JsonObject } from '../store/types';
import type { SessionSpecification } from './sessionSpecification';

export const ATTEMPTS_TARGET = 'ID_DOCUMENT_TEXT_DATA_EXTRACTION';
export const GENERIC = 'GENERIC';
/** A page of another kind of document than the one chosen (Yoti reclassifies it). */
export const RECLASSIFICATION = 'RECLASSIFICATION';

/** What a session gets when its relying party configures nothing. */
export const DEFAULT_ATTEMPTS: Readonly<Record<string, number>> = { [GENERIC]: 3, [RECLASSIFICATION]: 2 };

/** The allowance per category: the defaults, overridden by what the session configured. */
export function configuredAttempts(spec: SessionSpecification): Record<string, number> {
  const target = spec.sdk_config?.attempts_configuration?.[ATTEMPTS_TARGET];
  const configured: Record<string, number> = {};
  if (target && typeof target === 'object' && !Array.isArray(target)) {
    for (const [category, n] of Object.entries(target as Record<string, unknown>)) {
      if (typeof n === 'number' && Number.isInteger(n) && n >= 0) configured[category] = n;
    }
  }
  return { ...DEFAULT_ATTEMPTS, ...configured };
}

/** `attempts_remaining` as Yoti's configuration response carries it. */
export function attemptsRemaining(
  spec: SessionSpecification,
  doc: IdDocumentResource | undefined,
): Record<string, number> {
  const remaining = configuredAttempts(spec);
  for (const category of Object.keys(remaining)) {
    remaining[category] = Math.max(0, remaining[category] - (doc?.attemptsUsed[category] ?? 0));
  }
  return remaining;
}

function issuesOf(feedback: JsonObject | null): string[] {
  const issues = feedback?.issues;
  return Array.isArray(issues) ? issues.filter((i): i is string => typeof i === 'string') : [];
}

/** Whether the upload's feedback makes it count as an attempt used. */
export function isUnacceptable(feedback: JsonObject | null): boolean {
  return feedback?.acceptable === false;
}

/**
 * The category a page's feedback counts against, and that a retake of it is refused on: another
 * document type is a reclassification, anything else generic.
 */
export function attemptCategory(feedback: JsonObject | null): string {
  return issuesOf(feedback).includes('WRONG_DOCUMENT_TYPE') ? RECLASSIFICATION : GENERIC;
}
