// The single IPC contract between the renderer and the main process. Both sides import this
// module: the preload exposes one function per invoke channel, main registers one validated
// handler per channel, and events flow main → renderer on the typed event channels below.
// Nothing here may ever carry an SDK key, a client session token or a file path: the renderer
// gets an opaque session handle and data it is allowed to show.
import { z } from 'zod';
import { DECISIONS } from '../decisions';
import { KIOSK_MODES } from '../kioskMode';
import { CAPTURE_METHODS, DOCUMENT_TYPES, PAGE_SIDES, RECOMMENDATIONS } from '../documents';
import { adminContract } from './adminChannels';
import { hostedContract, hostedEvents } from './hostedChannels';
import { chipContract, chipEvents } from './chipChannels';
import { branchContract } from './branchChannels';
import { reviewContract } from './reviewChannels';

export const MAX_IMAGE_BYTES = 15 * 1024 * 1024;

const handle = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'not a session handle');
const country = z.string().regex(/^[A-Z]{3}$/, 'issuing country must be an ISO 3166-1 alpha-3 code');
const imageBytes = z
  .instanceof(Uint8Array)
  .refine((b) => b.byteLength > 0, 'image is empty')
  .refine((b) => b.byteLength <= MAX_IMAGE_BYTES, `image is larger than ${MAX_IMAGE_BYTES} bytes`);
const imageMime = z.enum(['image/jpeg', 'image/png']);

/** An image main hands to the renderer: bytes and their type, never a URL or a path. */
export const MediaImage = z.object({ bytes: imageBytes, mime: imageMime });
export type MediaImage = z.infer<typeof MediaImage>;

/** Where results come from: the UI must label a local-service result as such. */
export const ServiceInfo = z.object({
  kind: z.enum(['embedded', 'standalone', 'yoti']),
  /** Human-readable: common/serviceLabel.ts for the local service, "Yoti IDV (cloud)" for Yoti. */
  label: z.string(),
  baseUrl: z.string(),
});
export type ServiceInfo = z.infer<typeof ServiceInfo>;

export const DocumentOption = z.object({
  issuingCountry: country,
  documentTypes: z.array(z.object({ type: z.enum(DOCUMENT_TYPES), pages: z.array(z.enum(PAGE_SIDES)) })),
});
export type DocumentOption = z.infer<typeof DocumentOption>;

export const CaptureFeedback = z.object({
  /** True when the page is good enough to keep; false asks for a retake. */
  acceptable: z.boolean(),
  /** Machine codes, e.g. BLURRED, GLARE, NO_DOCUMENT, UNREADABLE_MRZ, WRONG_DOCUMENT_TYPE. */
  issues: z.array(z.string()),
  /** Optional details for staff (scores). */
  metrics: z.record(z.string(), z.number()).optional(),
});
export type CaptureFeedback = z.infer<typeof CaptureFeedback>;

/**
 * How many more times the person may retake this page (the service's attempts for the document):
 * 0 means a retake would be refused, so the kiosk says what to do instead; null when the service
 * does not say (queued, a face, or a service without attempts).
 */
export const AttemptsRemaining = z.number().int().nonnegative().nullable();

/** Where a document field was read: the page's MRZ, a scanner's MRZ, a barcode, the chip, a sandbox override. */
export const FIELD_SOURCES = ['MRZ', 'SCANNER_MRZ', 'BARCODE', 'CHIP', 'SANDBOX', 'UNKNOWN'] as const;

export const BreakdownItem = z.object({
  subCheck: z.string(),
  result: z.string(),
  details: z.array(z.object({ name: z.string(), value: z.string() })),
});
export const CheckReport = z.object({
  type: z.string(),
  state: z.string(),
  recommendation: z.object({
    value: z.enum(RECOMMENDATIONS),
    reason: z.string().optional(),
    recoverySuggestion: z.string().optional(),
  }),
  breakdown: z.array(BreakdownItem),
});
export type CheckReport = z.infer<typeof CheckReport>;

