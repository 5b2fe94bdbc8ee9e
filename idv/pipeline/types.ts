// The checks-and-tasks pipeline's input and output. H2's submit route builds a PipelineInput from
// the stored session, calls runPipeline(input), stores what comes back and serves it unchanged in
// GET /sessions/{id}: every *Json type below is exactly the snake_case shape the official `yoti`
// SDK parses (node_modules/yoti/src/idv_service/session/retrieve/**).
import type { CscaStore } from '../../chip/pa/cscaStore';
import type { CaptureMethod, PageSide, RecommendationValue } from '../../common/documents';
import type { CaptureQuality, DocumentReading, QualityIssue, VisionPort } from '../../vision/contract';

// ───────────────────────────── vocabulary ─────────────────────────────

// Check and task types: common/checkTypes.ts. A requested type the pipeline does not know gets
// NOT_AVAILABLE with a reason.

/**
 * `breakdown[].process` on every report this service writes. Yoti itself says AUTOMATED or
 * EXPERT_REVIEW; these values label the outcome honestly as the local service's (or as a sandbox
 * response-config's), and the SDK exposes them through BreakdownResponse.getProcess().
 */
export const PROCESS_LOCAL = 'LOCAL_AUTOMATED';
export const PROCESS_SANDBOX = 'SANDBOX_RESPONSE_CONFIG';

// ───────────────────────────── input ─────────────────────────────

/** A requested check as in the session specification (`requested_checks[]`), config as sent. */
export interface RequestedCheckSpec {
  type: string;
  /** e.g. {manual_check} for authenticity/face match, {max_retries, liveness_type} for LIVENESS. */
  config?: Record<string, unknown> | null;
}

/** A requested task as in the session specification (`requested_tasks[]`). */
export interface RequestedTaskSpec {
  type: string;
  /** e.g. {manual_check, chip_data, create_expanded_document_fields}. */
  config?: Record<string, unknown> | null;
}

export interface PageInput {
  side: PageSide;
  /** The page media id the store assigned. */
  mediaId: string;
  /** The decrypted, still-encoded image (JPEG/PNG) as uploaded. */
  image: Uint8Array;
  captureMethod: CaptureMethod;
  /** What was read from the page at upload (then it is not read again); absent: read here. */
  reading?: PageReading | null;
}

/**
 * What vision read from one page image. Made once, at upload (pageReading.ts), stored sealed with
 * the page and reused by the checks at submit. Holds personal data (the MRZ, a barcode).
 */
export interface PageReading {
  /** Why the page could not be decoded, when it could not (then nothing else was read). */
  decodeError: string | null;
  quality: CaptureQuality | null;
  qualityError: string | null;
  document: DocumentReading | null;
  readError: string | null;
}

export interface IdDocumentInput {
  resourceId: string;
  /** ISO 3166-1 alpha-3 chosen by the person (e.g. "GBR"). */
  issuingCountry: string;
  /** PASSPORT | DRIVING_LICENCE | NATIONAL_ID | RESIDENCE_PERMIT (as chosen). */
  documentType: string;
  pages: PageInput[];
  /** MRZ lines a hardware scanner read (PUT .../mrz), raw; null when none were sent. */
  scannerMrzLines?: string[] | null;
  /** The session's filter for this document says allow_expired_documents: expiry is no rejection. */
  allowExpired?: boolean;
  /** The chip data the kiosk sent (PUT .../chip, idv/chip/chipResource's body); null when none. */
  chip?: unknown;
}

export interface MediaInput {
  mediaId: string;
  /** Encoded image bytes (JPEG/PNG), decrypted. */
  image: Uint8Array;
}

export interface LivenessInput {
  resourceId: string;
  /** "STATIC" for this service's client API; other types are reported as NOT_AVAILABLE. */
  livenessType: string;
  frames: MediaInput[];
}

export interface FaceCaptureInput {
  resourceId: string;
  /** Null when the resource was created but no image was uploaded. */
  image: MediaInput | null;
}

// Sandbox response-config, exactly as @getyoti/sdk-sandbox's SandboxResponseConfig.toJSON() sends
// it to PUT .../response-config (fields left undefined by the SDK are simply absent).

export interface SandboxDocumentFilterJson {
  document_types: string[];
  country_codes: string[];
}

export interface SandboxRecommendationJson {
  value: string;
  reason?: string;
  recovery_suggestion?: string;
}

export interface SandboxBreakdownJson {
  sub_check: string;
  result: string;
  details: Array<{ name: string; value: string }>;
}

export interface SandboxReportJson {
  recommendation: SandboxRecommendationJson;
  breakdown: SandboxBreakdownJson[];
}

