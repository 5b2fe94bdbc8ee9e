// A scripted window.kiosk for renderer unit tests: every channel is a vi.fn with a default
// answer; tests override answers per call and emit events as main would. Like main, the fake
// checks every request against the IPC contract (an invalid one gets INVALID_REQUEST), and it
// checks its own answers and events too: an answer outside the contract rejects the call with
// FakeOutsideContractError and is listed in `violations`, which each test file checks after each
// test (the renderer's invoke() would otherwise turn the throw into an ordinary INTERNAL error).
import { vi, type Mock } from 'vitest';
import {
  eventContract,
  invokeContract,
  type EventChannel,
  type EventPayload,
  type InvokeChannel,
  type InvokeResponse,
  type IpcErrorCode,
  type IpcResult,
  type KioskApi,
  type MediaImage,
  type StaffReport,
} from '../../../common/ipc/contract';

export const HANDLE = 'hAndle_0123456789abcdef';

export class FakeOutsideContractError extends Error {
  constructor(what: string, issues: string) {
    super(`fake kiosk: ${what} is outside the IPC contract: ${issues}`);
    this.name = 'FakeOutsideContractError';
  }
}

export const ok = <T>(value: T): IpcResult<T> => ({ ok: true, value });
export const fail = (code: IpcErrorCode, message = `${code} from fake main`): IpcResult<never> => ({
  ok: false,
  error: { code, message },
});

/** A tiny JPEG-signed image (the renderer only wraps it in a Blob). */
export function jpeg(tag = 1): MediaImage {
  return { bytes: new Uint8Array([0xff, 0xd8, 0xff, tag]), mime: 'image/jpeg' };
}

export function report(overrides: Partial<StaffReport> = {}): StaffReport {
  return {
    handle: HANDLE,
    source: {
      kind: 'embedded',
      label: 'Local IDV service — not a Yoti verification',
      baseUrl: 'http://127.0.0.1:1',
    },
    sessionState: 'COMPLETED',
    documentType: 'PASSPORT',
    issuingCountry: 'UTO',
    checks: [
      {
        type: 'ID_DOCUMENT_AUTHENTICITY',
        state: 'DONE',
        recommendation: { value: 'APPROVE' },
        breakdown: [{ subCheck: 'mrz_validation', result: 'PASS', details: [] }],
      },
    ],
    documentFields: { family_name: 'ERIKSSON', given_names: 'ANNA MARIA' },
    pages: [{ side: 'front', image: jpeg(1) }],
    face: jpeg(2),
    completedAt: '2026-11-25T20:00:00Z',
    ...overrides,
  };
}

type Handlers = { [C in InvokeChannel]: Mock<(req: unknown) => Promise<IpcResult<InvokeResponse<C>>>> };

export interface FakeKiosk {
  api: KioskApi;
  calls: Handlers;
  emit<E extends EventChannel>(event: E, payload: EventPayload<E>): void;
  listenerCount(event: EventChannel): number;
  /** Answers and events the fake gave outside the contract (should stay empty). */
  violations: string[];
}

export interface FakeKioskOptions {
  pages?: Array<'front' | 'back'>;
  idleTimeoutMs?: number;
  /** Staff mode by default: most flow tests walk on to the staff result. */
  mode?: 'staff' | 'unattended';
  /** Demo mode of the embedded service (null: a real service, no demo camera). */
  demo?: { useDemoCamera: boolean } | null;
  firstRun?: boolean;
  countries?: string[];
  /** Staff accounts as main holds them (name → PIN); none: the station needs its first admin. */
  staff?: Array<{ name: string; displayName: string; pin: string; role?: 'staff' | 'admin' }>;
}

/** The account the fake holds unless a test gives its own (`staff: []`: first run). */
export const FAKE_ADMIN = { name: 'ada', displayName: 'Ada Lovelace', pin: '2468', role: 'admin' as const };

/** Wrong PINs before the station locks, and for how long (as main's staff service). */
export const FAKE_MAX_ATTEMPTS = 5;
export const FAKE_LOCK_SECONDS = 300;

export const FAKE_REASONS = [
  { code: 'DOCUMENT_OK', decisions: ['APPROVE' as const] },
  { code: 'FACE_MISMATCH', decisions: ['REJECT' as const, 'REFER' as const] },
  { code: 'NEEDS_SECOND_LOOK', decisions: ['REFER' as const] },
];

