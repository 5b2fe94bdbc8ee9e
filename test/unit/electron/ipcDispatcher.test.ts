// Main's side of the contract without Electron: requests and answers parsed against the contract,
// failures as IpcResult errors, events validated before they are sent.
import { describe, expect, it } from 'vitest';
import { createIpcDispatcher, createKioskEventHub, toIpcError } from '../../../electron/host/ipcDispatcher';
import { STAFF_ERROR_CODES, StaffError } from '../../../electron/services/staff/staffErrors';
import type { InvokeHandlers } from '../../../common/ipc/contract';
import { KioskServiceError } from '../../../electron/services/serviceErrors';
import { loggerInto } from '../../support/recordingLogger';

const unused = async (): Promise<never> => {
  throw new Error('not called');
};

function handlers(overrides: Partial<InvokeHandlers>): InvokeHandlers {
  return {
    getAppInfo: unused,
    getDemoCamera: unused,
    startSession: unused,
    selectDocument: unused,
    uploadPage: unused,
    uploadFace: unused,
    submitSession: unused,
    getReport: unused,
    getSessionStatus: unused,
    discardSession: unused,
    listDevices: unused,
    ...overrides,
  } as InvokeHandlers;
}

describe('createIpcDispatcher', () => {
  it('refuses unknown channels and malformed requests before any handler runs', async () => {
    let called = 0;
    const d = createIpcDispatcher(handlers({ discardSession: async () => (called++, { discarded: true }) }), {
      logger: loggerInto([]),
      isClosed: () => false,
    });
    expect(await d.dispatch('nope', {})).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(await d.dispatch('discardSession', { handle: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: expect.stringContaining('handle') },
    });
    expect(called).toBe(0);
  });

  it('strips what the contract does not name from an answer, and refuses an answer outside it', async () => {
    const logs: string[] = [];
    const d = createIpcDispatcher(
      handlers({
        discardSession: async () => ({ discarded: true, sessionId: 'secret-session-id' }) as never,
        listDevices: async () => [{ kind: 'camera', id: 'x', label: 'y', connected: true }] as never,
      }),
      { logger: loggerInto(logs), isClosed: () => false },
    );
    expect(await d.dispatch('discardSession', { handle: 'h'.repeat(20) })).toEqual({
      ok: true,
      value: { discarded: true },
    });
    expect(await d.dispatch('listDevices', {})).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(logs.join('\n')).toContain('response outside the contract');
  });

  it('turns a thrown service error into its code, anything else into INTERNAL, and says when closed', async () => {
    let closed = false;
    const d = createIpcDispatcher(
      handlers({
        getDemoCamera: async () => {
          throw new KioskServiceError('NOT_IN_DEMO_MODE', 'no demo here');
        },
        listDevices: async () => {
          throw new Error('a path /home/x/secret in a stack');
        },
      }),
      { logger: loggerInto([]), isClosed: () => closed },
    );
    expect(await d.dispatch('getDemoCamera', {})).toEqual({
      ok: false,
      error: { code: 'NOT_IN_DEMO_MODE', message: 'no demo here' },
    });
    expect(await d.dispatch('listDevices', {})).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'The kiosk service hit an unexpected problem.' },
    });
    closed = true;
    expect(await d.dispatch('listDevices', {})).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });
});

describe('createKioskEventHub', () => {
  it('sends valid events to every listener and drops a malformed one (never the MRZ itself)', () => {
    const logs: string[] = [];
    const hub = createKioskEventHub(loggerInto(logs));
    const got: unknown[] = [];
    const off = hub.onEvent((event, payload) => got.push([event, payload]));
    hub.emit('scanner:mrz', { lineCount: 2 });
    hub.emit('scanner:mrz', { lines: ['P<UTOERIKSSON<<ANNA<MARIA'] } as never);
    off();
    hub.emit('scanner:mrz', { lineCount: 3 });
    expect(got).toEqual([['scanner:mrz', { lineCount: 2 }]]);
    expect(logs.join('\n')).toContain('dropped a malformed event');
    expect(logs.join('\n')).not.toContain('ERIKSSON');
  });
});

describe("the staff service's errors at the boundary", () => {
  it('keep their words; LOCKED is STATION_LOCKED; account-admin codes are INVALID_REQUEST; a damaged store is INTERNAL', () => {
    const ipc = Object.fromEntries(STAFF_ERROR_CODES.map((c) => [c, toIpcError(new StaffError(c, `said ${c}`)).code]));
    expect(ipc).toEqual({
      INVALID_REQUEST: 'INVALID_REQUEST',
      WRONG_PIN: 'WRONG_PIN',
      LOCKED: 'STATION_LOCKED',
      NOT_SIGNED_IN: 'NOT_SIGNED_IN',
      NOT_ALLOWED: 'NOT_ALLOWED',
      FIRST_ADMIN_EXISTS: 'FIRST_ADMIN_EXISTS',
      NAME_TAKEN: 'INVALID_REQUEST',
      UNKNOWN_ACCOUNT: 'INVALID_REQUEST',
      STORE_CORRUPT: 'INTERNAL',
      STORE_IO: 'INTERNAL',
    });
    expect(toIpcError(new StaffError('LOCKED', 'Too many wrong PINs. Try again in 30 s.', { retryAfterSeconds: 30 }))).toEqual({
      code: 'STATION_LOCKED',
      message: 'Too many wrong PINs. Try again in 30 s.',
    });
  });
});