export interface SandboxCheckJson {
  result: { report: SandboxReportJson; document_fields?: Record<string, unknown> };
  document_filter?: SandboxDocumentFilterJson;
  /** LIVENESS entries only. */
  liveness_type?: string;
}

export interface SandboxTextExtractionTaskJson {
  result: {
    document_fields?: Record<string, unknown>;
    document_id_photo?: { content_type: string; data: string };
    detected_country?: string;
    recommendation?: { value: string; reason?: { value: string; detail?: string } };
  };
  document_filter?: SandboxDocumentFilterJson;
}

export interface SandboxResponseConfigJson {
  task_results?: {
    ID_DOCUMENT_TEXT_DATA_EXTRACTION?: SandboxTextExtractionTaskJson[];
    [taskType: string]: unknown;
  };
  check_reports: {
    ID_DOCUMENT_TEXT_DATA_CHECK?: SandboxCheckJson[];
    ID_DOCUMENT_AUTHENTICITY?: SandboxCheckJson[];
    ID_DOCUMENT_FACE_MATCH?: SandboxCheckJson[];
    LIVENESS?: SandboxCheckJson[];
    async_report_delay?: number;
    [checkType: string]: unknown;
  };
}

export interface SandboxConfigInput {
  /** Which PUT set it: the session's (wins) or the application's. H2 picks the one in force. */
  level: 'SESSION' | 'APPLICATION';
  config: SandboxResponseConfigJson;
}

export interface PipelineInput {
  requestedChecks: RequestedCheckSpec[];
  requestedTasks: RequestedTaskSpec[];
  idDocuments: IdDocumentInput[];
  livenessResources: LivenessInput[];
  faceCaptures: FaceCaptureInput[];
  /** The sandbox response-config in force, or null (then every outcome is computed). */
  sandbox: SandboxConfigInput | null;
  /** Image analysis; when absent, checks that need it report NOT_AVAILABLE and say why. */
  vision?: VisionPort | null;
  now: Date;
  /** Id generator for checks, tasks and generated media; defaults to crypto.randomUUID. */
  newId?: () => string;
  /**
   * Stores a media the pipeline generates (document fields JSON, a sandbox id photo) and returns
   * its media id, e.g. `(m) => store.media.put({sessionId, ...m}).then((r) => r.id)`, so the ids
   * in the result are the store's. Absent (pipeline tests), nothing is stored and ids come from
   * newId().
   */
  saveMedia?: (media: GeneratedMediaContent) => Promise<string>;
  /** Decision thresholds; defaults in DEFAULT_THRESHOLDS (runPipeline.ts). */
  thresholds?: Partial<PipelineThresholds>;
  /** IBV resources.applicant_profile (decrypted), for PROFILE_DOCUMENT_MATCH; null when none. */
  applicantProfile?: { full_name: string; date_of_birth: string } | null;
  /** Called as each check is done (before the whole result), so the session can show it. */
  onCheck?: (check: CheckJson) => void;
  /** CSCA certificates the chip's passive authentication trusts; absent: none (PA NOT_VERIFIED). */
  cscaStore?: CscaStore | null;
}

export interface GeneratedMediaContent {
  resourceId: string;
  purpose: 'DOCUMENT_FIELDS' | 'PIPELINE_OTHER';
  contentType: string;
  content: Uint8Array;
}

export interface PipelineThresholds {
  /** Face similarity (0..1, VisionPort.compareFaces) at or above which faces match. */
  faceMatch: number;
}

// ───────────────────────────── output (Yoti JSON) ─────────────────────────────

export interface DetailJson {
  name: string;
  value: string;
}

export interface BreakdownJson {
  sub_check: string;
  /** PASS | FAIL (NOT_AVAILABLE is not used in breakdowns: a sub-check that could not run is omitted or FAIL with a detail). */
  result: string;
  /** PROCESS_LOCAL or PROCESS_SANDBOX. */
  process?: string;
  details: DetailJson[];
}

export interface RecommendationJson {
  value: RecommendationValue | string;
  reason?: string;
  recovery_suggestion?: string;
}

export interface ReportJson {
  recommendation: RecommendationJson;
  breakdown: BreakdownJson[];
}

export interface GeneratedMediaJson {
  id: string;
  /** "JSON" for extracted document fields, "IMAGE" for images. */
  type: string;
}

export interface CheckJson {
  type: string;
  id: string;
  /** "DONE" once computed. */
  state: string;
  resources_used: string[];
  generated_media: GeneratedMediaJson[];
  report: ReportJson;
  /** ISO 8601 UTC. */
  created: string;
  last_updated: string;
}

export interface GeneratedCheckJson {
  id: string;
  type: string;
}

