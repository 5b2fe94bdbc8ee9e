// Validates POST /sessions bodies (what the yoti SDK's SessionSpecification.toJSON() sends) and
// reads them back from the store. Anything this service cannot honour is refused with a 400 that
// names it, rather than accepted and silently ignored.
import { z } from 'zod';
import type { RequestableCheckType, TaskType } from '../../common/checkTypes';
import { DOCUMENT_TYPES } from '../../common/documents';
import { NOTIFICATION_TOPICS } from '../../common/notificationTopics';
import { badRequest, type HttpError } from '../http/httpError';
import { isCountryCode, unknownCountryMessage, type DocumentCatalogue } from '../supportedDocuments';
import { WEBHOOK_RULE, webhookAllowed } from './webhookPolicy';

/** Yoti's default client session token lifetime: 10 minutes. */
export const DEFAULT_CLIENT_SESSION_TOKEN_TTL = 600;
export const DEFAULT_RESOURCES_TTL = 7 * 24 * 60 * 60;
/** Yoti: resources must outlive the client session token by at least a day. */
export const MIN_RESOURCES_MARGIN = 24 * 60 * 60;
const MAX_TTL = 90 * 24 * 60 * 60;

/** ALWAYS, FALLBACK, NEVER; IBV sessions also take IBV (the branch's staff review decides). */
const ibvManualCheck = z.enum(['ALWAYS', 'FALLBACK', 'NEVER', 'IBV']);
const country = z
  .string()
  .refine(isCountryCode, { message: 'is not a known ISO 3166-1 alpha-3 country code' });
const documentType = z.enum(DOCUMENT_TYPES);
const inclusion = z.enum(['WHITELIST', 'BLACKLIST']);

const checkConfigs: Record<RequestableCheckType, z.ZodType> = {
  ID_DOCUMENT_AUTHENTICITY: z.object({ manual_check: ibvManualCheck.optional() }),
  ID_DOCUMENT_FACE_MATCH: z.object({ manual_check: ibvManualCheck }),
  LIVENESS: z.object({
    max_retries: z.number().int().min(0).max(10).optional(),
    liveness_type: z.literal('STATIC', {
      message: 'only STATIC liveness is available from the local service (ZOOM needs Yoti cloud)',
    }),
  }),
  IBV_VISUAL_REVIEW_CHECK: z.object({ manual_check: z.literal('IBV', { message: 'must be IBV' }) }),
  PROFILE_DOCUMENT_MATCH: z.object({ manual_check: ibvManualCheck.optional() }),
};

const taskConfigs: Record<TaskType, z.ZodType> = {
  ID_DOCUMENT_TEXT_DATA_EXTRACTION: z.object({
    manual_check: ibvManualCheck.optional(),
    chip_data: z.enum(['DESIRED', 'IGNORE']).optional(),
    create_expanded_document_fields: z.boolean().optional(),
  }),
};

const requested = z.object({ type: z.string().min(1), config: z.record(z.string(), z.unknown()).optional() });

const orthogonalFilter = z.object({
  type: z.literal('ORTHOGONAL_RESTRICTIONS'),
  country_restriction: z.object({ inclusion, country_codes: z.array(country) }).optional(),
  type_restriction: z.object({ inclusion, document_types: z.array(documentType) }).optional(),
  allow_expired_documents: z.boolean().optional(),
  allow_non_latin_documents: z.boolean().optional(),
});

const documentRestrictionsFilter = z.object({
  type: z.literal('DOCUMENT_RESTRICTIONS'),
  inclusion,
  documents: z.array(
    z.object({
      country_codes: z.array(country).optional(),
      document_types: z.array(documentType).optional(),
    }),
  ),
  allow_expired_documents: z.boolean().optional(),
  allow_non_latin_documents: z.boolean().optional(),
});

const documentFilter = z.discriminatedUnion('type', [orthogonalFilter, documentRestrictionsFilter]);

const requiredDocument = z.object({
  type: z.literal('ID_DOCUMENT', {
    message: 'only ID_DOCUMENT is supported (supplementary documents are not available locally)',
  }),
  filter: documentFilter.optional(),
});

