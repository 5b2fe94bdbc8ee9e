// What the session asks of the person, read from the client API's configuration: the documents
// still to capture (countries, types and their pages), whether a face is needed, the consent
// wording, and the relying party's sdk_config (locale, colours, preset country, capture methods,
// success/error URLs). Pure: no DOM, parsed by hand (zod's eval probe would trip the page's CSP).
import type { YotiErrorCode } from './yotiEvents';

export type Side = 'front' | 'back';

export interface DocumentChoice {
  type: string;
  pages: Side[];
}

export interface CountryChoice {
  code: string;
  specimen: boolean;
  documents: DocumentChoice[];
}

export interface DocumentStep {
  requirementId: string;
  countries: CountryChoice[];
  /** A document created earlier in this session (a reload mid-flow): its pages are completed. */
  resourceId: string | null;
  captureMethods: 'CAMERA' | 'CAMERA_AND_UPLOAD';
}

export interface WebSdkConfig {
  locale: string | null;
  colours: { primary: string | null; secondary: string | null; font: string | null };
  presetCountry: string | null;
  successUrl: string | null;
  errorUrl: string | null;
  privacyPolicyUrl: string | null;
}

export interface SessionPlan {
  documents: DocumentStep[];
  /** A face is still needed (liveness, or a face capture for the face match). */
  face: boolean;
  /** The person is asked for biometric consent (and it is recorded) before the face is taken. */
  biometricConsent: boolean;
  submitted: boolean;
  sdk: WebSdkConfig;
  /** "Local IDV service", when the service says so (never shown as a Yoti verification). */
  serviceLabel: string | null;
}

export type PlanResult = { ok: true; plan: SessionPlan } | { ok: false; code: YotiErrorCode; why: string };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

const COLOUR = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;
const LOCALE = /^[a-zA-Z]{2,3}(?:[-_][a-zA-Z0-9]{2,8})*$/;
const COUNTRY = /^[A-Z]{3}$/;

/** Only http(s) URLs leave the page; anything else (javascript:, data:) is dropped. */
export function safeUrl(v: unknown): string | null {
  const s = str(v);
  if (!s) return null;
  try {
    const u = new URL(s);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

export function parseSdkConfig(raw: unknown): WebSdkConfig {
  const c = isObject(raw) ? raw : {};
  const colour = (v: unknown) => {
    const s = str(v);
    return s && COLOUR.test(s) ? s : null;
  };
  const locale = str(c.locale);
  const preset = str(c.preset_issuing_country);
  return {
    locale: locale && LOCALE.test(locale) ? locale : null,
    colours: { primary: colour(c.primary_colour), secondary: colour(c.secondary_colour), font: colour(c.font_colour) },
    presetCountry: preset && COUNTRY.test(preset) ? preset : null,
    successUrl: safeUrl(c.success_url),
    errorUrl: safeUrl(c.error_url),
    privacyPolicyUrl: safeUrl(c.privacy_policy_url),
  };
}

function parseCountries(raw: unknown): CountryChoice[] {
  if (!Array.isArray(raw)) return [];
  const out: CountryChoice[] = [];
  for (const c of raw) {
    if (!isObject(c) || !str(c.code) || !Array.isArray(c.supported_documents)) continue;
    const documents: DocumentChoice[] = [];
    for (const d of c.supported_documents) {
      if (!isObject(d) || !str(d.type)) continue;
      const pages = Array.isArray(d.required_pages)
        ? d.required_pages.filter((p): p is Side => p === 'front' || p === 'back')
        : [];
      documents.push({ type: d.type as string, pages: pages.length > 0 ? pages : ['front'] });
    }
    if (documents.length > 0) out.push({ code: c.code as string, specimen: c.is_specimen === true, documents });
  }
  return out;
}

/** Reads the configuration; refusals carry Yoti's web error code and the reason in words. */
export function planSession(config: unknown): PlanResult {
  if (!isObject(config)) return { ok: false, code: 5004, why: 'the configuration is not a JSON object' };
  if (config.state === 'EXPIRED') return { ok: false, code: 2002, why: 'the session has expired' };
  const capture = isObject(config.capture) ? config.capture : {};
  const resources = Array.isArray(capture.required_resources) ? capture.required_resources : [];
  const sdk = parseSdkConfig(config.sdk_config);
  const documents: DocumentStep[] = [];
  let face = false;
  for (const r of resources) {
    if (!isObject(r)) continue;
    const done = r.state === 'COMPLETE';
    if (r.type === 'ID_DOCUMENT') {
      if (done) continue;
      const countries = parseCountries(r.supported_countries);
      if (countries.length === 0)
        return { ok: false, code: 5008, why: 'the session accepts no document this page can capture' };
      documents.push({
        requirementId: str(r.id) ?? `document-${documents.length}`,
        countries,
        resourceId: str(r.resource_id),
        captureMethods: r.allowed_capture_methods === 'CAMERA' ? 'CAMERA' : 'CAMERA_AND_UPLOAD',
      });
    } else if (r.type === 'LIVENESS') {
      if (r.liveness_type !== undefined && r.liveness_type !== 'STATIC')
        return { ok: false, code: 5008, why: `a ${String(r.liveness_type)} liveness capture is not offered here` };
      if (!done) face = true;
    } else if (r.type === 'FACE_CAPTURE') {
      if (r.state === 'REQUIRED') face = true;
    } else {
      return { ok: false, code: 5008, why: `the session asks for a ${String(r.type)}, which this page cannot capture` };
    }
  }
  // REQUIRED (block_biometric_consent): nothing biometric is taken before the consent is recorded.
  const consent = capture.biometric_consent;
  const service = isObject(config.service) ? str(config.service.label) : null;
  return {
    ok: true,
    plan: {
      documents,
      face,
      biometricConsent: face && consent !== 'GIVEN',
      submitted: config.submitted === true,
      sdk,
      serviceLabel: service,
    },
  };
}

/** The country to start from: the preset one when the session offers it. */
export function presetCountry(step: DocumentStep, sdk: WebSdkConfig): CountryChoice | null {
  if (step.countries.length === 1) return step.countries[0];
  return step.countries.find((c) => c.code === sdk.presetCountry) ?? null;
}

/** The client API base, from where the page is served: {base}/web/index.html → {base}/client. */
export function clientBaseFor(pageUrl: string): string {
  const u = new URL(pageUrl);
  const base = u.pathname.replace(/\/web(?:\/[^/]*)?$/, '');
  // The sandbox page uses the same client API as the normal one.
  return `${u.origin}${base.replace(/^\/sandbox/, '')}/client`;
}

/** Where the person goes at the end when the relying party asked for a redirect (Yoti appends the code). */
export function finishUrl(sdk: WebSdkConfig, outcome: { code: YotiErrorCode } | null): string | null {
  if (!outcome) return sdk.successUrl;
  if (!sdk.errorUrl) return null;
  const u = new URL(sdk.errorUrl);
  u.searchParams.set('yotiErrorCode', String(outcome.code));
  return u.href;
}