export interface TaskJson {
  type: string;
  id: string;
  state: string;
  /** The resource the task ran on (not a Yoti field on the task; H2 uses it to place the task under that resource's `tasks`). */
  resource_id: string;
  resources_used: string[];
  generated_media: GeneratedMediaJson[];
  generated_checks: GeneratedCheckJson[];
  /** Yoti's text-extraction recommendation: PROGRESS | SHOULD_TRY_AGAIN | MUST_TRY_AGAIN. */
  recommendation?: { value: string; reason?: { value: string; detail?: string } };
  created: string;
  last_updated: string;
}

/**
 * Extracted document fields: the JSON that H2 stores as a media (content type application/json)
 * under `mediaId` and references as resources.id_documents[].document_fields.media {id, type: "JSON"}.
 * Keys follow Yoti's document fields; absent values are omitted.
 */
export interface DocumentFieldsJson {
  full_name?: string;
  given_names?: string;
  family_name?: string;
  date_of_birth?: string;
  expiration_date?: string;
  nationality?: string;
  issuing_country?: string;
  document_type?: string;
  document_number?: string;
  personal_number?: string;
  /** MALE | FEMALE | TRANSGENDER | OTHER, from the MRZ sex field. */
  gender?: string;
  /** The MRZ as read (Yoti: type 1|2|3 for TD1|TD2|TD3, MRV-A/B reported as 3/2 by length). */
  mrz?: { type: number; line1: string; line2: string; line3?: string };
  /** Which reading the fields came from: "MRZ", "SCANNER_MRZ", "PDF417", or "SANDBOX". */
  extraction_source?: string;
  [key: string]: unknown;
}

export interface IdDocumentResult {
  resourceId: string;
  /** Put under resources.id_documents[i].tasks (each also appears in PipelineResult.tasks). */
  tasks: TaskJson[];
  /**
   * Null when no task extracted anything (no extraction task requested, or nothing readable).
   * Reference it as resources.id_documents[].document_fields = {media: {id: mediaId, type: "JSON"}}.
   */
  documentFields: { mediaId: string; json: DocumentFieldsJson } | null;
  /**
   * A sandbox task result's id photo; reference it as document_id_photo = {media: {id, type: "IMAGE"}}.
   */
  documentIdPhoto: { mediaId: string; contentType: string; data: Uint8Array } | null;
  /** create_expanded_document_fields: each field with where it came from; reference as expanded_document_fields. */
  expandedDocumentFields?: { mediaId: string } | null;
}

export type CheckSource = 'COMPUTED' | 'SANDBOX_SESSION' | 'SANDBOX_APPLICATION';

export interface PipelineResult {
  /** Goes to GET /sessions/{id} `checks`, in this order. */
  checks: CheckJson[];
  /** Every task, across resources (for TASK_COMPLETION notifications); placement per idDocuments. */
  tasks: TaskJson[];
  idDocuments: IdDocumentResult[];
  /** Where each check's outcome came from, by check id. */
  checkSources: Record<string, CheckSource>;
}

// ───────────────────────────── instant upload feedback ─────────────────────────────

export interface UploadFeedbackContext {
  documentType: string;
  side: PageSide;
  issuingCountry: string;
  /** A SCANNER capture is the document itself: no outline/fill-ratio advice. */
  captureMethod?: CaptureMethod;
}

export type UploadFeedbackIssue =
  | 'UNREADABLE_IMAGE'
  | QualityIssue
  | 'WRONG_DOCUMENT_TYPE'
  | 'WRONG_COUNTRY'
  | 'MRZ_NOT_FOUND'
  | 'MRZ_INVALID'
  | 'BARCODE_NOT_FOUND';

export interface UploadFeedback {
  /** False when a retake is advised. */
  acceptable: boolean;
  issues: UploadFeedbackIssue[];
  /** Human-readable one-liners, one per issue, in English (the kiosk translates by issue code). */
  messages: string[];
  metrics: {
    width: number | null;
    height: number | null;
    quality: Omit<CaptureQuality, 'issues' | 'ok'> | null;
    mrzFound: boolean | null;
    mrzValid: boolean | null;
    /** Why some analysis was skipped (e.g. "image analysis is not available in this build"). */
    notes: string[];
    ms: number;
  };
}

/** The feedback on an uploaded page and what was read to give it (null when nothing was read). */
export interface UploadedPageAnalysis {
  feedback: UploadFeedback;
  reading: PageReading | null;
}

/** idv/pipeline/runPipeline.ts implements these. */
export type RunPipeline = (input: PipelineInput) => Promise<PipelineResult>;
export type AnalyseUploadedPage = (
  image: Uint8Array,
  context: UploadFeedbackContext,
  vision?: VisionPort | null,
) => Promise<UploadedPageAnalysis>;
