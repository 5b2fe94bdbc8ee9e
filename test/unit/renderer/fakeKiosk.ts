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
    // As main does: the report only for a staffed kiosk.
    getReport: vi.fn(async () =>
      (options.mode ?? 'staff') === 'staff' ? ok(report()) : fail('STAFF_ONLY', 'the result is for staff'),
    ),
    getSessionStatus: vi.fn(async () => ok({ state: 'COMPLETED' as const })),
    discardSession: vi.fn(async () => ok({ discarded: true })),
    listDevices: vi.fn(async () => ok([])),
    // The staff station (issue 9) is not in these flows yet.
    staffStatus: vi.fn(async () => fail('NOT_ALLOWED')),
    staffCreateFirstAdmin: vi.fn(async () => fail('NOT_ALLOWED')),
    staffSignIn: vi.fn(async () => fail('NOT_ALLOWED')),
    staffSignOut: vi.fn(async () => fail('NOT_ALLOWED')),
    staffActivity: vi.fn(async () => fail('NOT_ALLOWED')),
    getDecisionReasons: vi.fn(async () => fail('NOT_ALLOWED')),
    recordDecision: vi.fn(async () => fail('NOT_ALLOWED')),
    printDocument: vi.fn(async () => fail('NOT_ALLOWED')),
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