export const FAKE_ADMIN_SETTINGS = {
  kioskId: 'kiosk-fake',
  serviceUrl: null,
  sdkId: null,
  keyFile: null,
  keyFileProblem: null,
  mode: 'staff' as const,
  capture: null,
  demo: true,
  language: 'en',
  idleTimeoutSec: 90,
  staffIdleTimeoutSec: 300,
  scanners: [],
  printers: { receipt: { kind: 'none' as const }, report: { kind: 'none' as const } },
  decisionReasons: FAKE_REASONS,
  audit: { retentionDays: 365, personalData: 'none' as const },
  staffGesture: { corner: 'top-right' as const, taps: 5 },
};
const FAKE_RESTART = ['serviceUrl', 'sdkId', 'keyFile', 'mode', 'demo', 'idleTimeoutSec', 'staffIdleTimeoutSec', 'scanners'] as const;
const FAKE_ACCOUNT = { id: '00000000-0000-4000-8000-000000000001', name: 'ada', displayName: 'Ada', role: 'admin' as const, disabled: false };

function fakeAdmin(isAdmin: () => boolean) {
  const guard = <T,>(value: T) => async () => (isAdmin() ? ok(value) : fail('NOT_ALLOWED'));
  const answer = { settings: FAKE_ADMIN_SETTINGS, restartRequired: [...FAKE_RESTART], pendingRestart: [] };
  return {
    adminGetSettings: vi.fn(guard(answer)),
    adminSaveSettings: vi.fn(guard({ ...answer, saved: true, errors: [], applied: [] })),
    adminListAccounts: vi.fn(guard({ accounts: [FAKE_ACCOUNT] })),
    adminCreateAccount: vi.fn(guard(FAKE_ACCOUNT)),
    adminUpdateAccount: vi.fn(guard(FAKE_ACCOUNT)),
    adminResetPin: vi.fn(guard({ reset: true })),
    adminDiagnostics: vi.fn(
      guard({
        service: { label: 'Local IDV service', kind: 'embedded' as const, reachable: true, latencyMs: 3, detail: 'answered HTTP 200' },
        scanners: [],
        printers: [],
        printersNote: 'no system printing',
      }),
    ),
    adminTestScanner: vi.fn(guard({ read: false, lineCount: 0, format: null, valid: null, detail: 'no scanner' })),
    adminTestPrint: vi.fn(guard({ pdf: new Uint8Array([0x25, 0x50, 0x44, 0x46]), printed: false, detail: 'PDF only' })),
    // The hidden staff entry is asked for before anyone signs in (as main answers it).
    getStaffGesture: vi.fn(async () => ok({ corner: 'top-right' as const, taps: 5 })),
    adminExportAuditKey: vi.fn(guard({ file: '/media/usb/audit.key', keyId: 'fake-key-id', seq: 7 })),
  };
}

