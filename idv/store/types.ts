// The IDV service's storage contract. The HTTP routes (idv/http, idv/api) and the checks pipeline
// (idv/pipeline) code against these interfaces only; idv/store/index.ts implements them on an
// embedded SQLite file (node-sqlite3-wasm) plus encrypted media blobs.
//
// Conventions:
// - Times are epoch milliseconds (numbers); TTLs are seconds, as in Yoti's API.
// - Metadata calls are synchronous: the WASM SQLite engine and its VFS are, and each commit
//   fsyncs 3 times on the calling thread, so keep write transactions few and small. Calls that
//   touch media content are async: blob files are written and fdatasynced on libuv's pool.
// - "Not found" is `null` from getters; a broken invariant (unknown session on a write, a page
//   the document does not have, an upload after submit...) throws IdvStoreError with a code.
// - JSON the store keeps opaque (session specification, pipeline results, feedback,
//   sandbox response-config) is typed as JsonObject; callers validate it with their own schemas.
import type { CaptureMethod, DocumentType, PageSide, SessionState } from '../../common/documents';

export type { CaptureMethod, DocumentType, PageSide, SessionState };

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

// ───────────────────────────── errors ─────────────────────────────

export type IdvStoreErrorCode =
  /** The database file is not a readable SQLite database of this service (or fails its integrity check). */
  | 'STORE_CORRUPT'
  /** DATA_DIR/master.key (or the given masterKey) is malformed, or does not match the store. */
  | 'MASTER_KEY_INVALID'
  /** Another process holds the store's lock for longer than the busy timeout. */
  | 'STORE_BUSY'
  /** The store was closed. */
  | 'STORE_CLOSED'
  /** A write referred to a session/resource/media/app that does not exist (or is deleted). */
  | 'NOT_FOUND'
  /** The write contradicts current state: duplicate page upload, upload after submit, double submit, wrong resource kind. */
  | 'CONFLICT'
  /** The value is outside what the store accepts: a page side the document does not require, empty content, bad TTL. */
  | 'INVALID_INPUT'
  /** A media blob failed authentication (tampered, swapped between sessions, or its key was destroyed). */
  | 'MEDIA_UNREADABLE'
  /** The disk write failed (ENOSPC, EIO...); nothing was committed. */
  | 'IO_FAILED';