const sdkConfig = z.looseObject({
  allowed_capture_methods: z.enum(['CAMERA', 'CAMERA_AND_UPLOAD']).optional(),
  primary_colour: z.string().optional(),
  secondary_colour: z.string().optional(),
  font_colour: z.string().optional(),
  locale: z.string().optional(),
  preset_issuing_country: country.optional(),
  success_url: z.string().optional(),
  error_url: z.string().optional(),
  privacy_policy_url: z.string().optional(),
  biometric_consent_flow: z.enum(['EARLY', 'JUST_IN_TIME']).optional(),
  allow_handoff: z.boolean().optional(),
  attempts_configuration: z.record(z.string(), z.unknown()).optional(),
  brand_id: z.string().optional(),
  suppressed_screens: z.array(z.string()).optional(),
});

const notifications = z.object({
  endpoint: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).refine(webhookAllowed, {
    message: WEBHOOK_RULE,
  }),
  topics: z.array(z.enum(NOTIFICATION_TOPICS)).optional(),
  auth_token: z.string().optional(),
  auth_type: z.enum(['BASIC', 'BEARER']).optional(),
});

const unsupported = (what: string) =>
  z.undefined({ message: `${what} is not supported by the local service` }).optional();

/** Yoti's structured postal address (IBV applicant profile). */
const structuredPostalAddress = z.looseObject({
  address_format: z.number().int().optional(),
  building_number: z.string().max(200).optional(),
  address_line1: z.string().max(200).optional(),
  address_line2: z.string().max(200).optional(),
  town_city: z.string().max(200).optional(),
  postal_code: z.string().max(20).optional(),
  country_iso: z.string().max(3).optional(),
  country: z.string().max(100).optional(),
});

export const applicantProfileSchema = z.object({
  full_name: z.string().min(1).max(300),
  date_of_birth: z.iso.date({ message: 'must be a date yyyy-mm-dd' }),
  structured_postal_address: structuredPostalAddress.optional(),
});
export type ApplicantProfile = z.infer<typeof applicantProfileSchema>;

const ibvOptions = z.object({
  support: z.enum(['MANDATORY', 'NOT_ALLOWED']),
  guidance_url: z.string().url().optional(),
  user_price: z.object({ amount: z.string(), currency: z.string() }).optional(),
});

const specification = z.strictObject({
  client_session_token_ttl: z.number().int().min(1).max(MAX_TTL).optional(),
  session_deadline: z.iso.datetime({ offset: true }).optional(),
  resources_ttl: z.number().int().min(1).max(MAX_TTL + MIN_RESOURCES_MARGIN).optional(),
  user_tracking_id: z.string().max(256).optional(),
  notifications: notifications.optional(),
  requested_checks: z.array(requested).default([]),
  requested_tasks: z.array(requested).default([]),
  sdk_config: sdkConfig.optional(),
  required_documents: z.array(requiredDocument).optional(),
  block_biometric_consent: z.boolean().optional(),
  identity_profile_requirements: unsupported('identity_profile_requirements'),
  advanced_identity_profile_requirements: unsupported('advanced_identity_profile_requirements'),
  create_identity_profile_preview: z
    .undefined({
      message:
        'create_identity_profile_preview is not supported by the local service: it makes no identity profiles (Yoti cloud does)',
    })
    .optional(),
  import_token: z
    .undefined({
      message:
        'import_token is not supported by the local service: it cannot import a Yoti Digital ID (Yoti cloud does)',
    })
    .optional(),
  subject: z.record(z.string(), z.unknown()).optional(),
  ibv_options: ibvOptions.optional(),
  resources: z
    .strictObject({ applicant_profile: applicantProfileSchema.optional() })
    .optional(),
});

export type DocumentFilter = z.infer<typeof documentFilter>;
export type SessionSpecification = z.infer<typeof specification> & {
  requested_checks: Array<{ type: RequestableCheckType; config?: Record<string, unknown> }>;
  requested_tasks: Array<{ type: TaskType; config?: Record<string, unknown> }>;
};

