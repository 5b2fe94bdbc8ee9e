// A scripted window.kiosk for renderer unit tests: every channel is a vi.fn with a default
// answer; tests override answers per call and emit events as main would.
import { vi, type Mock } from 'vitest';
import type {
  EventChannel,
  EventPayload,
  InvokeChannel,
  InvokeResponse,
  IpcErrorCode,
  IpcResult,
  KioskApi,
  StaffReport,
} from '../../../common/ipc/contract';

export const HANDLE = 'hAndle_0123456789abcdef';

export const ok = <T>(value: T): IpcResult<T> => ({ ok: true, value });
export const fail = (code: IpcErrorCode, message = `${code} from fake main`): IpcResult<never> => ({
  ok: false,
  error: { code, message },
});

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
    pages: [{ side: 'front', image: 'data:image/jpeg;base64,AAAA' }],
    face: 'data:image/jpeg;base64,BBBB',
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
}

export function createFakeKiosk(
  // Staff mode by default: most flow tests walk on to the staff result.
  options: { pages?: Array<'front' | 'back'>; idleTimeoutMs?: number; mode?: 'staff' | 'unattended' } = {},
): FakeKiosk {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const calls: Handlers = {
    getAppInfo: vi.fn(async () =>
      ok({
        version: '0.1.0',
        mode: options.mode ?? ('staff' as const),
        service: {
          kind: 'embedded' as const,
          label: 'Local IDV service — not a Yoti verification',
          baseUrl: 'http://127.0.0.1:1',
        },
        idleTimeoutMs: options.idleTimeoutMs ?? 60_000,
      }),
    ),
    startSession: vi.fn(async () =>
      ok({
        handle: HANDLE,
        documents: [
          {
            issuingCountry: 'UTO',
            documentTypes: [
              { type: 'PASSPORT' as const, pages: ['front' as const] },
              { type: 'NATIONAL_ID' as const, pages: ['front' as const, 'back' as const] },
            ],
          },
        ],
        livenessRequired: true,
      }),
    ),
    selectDocument: vi.fn(async () => ok({ requiredPages: options.pages ?? ['front'] })),
    uploadPage: vi.fn(async () =>
      ok({ status: 'uploaded' as const, feedback: { acceptable: true, issues: [] as string[] } }),
    ),
    uploadFace: vi.fn(async () => ok({ status: 'uploaded' as const })),
    submitSession: vi.fn(async () => ok({ accepted: true })),
    getReport: vi.fn(async () => ok(report())),
    discardSession: vi.fn(async () => ok({ discarded: true })),
    listDevices: vi.fn(async () => ok([])),
  };
  const api = Object.fromEntries(
    Object.entries(calls).map(([k, fn]) => [k, (req: unknown) => (fn as (r: unknown) => unknown)(req)]),
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
      for (const l of listeners.get(event) ?? []) l(payload);
    },
    listenerCount: (event) => listeners.get(event)?.size ?? 0,
  };
}

/** A deferred answer, to hold a call in flight while the test does something else. */
export function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