export const StaffReport = z.object({
  handle,
  source: ServiceInfo,
  sessionState: z.string(),
  documentType: z.string().nullable(),
  issuingCountry: z.string().nullable(),
  checks: z.array(CheckReport),
  documentFields: z.record(z.string(), z.unknown()).nullable(),
  /** The page images and the face capture as bytes (the renderer shows them through object URLs). */
  pages: z.array(z.object({ side: z.enum(PAGE_SIDES), image: MediaImage })),
  face: MediaImage.nullable(),
  /**
   * The document id photo: the portrait the service cut out of the page, which face match compared
   * with `face` (score and threshold are in that check's breakdown). Null, or absent, when the
   * service gave none.
   */
  portrait: MediaImage.nullable().optional(),
  completedAt: z.string().nullable(),
  /**
   * Where each extracted field was read (MRZ, the scanner's MRZ, a barcode, the chip) and which
   * sources disagree on it, from the service's own comparisons. Absent from older builds.
   */
  fieldSources: z
    .array(
      z.object({
        field: z.string().max(64),
        source: z.enum(FIELD_SOURCES),
        /** Other sources that read a different value, or a choice the person made that differs. */
        disagreesWith: z.array(z.enum([...FIELD_SOURCES, 'SELECTED'])),
      }),
    )
    .optional(),
  /** Capture quality of each page as the service measured it (issues are codes, e.g. GLARE). */
  captureNotes: z
    .array(
      z.object({
        side: z.string().max(16),
        acceptable: z.boolean(),
        issues: z.array(z.string().max(40)),
        metrics: z.array(z.object({ name: z.string().max(40), value: z.string().max(40) })),
      }),
    )
    .optional(),
  /** The reference the person can quote for this verification (sessionReference in main). */
  reference: z.string().max(40).optional(),
});
export type StaffReport = z.infer<typeof StaffReport>;
export type FieldSource = (typeof FIELD_SOURCES)[number];

export const DeviceStatus = z.object({
  kind: z.enum(['scanner']),
  id: z.string(),
  label: z.string(),
  connected: z.boolean(),
});
export type DeviceStatus = z.infer<typeof DeviceStatus>;

/** Who is signed in at the staff station: a name to greet and a role; the session token stays in main. */
export const StaffSession = z.object({
  displayName: z.string().max(80),
  role: z.enum(['staff', 'admin']),
  idleTimeoutSeconds: z.number().int().positive(),
  warningSeconds: z.number().int().nonnegative(),
});
export type StaffSession = z.infer<typeof StaffSession>;

export const StaffStatus = z.object({
  /** No admin exists yet: the first-run screen creates one, without a sign-in. */
  needsFirstAdmin: z.boolean(),
  /** Seconds until a sign-in is possible again (0 = not locked). */
  lockedForSeconds: z.number().int().nonnegative(),
  /** Wrong PINs left before the station locks. */
  attemptsLeft: z.number().int().nonnegative(),
  /** The accounts could not be read (IT must restore them): no sign-in, no first-admin setup. */
  unavailable: z.string().max(300).nullable(),
  session: StaffSession.nullable(),
});
export type StaffStatus = z.infer<typeof StaffStatus>;

const accountName = z.string().min(1).max(64);
const credential = z.string().min(1).max(256);

export { DECISIONS };
export const DecisionReason = z.object({
  code: z.string().regex(/^[A-Z][A-Z0-9_]{1,47}$/),
  /** Which decisions this reason goes with. */
  decisions: z.array(z.enum(DECISIONS)).min(1),
});
export type DecisionReason = z.infer<typeof DecisionReason>;