function formatIssues(issues: z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'body'}: ${issue.message}`)
    .join('; ');
}

export function invalidBody(code: string, issues: z.core.$ZodIssue[]): HttpError {
  // Yoti's error body lists field problems as errors[{property, message}]; the SDK's IDVError reads them.
  return badRequest(code, formatIssues(issues), {
    errors: issues.map((issue) => ({ property: issue.path.join('.') || 'body', message: issue.message })),
  });
}

/** Each requested check (or task) is one this service runs, asked once, with a valid config. */
function validateRequested(
  requested: Array<{ type: string; config?: Record<string, unknown> }>,
  field: 'requested_checks' | 'requested_tasks',
  configs: Record<string, z.ZodType>,
  codes: { unknown: string; duplicate: string; config: string; what: string },
): void {
  const seen = new Set<string>();
  requested.forEach((item, index) => {
    const schema = configs[item.type];
    if (!schema) {
      throw badRequest(
        codes.unknown,
        `${field}.${index}.type: unknown ${codes.what} type ${item.type}; this service runs ${Object.keys(configs).join(', ')}`,
      );
    }
    if (seen.has(item.type)) {
      throw badRequest(codes.duplicate, `${field}.${index}: ${item.type} is requested twice`);
    }
    seen.add(item.type);
    const config = schema.safeParse(item.config ?? {});
    if (!config.success) {
      throw invalidBody(
        codes.config,
        config.error.issues.map((issue) => ({ ...issue, path: [field, index, 'config', ...issue.path] })),
      );
    }
  });
}

/** Parses and validates a session specification; throws a 400 HttpError naming every problem. */
export function parseSessionSpecification(body: unknown): SessionSpecification {
  const parsed = specification.safeParse(body);
  if (!parsed.success) throw invalidBody('INVALID_SESSION_SPECIFICATION', parsed.error.issues);
  const spec = parsed.data;
  validateRequested(spec.requested_checks, 'requested_checks', checkConfigs, {
    unknown: 'UNKNOWN_CHECK_TYPE',
    duplicate: 'DUPLICATE_CHECK',
    config: 'INVALID_CHECK_CONFIG',
    what: 'check',
  });
  validateRequested(spec.requested_tasks, 'requested_tasks', taskConfigs, {
    unknown: 'UNKNOWN_TASK_TYPE',
    duplicate: 'DUPLICATE_TASK',
    config: 'INVALID_TASK_CONFIG',
    what: 'task',
  });
  assertIbvConsistent(spec as SessionSpecification);
  return spec as SessionSpecification;
}

/** What only an In-Branch Verification session may ask for, and what its checks need. */
function assertIbvConsistent(spec: SessionSpecification): void {
  const ibv = spec.ibv_options !== undefined;
  const all = [
    ...spec.requested_checks.map((c, i) => ({ item: c, at: `requested_checks.${i}` })),
    ...spec.requested_tasks.map((t, i) => ({ item: t, at: `requested_tasks.${i}` })),
  ];
  for (const { item, at } of all) {
    if (!ibv && manualCheckOf(item.config) === 'IBV') {
      throw badRequest('IBV_NOT_ENABLED', `${at}.config.manual_check: IBV needs ibv_options (an In-Branch Verification session)`);
    }
    if (!ibv && item.type === 'IBV_VISUAL_REVIEW_CHECK') {
      throw badRequest('IBV_NOT_ENABLED', `${at}: IBV_VISUAL_REVIEW_CHECK needs ibv_options (an In-Branch Verification session)`);
    }
  }
}

/**
 * Rules for a new session only (its stored form keeps the applicant profile apart, sealed, so a
 * stored specification no longer carries `resources`).
 */
export function assertCreatable(spec: SessionSpecification): void {
  spec.requested_checks.forEach((check, index) => {
    if (check.type === 'PROFILE_DOCUMENT_MATCH' && !spec.resources?.applicant_profile) {
      throw badRequest(
        'APPLICANT_PROFILE_REQUIRED',
        `requested_checks.${index}: PROFILE_DOCUMENT_MATCH compares the documents with resources.applicant_profile, which this session does not give`,
      );
    }
  });
}

/** A new session may name only countries this service offers (the specimen issuer: demo mode only). */
export function assertCountriesOffered(spec: SessionSpecification, documents: DocumentCatalogue): void {
  const named: Array<[string, string]> = [];
  if (spec.sdk_config?.preset_issuing_country)
    named.push(['sdk_config.preset_issuing_country', spec.sdk_config.preset_issuing_country]);
  spec.required_documents?.forEach((doc, index) => {
    const filter = doc.filter;
    const at = `required_documents.${index}.filter`;
    if (filter?.type === 'ORTHOGONAL_RESTRICTIONS') {
      for (const code of filter.country_restriction?.country_codes ?? [])
        named.push([`${at}.country_restriction.country_codes`, code]);
    } else if (filter) {
      filter.documents.forEach((entry, i) => {
        for (const code of entry.country_codes ?? [])
          named.push([`${at}.documents.${i}.country_codes`, code]);
      });
    }
  });
  const refused = named.find(([, code]) => !documents.isKnownCountry(code));
  if (refused) {
    throw badRequest('UNKNOWN_COUNTRY', `${refused[0]}: ${unknownCountryMessage(refused[1])}`);
  }
}

/**
 * The effective TTLs of a new session, with Yoti's creation rules (checked at creation only, so a
 * stored session made under older rules still reads back): session_deadline is the alternative to
 * client_session_token_ttl and must lie ahead; resources outlive the token by at least a day.
 */
export function ttlsOf(
  spec: SessionSpecification,
  now: number,
): { clientSessionTokenTtl: number; resourcesTtl: number } {
  let clientSessionTokenTtl = spec.client_session_token_ttl ?? DEFAULT_CLIENT_SESSION_TOKEN_TTL;
  if (spec.session_deadline !== undefined) {
    if (spec.client_session_token_ttl !== undefined) {
      throw badRequest(
        'INVALID_SESSION_SPECIFICATION',
        'session_deadline and client_session_token_ttl: give one of them, not both',
      );
    }
    const deadline = Date.parse(spec.session_deadline);
    clientSessionTokenTtl = Math.ceil((deadline - now) / 1000);
    if (clientSessionTokenTtl < 1 || clientSessionTokenTtl > MAX_TTL) {
      throw badRequest(
        'INVALID_SESSION_SPECIFICATION',
        `session_deadline must lie between now and ${MAX_TTL / 86400} days ahead (it is ${clientSessionTokenTtl} s away)`,
      );
    }
  }
  const minimum = clientSessionTokenTtl + MIN_RESOURCES_MARGIN;
  const resourcesTtl = spec.resources_ttl ?? Math.max(DEFAULT_RESOURCES_TTL, minimum);
  if (resourcesTtl < minimum) {
    throw badRequest(
      'INVALID_SESSION_SPECIFICATION',
      `resources_ttl (${resourcesTtl} s) must be at least the client session token's lifetime plus one day (${minimum} s)`,
    );
  }
  if (resourcesTtl > MAX_TTL + MIN_RESOURCES_MARGIN) {
    throw badRequest('INVALID_SESSION_SPECIFICATION', `resources_ttl must be at most ${MAX_TTL + MIN_RESOURCES_MARGIN} s`);
  }
  return { clientSessionTokenTtl, resourcesTtl };
}

export function isIbvSession(spec: SessionSpecification): boolean {
  return spec.ibv_options !== undefined;
}

/** The manual_check a requested check (or task) asked for, if any. */
export function manualCheckOf(config: Record<string, unknown> | undefined): string | null {
  const value = config?.manual_check;
  return typeof value === 'string' ? value : null;
}

export function hasCheck(spec: SessionSpecification, type: RequestableCheckType): boolean {
  return spec.requested_checks.some((check) => check.type === type);
}

export function hasTask(spec: SessionSpecification, type: TaskType): boolean {
  return spec.requested_tasks.some((task) => task.type === type);
}