export class IdvStoreError extends Error {
  override readonly name = 'IdvStoreError';
  constructor(
    readonly code: IdvStoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

// ───────────────────────────── apps ─────────────────────────────

export interface AppRecord {
  /** UUID, used as Yoti's `sdkId`. */
  sdkId: string;
  name: string;
  /** SPKI public key in PEM; request signatures are verified against it. */
  publicKeyPem: string;
  createdAt: number;
}

export interface AppRepository {
  /** Registers an app. Throws INVALID_INPUT if the PEM is not an RSA public key. */
  register(input: { name: string; publicKeyPem: string }): AppRecord;
  /** Reads the file each time, so an app created by the CLI while the server runs is usable at once. */
  get(sdkId: string): AppRecord | null;
  list(): AppRecord[];
  /** Sandbox `PUT /sandbox/idverify/v1/apps/{sdkId}/response-config`; null clears it. */
  setResponseConfig(sdkId: string, config: JsonObject | null): void;
  getResponseConfig(sdkId: string): JsonObject | null;
}

// ───────────────────────────── nonces ─────────────────────────────

export interface NonceRegistry {
  /**
   * Records a request nonce until `expiresAt`. Returns false if this (sdkId, nonce) was already
   * recorded and has not expired (a replay). Persisted, so a restart does not reopen the window.
   */
  remember(sdkId: string, nonce: string, expiresAt: number): boolean;
}

// ───────────────────────────── sessions ─────────────────────────────

export type NotificationAuthType = 'BASIC' | 'BEARER';

/** Yoti's NotificationConfig as stored (field names of its toJSON, camel-cased). */
export interface NotificationSettings {
  endpoint: string;
  topics: string[];
  authToken: string | null;
  authType: NotificationAuthType | null;
}

export interface NewSession {
  sdkId: string;
  /** The session specification JSON exactly as the RP sent it (validated by the caller). */
  specification: JsonObject;
  /** Seconds; the client session token's lifetime. */
  clientSessionTokenTtl: number;
  /** Seconds from creation that resources (media, results) are kept. */
  resourcesTtl: number;
  userTrackingId: string | null;
  notifications: NotificationSettings | null;
}

export interface SessionRecord extends NewSession {
  /** UUID (Yoti's session_id). */
  id: string;
  /** SHA-256 (hex) of the client session token; the token itself is never stored. */
  clientSessionTokenHash: string;
  state: SessionState;
  createdAt: number;
  /** createdAt + clientSessionTokenTtl. */
  clientSessionTokenExpiresAt: number;
  /** createdAt + resourcesTtl: after this the sweep deletes the session and destroys its key. */
  resourcesExpireAt: number;
  submitted: boolean;
  submittedAt: number | null;
  completedAt: number | null;
  /** Whatever the pipeline stored last (checks, tasks, document fields references...). */
  results: JsonObject | null;
  /** Sandbox `PUT /sandbox/idverify/v1/sessions/{id}/response-config`. */
  responseConfig: JsonObject | null;
}

export interface CreatedSession {
  session: SessionRecord;
  /** Returned once, here; only its SHA-256 is stored. */
  clientSessionToken: string;
}

export interface SessionRepository {
  /** Creates the session and its wrapped data key. INVALID_INPUT if a TTL is not a positive integer. */
  create(input: NewSession): CreatedSession;
  get(sessionId: string): SessionRecord | null;
  /** The session only if it belongs to sdkId (another app's session is "not found"). */
  getForApp(sdkId: string, sessionId: string): SessionRecord | null;
  /** Hashes the raw bearer token and looks it up. Does not check expiry: see isTokenExpired. */
  findByClientToken(clientSessionToken: string): SessionRecord | null;
  findByTokenHash(tokenHash: string): SessionRecord | null;
  isTokenExpired(session: SessionRecord): boolean;
  listForApp(sdkId: string): SessionRecord[];
  /**
   * Marks the session submitted. CONFLICT if already submitted or not ONGOING; NOT_FOUND if gone.
   */
  markSubmitted(sessionId: string): SessionRecord;
  setState(sessionId: string, state: SessionState): SessionRecord;
  /** Stores the pipeline output; `state` (e.g. COMPLETED) is set in the same write. */
  saveResults(sessionId: string, results: JsonObject, state?: SessionState): SessionRecord;
  setResponseConfig(sessionId: string, config: JsonObject | null): void;
  /**
   * Deletes the session, its resources, media rows and blob files, tracked devices, and destroys
   * its wrapped data key (so a leftover blob can never be decrypted). Returns false if absent.
   */
  delete(sessionId: string): Promise<boolean>;
}

// ───────────────────────────── resources ─────────────────────────────

export interface PageRecord {
  side: PageSide;
  mediaId: string;
  contentType: string;
  captureMethod: CaptureMethod;
  /** Instant quality/readability feedback computed at upload (shape owned by the pipeline). */
  feedback: JsonObject | null;
  createdAt: number;
}

export interface MrzRecord {
  lines: string[];
  /** Where the lines came from; today only a hardware scanner posts them. */
  source: 'SCANNER';
  createdAt: number;
}

interface ResourceBase {
  id: string;
  sessionId: string;
  createdAt: number;
}

export interface IdDocumentResource extends ResourceBase {
  kind: 'ID_DOCUMENT';
  issuingCountry: string;
  documentType: DocumentType;
  requiredPages: PageSide[];
  /** Uploaded pages, in requiredPages order. */
  pages: PageRecord[];
  mrz: MrzRecord | null;
  /** Unacceptable uploads so far, per attempts category (Yoti's GENERIC, RECLASSIFICATION...). */
  attemptsUsed: Record<string, number>;
}

export interface LivenessFrame {
  mediaId: string;
  contentType: string;
  createdAt: number;
}

export interface LivenessResource extends ResourceBase {
  kind: 'LIVENESS';
  /** "STATIC" today. */
  livenessType: string;
  frames: LivenessFrame[];
}

export interface FaceCaptureResource extends ResourceBase {
  kind: 'FACE_CAPTURE';
  /** requirement_id from CreateFaceCaptureResourcePayload. */
  requirementId: string | null;
  image: { mediaId: string; contentType: string; createdAt: number } | null;
}

export type ResourceRecord = IdDocumentResource | LivenessResource | FaceCaptureResource;

export interface ResourceRepository {
  /** NOT_FOUND if the session is gone; CONFLICT if it was submitted. */
  createIdDocument(input: {
    sessionId: string;
    issuingCountry: string;
    documentType: DocumentType;
    requiredPages: PageSide[];
  }): IdDocumentResource;
  createLiveness(input: { sessionId: string; livenessType: string }): LivenessResource;
  createFaceCapture(input: { sessionId: string; requirementId: string | null }): FaceCaptureResource;
  get(sessionId: string, resourceId: string): ResourceRecord | null;
  /** All resources of a session, oldest first. */
  list(sessionId: string): ResourceRecord[];
  /** Stores MRZ lines read by a scanner (replaces earlier ones). CONFLICT after submit. */
  setMrz(sessionId: string, resourceId: string, lines: string[]): IdDocumentResource;
  /** Counts one unacceptable upload of the document against `category`. CONFLICT after submit. */
  useAttempt(sessionId: string, resourceId: string, category: string): IdDocumentResource;
  /**
   * Stores the chip data a kiosk read from the document (idv/chip/chipResource's body, already
   * validated), sealed under the session's key; replaces an earlier one. CONFLICT after submit.
   */
  setChip(sessionId: string, resourceId: string, body: JsonObject): void;
  /** The document's chip data, decrypted, or null when none was sent. */
  chipOf(sessionId: string, resourceId: string): JsonObject | null;
}

// ───────────────────────────── media ─────────────────────────────

/** What a media item is for; pipeline-made media (DOCUMENT_FIELDS...) has no upload behind it. */
export type MediaPurpose = 'PAGE' | 'LIVENESS_FRAME' | 'FACE_CAPTURE' | 'DOCUMENT_FIELDS' | 'PIPELINE_OTHER';

export interface MediaRecord {
  /** UUID (Yoti's media id). */
  id: string;
  sessionId: string;
  resourceId: string | null;
  purpose: MediaPurpose;
  contentType: string;
  /** Plaintext size in bytes. */
  size: number;
  createdAt: number;
  /** Set by MediaStore.deleteContent (RP `DELETE .../media/{id}/content`); the id stays known. */
  contentDeletedAt: number | null;
}

export interface MediaContent {
  record: MediaRecord;
  content: Buffer;
}

export interface NewMedia {
  sessionId: string;
  resourceId?: string | null;
  purpose: MediaPurpose;
  contentType: string;
  content: Uint8Array;
}

/** Attaches freshly stored media inside the same SQLite transaction as the media row. */
export type MediaLink =
  | {
      kind: 'PAGE';
      resourceId: string;
      side: PageSide;
      captureMethod: CaptureMethod;
      feedback: JsonObject | null;
      /**
       * What the pipeline read from the page at upload (shape owned by the pipeline), reused at
       * submit; sealed under the session's data key in the same transaction as the page.
       */
      reading?: JsonObject | null;
      /** A retake: the media id now on that side, removed (row, key, reading, blob) with this write. */
      replaces?: string | null;
    }
  /** `replaces`: a retaken frame, replaced in place. */
  | { kind: 'LIVENESS_FRAME'; resourceId: string; replaces?: string | null }
  /** `replaces`: the image there now, when this is a retake. */
  | { kind: 'FACE_CAPTURE_IMAGE'; resourceId: string; replaces?: string | null };

export interface MediaStore {
  /**
   * Encrypts and durably writes the content, then in one transaction inserts the media row and
   * applies `link` (page / frame / face image). A link that `replaces` media removes that media's
   * row and key in the same transaction and its blob after it: its id is unknown from then on.
   * All-or-nothing: if linking fails (duplicate page, a retake of media that is no longer there,
   * page not required, upload after submit, session gone) the row is rolled back, the blob file is
   * removed and the error (IdvStoreError) is thrown; earlier data is untouched.
   * `then` runs inside that same transaction after linking (e.g. to record a device event).
   */
  put(
    input: NewMedia,
    link?: MediaLink,
    then?: (tx: IdvStoreTx, media: MediaRecord) => void,
  ): Promise<MediaRecord>;
  /** Decrypted content, or null if unknown, content deleted, or session deleted. */
  get(sessionId: string, mediaId: string): Promise<MediaContent | null>;
  /** The page's upload-time reading (MediaLink PAGE `reading`), decrypted; null when none was stored. */
  pageReading(sessionId: string, mediaId: string): JsonObject | null;
  describe(sessionId: string, mediaId: string): MediaRecord | null;
  list(sessionId: string): MediaRecord[];
  /** Deletes the blob (id stays known with contentDeletedAt). Returns false if unknown/already deleted. */
  deleteContent(sessionId: string, mediaId: string): Promise<boolean>;
}

// ───────────────────────────── tracked devices ─────────────────────────────

/** Yoti's DeviceDescriptionResponse fields (snake_case as on the wire). */
export interface DeviceDescription {
  ip_address?: string;
  ip_iso_country_code?: string;
  manufacture_name?: string;
  model_name?: string;
  os_name?: string;
  os_version?: string;
  browser_name?: string;
  browser_version?: string;
  locale?: string;
  client_version?: string;
}

export interface TrackedDeviceEvent {
  /** e.g. CONFIG_FIRST_LOADED, RESOURCE_CREATED, CLIENT_SESSION_TOKEN_DELETED. */
  event: string;
  createdAt: number;
  device: DeviceDescription;
}

export interface TrackedDeviceRepository {
  record(sessionId: string, event: string, device: DeviceDescription): void;
  /** Oldest first. */
  list(sessionId: string): TrackedDeviceEvent[];
  /** Returns how many events were deleted. */
  deleteAll(sessionId: string): number;
}

// ───────────────────────────── idempotency ─────────────────────────────

/**
 * Responses of client-API writes keyed by the client's `Idempotency-Key`, so a resent request
 * (e.g. the kiosk's outbox after a crash) gets the first answer instead of a duplicate write.
 * Call remember() inside the write's own transaction (media.put's `then`, or transaction()).
 */
export interface IdempotentWrite {
  response: JsonObject;
  /** What the caller passed to remember() to recognise the same request again; null if nothing. */
  requestHash: string | null;
}

export interface IdempotencyRegistry {
  /** The response (and request hash) recorded for (sessionId, key), or null. */
  recall(sessionId: string, key: string): IdempotentWrite | null;
  /** Records it; CONFLICT if the key is already recorded for the session. Deleted with the session. */
  remember(sessionId: string, key: string, response: JsonObject, requestHash?: string | null): void;
}

// ───────────────────────────── the store ─────────────────────────────

/** The synchronous repositories, usable inside a transaction. */
export interface IdvStoreTx {
  apps: AppRepository;
  nonces: NonceRegistry;
  sessions: Omit<SessionRepository, 'delete'>;
  resources: ResourceRepository;
  devices: TrackedDeviceRepository;
  idempotency: IdempotencyRegistry;
}

export interface SweepReport {
  /** Sessions whose client token expired while ONGOING: now EXPIRED. */
  sessionsExpired: number;
  /** Sessions past resourcesExpireAt: deleted with their keys and media. */
  sessionsDeleted: number;
  noncesDeleted: number;
}

export interface IdvStore extends IdvStoreTx {
  media: MediaStore;
  /** Sealed personal records of a session (IBV profiles, instructions, emails, consent). */
  records: import('./sessionRecords').SessionRecordStore;
  /** IBV branch stations, letter codes and branch capture tokens. */
  branch: import('./branchRepository').BranchRepository;
  /** Ids of ONGOING sessions whose client token has lapsed (the next sweep expires them). */
  lapsedTokenSessions(): string[];
  sessions: SessionRepository;
  /**
   * Runs fn in one SQLite transaction (synchronous: no await inside). Throwing rolls everything
   * back. Nested calls join the outer transaction.
   */
  transaction<T>(fn: (tx: IdvStoreTx) => T): T;
  /** Applies TTLs at `now()`; the server calls it on a timer. */
  sweepExpired(): Promise<SweepReport>;
  /** Absolute path of the data directory. */
  readonly dataDir: string;
  close(): void;
}

export interface OpenIdvStoreOptions {
  dataDir: string;
  /**
   * 32-byte master key wrapping the per-session data keys. The kiosk passes one protected by
   * Electron's safeStorage; when omitted, DATA_DIR/master.key (mode 0600) is used/created.
   */
  masterKey?: Buffer;
  /** Clock, for tests of TTLs (epoch ms). */
  now?: () => number;
}

/** SHA-256 hex of a client session token, as stored. */
export type TokenHash = string;