/** Invoke channels: renderer → main, one request and one response each. */
export const invokeContract = {
  getAppInfo: {
    request: z.object({}),
    response: z.object({
      version: z.string(),
      mode: z.enum(KIOSK_MODES),
      service: ServiceInfo,
      idleTimeoutMs: z.number().int().positive(),
      /** The kiosk's configured default UI language (settings), e.g. "en"; absent = the renderer's own default. */
      locale: z.string().max(16).optional(),
      /** Countries (alpha-3) the document screen lists first (settings.likelyCountries); absent = none. */
      likelyCountries: z.array(country).max(30).optional(),
      /**
       * Set only when the embedded local service runs in demo mode: the ICAO specimen issuer is
       * offered and the demo camera (specimen documents, a sample face) may be used instead of a
       * real one. `useDemoCamera`: started with `npm start -- --demo`, so the demo camera is used
       * from the start; otherwise it is offered when no camera is found. Never set with a real service.
       */
      demo: z.object({ useDemoCamera: z.boolean() }).nullable(),
      /** No verification has been completed on this kiosk yet: staff see what to set up next. */
      firstRun: z.boolean(),
    }),
  },
  /** Demo mode only: the pictures the demo camera shows (refused with a real service). */
  getDemoCamera: {
    request: z.object({}),
    response: z.object({
      /** One per document page the demo can show, in the order of the flow. */
      documents: z.array(
        z.object({
          issuingCountry: country,
          documentType: z.enum(DOCUMENT_TYPES),
          side: z.enum(PAGE_SIDES),
          image: MediaImage,
        }),
      ),
      face: MediaImage,
    }),
  },
  startSession: {
    request: z.object({ locale: z.string().max(16) }),
    response: z.object({ handle, documents: z.array(DocumentOption) }),
  },
  selectDocument: {
    request: z.object({ handle, issuingCountry: country, documentType: z.enum(DOCUMENT_TYPES) }),
    response: z.object({ requiredPages: z.array(z.enum(PAGE_SIDES)) }),
  },
  uploadPage: {
    request: z.object({
      handle,
      side: z.enum(PAGE_SIDES),
      image: imageBytes,
      mime: imageMime,
      captureMethod: z.enum(CAPTURE_METHODS),
    }),
    /** 'queued' when the service could not be reached: the outbox keeps it and retries. */
    response: z.object({
      status: z.enum(['uploaded', 'queued']),
      feedback: CaptureFeedback.nullable(),
      attemptsRemaining: AttemptsRemaining,
    }),
  },
  /** A second call for the same session is a retake of the face: it replaces the first. */
  uploadFace: {
    request: z.object({ handle, image: imageBytes, mime: imageMime }),
    response: z.object({ status: z.enum(['uploaded', 'queued']), attemptsRemaining: AttemptsRemaining }),
  },
  submitSession: {
    request: z.object({ handle }),
    response: z.object({ accepted: z.boolean() }),
  },
  /** The staff report: for a signed-in member of staff only (NOT_SIGNED_IN otherwise), in either mode. */
  getReport: {
    request: z.object({ handle }),
    response: StaffReport,
  },
  /** Where the person's session is, and nothing else: what an unattended kiosk's done screen needs. */
  getSessionStatus: {
    request: z.object({ handle }),
    response: z.object({
      state: z.enum(['UPLOADING', 'PROCESSING', 'COMPLETED', 'EXPIRED']),
      /** Once COMPLETED: the reference the person can quote (the same on the staff report). */
      reference: z.string().max(40).optional(),
    }),
  },
  /** Ends the person's session: wipes it from memory and disk (idle timeout, reset, cancel). */
  discardSession: {
    request: z.object({ handle }),
    response: z.object({ discarded: z.boolean() }),
  },
  listDevices: {
    request: z.object({}),
    response: z.array(DeviceStatus),
  },
  /** The staff station: who is signed in, whether the station is locked or needs its first admin. */
  staffStatus: {
    request: z.object({}),
    response: StaffStatus,
  },
  /** Only while no admin exists: creates the first admin and signs them in. */
  staffCreateFirstAdmin: {
    request: z.object({ name: accountName, displayName: z.string().min(1).max(80), pin: credential }),
    response: StaffSession,
  },
  /** WRONG_PIN (with attempts left) or STATION_LOCKED (with the seconds to wait) on failure. */
  staffSignIn: {
    request: z.object({ name: accountName, pin: credential }),
    response: StaffSession,
  },
  staffSignOut: {
    request: z.object({}),
    response: z.object({ signedOut: z.boolean() }),
  },
  /** Staff activity at the station (restarts their idle time). */
  staffActivity: {
    request: z.object({}),
    response: z.object({ session: StaffSession.nullable() }),
  },
  /** The reasons staff pick from (settings), per decision. */
  getDecisionReasons: {
    request: z.object({}),
    response: z.object({ reasons: z.array(DecisionReason) }),
  },
  /**
   * Staff record their decision on the person's verification (signed in only): appended to the
   * audit log with the checks and a hash of the report. Answers the reference the person can quote.
   */
  recordDecision: {
    request: z.object({
      handle,
      decision: z.enum(DECISIONS),
      reasonCode: z.string().regex(/^[A-Z][A-Z0-9_]{1,47}$/),
      note: z.string().max(500).optional(),
    }),
    response: z.object({ reference: z.string().max(40), recordedAt: z.string() }),
  },
  /**
   * After the decision: the customer receipt (no images, minimal personal data) or the business
   * report (every check, the images, the decision), as a PDF (and to the printer when one is set).
   */
  printDocument: {
    /** locale: the person's language, for the receipt (en when absent or not offered). */
    request: z.object({ handle, kind: z.enum(['receipt', 'report']), locale: z.string().max(16).optional() }),
    response: z.object({ pdf: z.instanceof(Uint8Array), printed: z.boolean() }),
  },
  ...adminContract,
  ...hostedContract,
  ...chipContract,
  ...branchContract,
  ...reviewContract,
} as const;