export function createFakeKiosk(options: FakeKioskOptions = {}): FakeKiosk {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const violations: string[] = [];
  const outside = (what: string, issues: string): FakeOutsideContractError => {
    const err = new FakeOutsideContractError(what, issues);
    violations.push(err.message);
    return err;
  };
  const demo = options.demo ?? null;
  // The staff station as main keeps it: accounts, wrong PINs counted to a lockout, who is signed
  // in, the decisions recorded. Locking lasts until `unlock` (tests do not wait for the clock).
  const accounts = new Map(
    (options.staff ?? [FAKE_ADMIN]).map((a) => [a.name, { ...a, role: a.role ?? 'staff' }]),
  );
  let wrong = 0;
  let lockedUntil = 0;
  let signedIn: { displayName: string; role: 'staff' | 'admin' } | null = null;
  const decided = new Map<string, string>();
  const lockedFor = () => Math.max(0, Math.ceil((lockedUntil - Date.now()) / 1000));
  const staffSession = () => (signedIn ? { ...signedIn, idleTimeoutSeconds: 120, warningSeconds: 20 } : null);
  const calls: Handlers = {
    getAppInfo: vi.fn(async () =>
      ok({
        version: '0.1.0',
        mode: options.mode ?? 'staff',
        service: {
          kind: 'embedded' as const,
          label: 'Local IDV service — not a Yoti verification',
          baseUrl: 'http://127.0.0.1:1',
        },
        idleTimeoutMs: options.idleTimeoutMs ?? 60_000,
        demo,
        firstRun: options.firstRun ?? false,
      }),
    ),
    getDemoCamera: vi.fn(async () =>
      demo
        ? ok({
            documents: [
              {
                issuingCountry: 'UTO',
                documentType: 'PASSPORT' as const,
                side: 'front' as const,
                image: jpeg(10),
              },
              {
                issuingCountry: 'UTO',
                documentType: 'NATIONAL_ID' as const,
                side: 'front' as const,
                image: jpeg(11),
              },
              {
                issuingCountry: 'UTO',
                documentType: 'NATIONAL_ID' as const,
                side: 'back' as const,
                image: jpeg(12),
              },
            ],
            face: jpeg(20),
          })
        : fail('NOT_IN_DEMO_MODE'),
    ),
    startSession: vi.fn(async () =>
      ok({
        handle: HANDLE,
        documents: (options.countries ?? ['UTO']).map((issuingCountry) => ({
          issuingCountry,
          documentTypes: [
            { type: 'PASSPORT' as const, pages: ['front' as const] },
            { type: 'NATIONAL_ID' as const, pages: ['front' as const, 'back' as const] },
          ],
        })),
      }),
    ),
    selectDocument: vi.fn(async () => ok({ requiredPages: options.pages ?? ['front'] })),
    uploadPage: vi.fn(async () =>
      ok({
        status: 'uploaded' as const,
        feedback: { acceptable: true, issues: [] as string[] },
        attemptsRemaining: 2 as number | null,
      }),
    ),
    uploadFace: vi.fn(async () => ok({ status: 'uploaded' as const, attemptsRemaining: null })),
    submitSession: vi.fn(async () => ok({ accepted: true })),
    // As main does: the report only for signed-in staff (on either kind of kiosk).
    getReport: vi.fn(async () => (signedIn ? ok(report()) : fail('NOT_SIGNED_IN', 'Sign in first.'))),
    getSessionStatus: vi.fn(async () => ok({ state: 'COMPLETED' as const })),
    discardSession: vi.fn(async () => ok({ discarded: true })),
    listDevices: vi.fn(async () => ok([])),
    staffStatus: vi.fn(async () =>
      ok({
        needsFirstAdmin: ![...accounts.values()].some((a) => a.role === 'admin'),
        lockedForSeconds: lockedFor(),
        attemptsLeft: FAKE_MAX_ATTEMPTS - wrong,
        unavailable: null,
        session: staffSession(),
      }),
    ),
    staffCreateFirstAdmin: vi.fn(async (req: unknown) => {
      const r = req as { name: string; displayName: string; pin: string };
      if ([...accounts.values()].some((a) => a.role === 'admin')) return fail('FIRST_ADMIN_EXISTS');
      accounts.set(r.name, { ...r, role: 'admin' });
      signedIn = { displayName: r.displayName, role: 'admin' };
      return ok(staffSession()!);
    }),
    staffSignIn: vi.fn(async (req: unknown) => {
      const r = req as { name: string; pin: string };
      if (lockedFor() > 0) return fail('STATION_LOCKED');
      const a = accounts.get(r.name);
      if (!a || a.pin !== r.pin) {
        wrong++;
        if (wrong >= FAKE_MAX_ATTEMPTS) {
          wrong = 0;
          lockedUntil = Date.now() + FAKE_LOCK_SECONDS * 1000;
          return fail('STATION_LOCKED');
        }
        return fail('WRONG_PIN');
      }
      wrong = 0;
      signedIn = { displayName: a.displayName, role: a.role };
      return ok(staffSession()!);
    }),
    staffSignOut: vi.fn(async () => {
      const was = signedIn !== null;
      signedIn = null;
      return ok({ signedOut: was });
    }),
    staffActivity: vi.fn(async () => ok({ session: staffSession() })),
    getDecisionReasons: vi.fn(async () => (signedIn ? ok({ reasons: FAKE_REASONS }) : fail('NOT_SIGNED_IN'))),
    recordDecision: vi.fn(async (req: unknown) => {
      const r = req as { handle: string };
      if (!signedIn) return fail('NOT_SIGNED_IN');
      if (decided.has(r.handle)) return fail('ALREADY_DECIDED');
      const reference = `KSK-${String(decided.size + 1).padStart(6, '0')}`;
      decided.set(r.handle, reference);
      return ok({ reference, recordedAt: '2026-12-01T11:00:00.000Z' });
    }),
    // As main without a printer: the PDF only.
    printDocument: vi.fn(async (req: unknown) => {
      const r = req as { handle: string };
      if (!signedIn) return fail('NOT_SIGNED_IN');
      if (!decided.has(r.handle)) return fail('NOT_DECIDED');
      return ok({ pdf: new Uint8Array([0x25, 0x50, 0x44, 0x46]), printed: false });
    }),
    // The admin screens (main checks the role): plausible answers for a signed-in admin.
    ...fakeAdmin(() => signedIn?.role === 'admin'),
    // Hosted capture: the kiosk's own screens by default (the embedded service); a hosted test
    // answers getCaptureMode with 'hosted' and emits hosted:ended as main would.
    getCaptureMode: vi.fn(async () => ok({ capture: 'kiosk' as const, limitations: [] })),
    startHostedCapture: vi.fn(async () =>
      ok({ handle: HANDLE, limitations: ['SCANNER_MRZ' as const, 'CHIP' as const, 'DEMO_CAMERA' as const] }),
    ),
    endHostedCapture: vi.fn(async () => ok({ ended: true })),
    // The chip: no reader attached unless a test says otherwise (as on most kiosks).
    getChipStatus: vi.fn(async () => ok({ available: false, reason: 'no chip reader is attached', readers: [] })),
    readChip: vi.fn(async () =>
      ok({ ok: false as const, error: 'NO_READER' as const, message: 'no chip reader is attached' }),
    ),
    cancelChipRead: vi.fn(async () => ok({ cancelled: false })),
    // The in-branch station (main checks the sign-in): a frame without a QR code by default.
    branchOpenLetter: vi.fn(async () => (signedIn ? ok({ outcome: 'NO_CODE' as const }) : fail('NOT_SIGNED_IN'))),
    branchCapturePage: vi.fn(async () => ok({ acceptable: true, issues: [] as string[] })),
    branchCaptureFace: vi.fn(async () => ok({ taken: true as const })),
    branchRecordReview: vi.fn(async () => ok({ decision: 'APPROVE' as const })),
    branchSubmit: vi.fn(async () =>
      ok({ state: 'COMPLETED' as const, reference: 'V-FAKE-000001', checks: [{ type: 'IBV_VISUAL_REVIEW_CHECK', recommendation: 'APPROVE' as const }] }),
    ),
    branchPrintReceipt: vi.fn(async () => ok({ pdf: new Uint8Array([0x25, 0x50, 0x44, 0x46]), printed: false })),
    branchEndVisit: vi.fn(async () => ok({ ended: true })),
    // Expert review (signed-in staff only, as main): nothing waiting by default.
    reviewList: vi.fn(async () => (signedIn ? ok({ service: 'local' as const, sessions: [] }) : fail('NOT_SIGNED_IN'))),
    reviewOpen: vi.fn(async () => (signedIn ? ok({ report: report(), checks: [] }) : fail('NOT_SIGNED_IN'))),
    reviewDecide: vi.fn(async () =>
      signedIn ? ok({ sessionState: 'COMPLETED', report: report(), checks: [] }) : fail('NOT_SIGNED_IN'),
    ),
  };

  async function call(channel: InvokeChannel, req: unknown): Promise<IpcResult<unknown>> {
    const contract = invokeContract[channel];
    const request = contract.request.safeParse(req);
    if (!request.success) return fail('INVALID_REQUEST', request.error.message);
    const result = await (calls[channel] as Mock<(r: unknown) => Promise<IpcResult<unknown>>>)(req);
    if (result.ok) {
      const answer = contract.response.safeParse(result.value);
      if (!answer.success) throw outside(`the ${channel} answer`, answer.error.message);
    }
    return result;
  }

  const channels = Object.keys(invokeContract) as InvokeChannel[];
  const api = Object.fromEntries(
    channels.map((c) => [c, (req: unknown) => call(c, req)]),
  ) as unknown as KioskApi;
  (api as { on: KioskApi['on'] }).on = (event, listener) => {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener as (p: unknown) => void);
    return () => set.delete(listener as (p: unknown) => void);
  };
  return {
    api,
    calls,
    emit(event, payload) {
      const parsed = eventContract[event].safeParse(payload);
      if (!parsed.success) throw outside(`the ${event} event`, parsed.error.message);
      for (const l of listeners.get(event) ?? []) l(payload);
    },
    listenerCount: (event) => listeners.get(event)?.size ?? 0,
    violations,
  };
}

export { createDeferred as deferred } from '../../../common/deferred';