export type InvokeChannel = keyof typeof invokeContract;
export type InvokeRequest<C extends InvokeChannel> = z.input<(typeof invokeContract)[C]['request']>;
export type InvokeResponse<C extends InvokeChannel> = z.infer<(typeof invokeContract)[C]['response']>;
/** A request after main has validated it against the contract (what a handler receives). */
export type ValidRequest<C extends InvokeChannel> = z.output<(typeof invokeContract)[C]['request']>;
/** Main's side of the contract: one handler per channel. A new channel is one entry here and one handler. */
export type InvokeHandlers = {
  [C in InvokeChannel]: (request: ValidRequest<C>) => Promise<InvokeResponse<C>>;
};

/** Events: main → renderer. */
export const eventContract = {
  'upload:progress': z.object({
    handle,
    pending: z.number().int().nonnegative(),
    sent: z.number().int().nonnegative(),
    lastError: z.string().nullable(),
  }),
  'session:state': z.object({
    handle,
    state: z.enum(['UPLOADING', 'PROCESSING', 'COMPLETED', 'EXPIRED', 'FAILED']),
    message: z.string().nullable(),
  }),
  /** The signed-in member of staff is about to be signed out for inactivity. */
  'staff:idle-warning': z.object({ secondsLeft: z.number().int().nonnegative() }),
  /** Staff were signed out (idle, signed out, replaced); the station returns to its PIN screen. */
  'staff:signed-out': z.object({ reason: z.string().max(40) }),
  /** A document scanner was plugged in or out. */
  'device:changed': DeviceStatus,
  /**
   * A hardware scanner read an MRZ (main sends the lines to the service). The screen only says so:
   * it gets how many lines were read, never the MRZ (a name, a birth date, a document number).
   */
  'scanner:mrz': z.object({ lineCount: z.number().int().min(1).max(3) }),
  ...hostedEvents,
  ...chipEvents,
} as const;

export type EventChannel = keyof typeof eventContract;
export type EventPayload<E extends EventChannel> = z.infer<(typeof eventContract)[E]>;

export const IPC_ERROR_CODES = [
  'INVALID_REQUEST',
  'UNKNOWN_SESSION',
  'SESSION_EXPIRED',
  'SERVICE_UNREACHABLE',
  'REJECTED_BY_SERVICE',
  'FORBIDDEN_SENDER',
  'NOT_IN_DEMO_MODE',
  'STAFF_ONLY',
  'NOT_SIGNED_IN',
  'WRONG_PIN',
  'STATION_LOCKED',
  'NOT_ALLOWED',
  'FIRST_ADMIN_EXISTS',
  'ALREADY_DECIDED',
  'NOT_DECIDED',
  /** settings.json is managed by the operator (not writable by the kiosk): nothing was saved. */
  'SETTINGS_READ_ONLY',
  'INTERNAL',
] as const;
export type IpcErrorCode = (typeof IPC_ERROR_CODES)[number];

export type IpcResult<T> =
  { ok: true; value: T } | { ok: false; error: { code: IpcErrorCode; message: string } };

/** The object the preload exposes as `window.kiosk`. */
export type KioskApi = {
  [C in InvokeChannel]: (request: InvokeRequest<C>) => Promise<IpcResult<InvokeResponse<C>>>;
} & {
  on<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

/** Channel names as the preload maps them: `kiosk.invoke.<channel>` / `kiosk.event.<event>`. */
export const invokeChannelName = (c: InvokeChannel): string => `kiosk.invoke.${c}`;
export const eventChannelName = (e: EventChannel): string => `kiosk.event.${e}`;
