import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { loggerInto } from '../../support/recordingLogger';

vi.mock('electron', () => import('./support/electronMock'));

const electronMock = await import('./support/electronMock');
const { FakeWebContents } = electronMock;
const { registerIpcHandlers, isTrustedSender } = await import('../../../electron/main/ipcHandlers');
// Record what the preload exposes when it first loads (it runs exposeInMainWorld on import).
const exposed: Array<[string, unknown]> = [];
const exposeSpy = vi
  .spyOn(electronMock.contextBridge, 'exposeInMainWorld')
  .mockImplementation((k, v) => void exposed.push([k, v]));
const { buildKioskApi } = await import('../../../electron/preload/index');
exposeSpy.mockRestore();
const { eventChannelName, eventContract, invokeChannelName, invokeContract } =
  await import('../../../common/ipc/contract');

function fakeRuntime() {
  const calls: Array<{ channel: string; payload: unknown }> = [];
  const listeners = new Set<(e: string, p: unknown) => void>();
  return {
    calls,
    emit: (e: string, p: unknown) => listeners.forEach((l) => l(e, p)),
    dispatch: async (channel: string, payload: unknown) => {
      calls.push({ channel, payload });
      return { ok: true as const, value: { echoed: channel } };
    },
    onEvent: (l: (e: string, p: unknown) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}

describe('IPC registration in main', () => {
  const appFrame = { url: 'app://kiosk/index.html', parent: null };

  it('registers exactly one handler per contract channel and removes them on dispose', () => {
    const ipc = new electronMock.FakeIpcMain();
    const wc = new FakeWebContents();
    const dispose = registerIpcHandlers(ipc as never, fakeRuntime() as never, () => wc as never);
    expect([...ipc.handlers.keys()].sort()).toEqual(
      Object.keys(invokeContract)
        .map((c) => invokeChannelName(c as never))
        .sort(),
    );
    dispose();
    expect(ipc.handlers.size).toBe(0);
  });

  it('passes calls from the app frame on, and refuses any other sender with FORBIDDEN_SENDER', async () => {
    const ipc = new electronMock.FakeIpcMain();
    const wc = new FakeWebContents();
    const other = new FakeWebContents();
    const runtime = fakeRuntime();
    const warnings: string[] = [];
    registerIpcHandlers(ipc as never, runtime as never, () => wc as never, loggerInto(warnings));
    const call = (event: object, payload: unknown = { handle: 'x' }) =>
      ipc.handlers.get(invokeChannelName('getReport'))!(event, payload);

    expect(await call({ sender: wc, senderFrame: appFrame }, { handle: 'h' })).toEqual({
      ok: true,
      value: { echoed: 'getReport' },
    });
    expect(runtime.calls).toEqual([{ channel: 'getReport', payload: { handle: 'h' } }]);

    const forbidden = {
      ok: false,
      error: { code: 'FORBIDDEN_SENDER', message: 'This caller is not the kiosk app.' },
    };
    expect(await call({ sender: wc, senderFrame: { url: 'https://evil.example/', parent: null } })).toEqual(
      forbidden,
    );
    expect(
      await call({ sender: wc, senderFrame: { url: 'app://kiosk/index.html', parent: appFrame } }),
    ).toEqual(forbidden); // an iframe
    expect(await call({ sender: wc, senderFrame: null })).toEqual(forbidden); // frame already gone
    expect(await call({ sender: other, senderFrame: appFrame })).toEqual(forbidden); // another web contents
    expect(await call({ sender: wc, senderFrame: { url: 'file:///app/index.html', parent: null } })).toEqual(
      forbidden,
    );
    expect(runtime.calls).toHaveLength(1);
    expect(warnings).toHaveLength(5);
  });

  it('sends events only to the kiosk window while it shows the app', () => {
    const ipc = new electronMock.FakeIpcMain();
    const wc = new FakeWebContents();
    const runtime = fakeRuntime();
    const dispose = registerIpcHandlers(ipc as never, runtime as never, () => wc as never);
    wc.url = 'app://kiosk/index.html';
    runtime.emit('scanner:mrz', { lineCount: 2 });
    wc.url = 'https://navigated.example/';
    runtime.emit('scanner:mrz', { lineCount: 3 });
    expect(wc.sent).toEqual([{ channel: eventChannelName('scanner:mrz'), payload: { lineCount: 2 } }]);
    dispose();
    wc.url = 'app://kiosk/index.html';
    runtime.emit('scanner:mrz', { lineCount: 2 });
    expect(wc.sent).toHaveLength(1);
  });

  it('the scanner event carries the number of MRZ lines only: the lines themselves are dropped before the screen', () => {
    // The screen only counts the lines; the MRZ (name, birth date, document number) stays in main.
    const schema = eventContract['scanner:mrz'];
    expect(Object.keys(schema.shape)).toEqual(['lineCount']);
    const lines = [
      'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<',
      'L898902C36UTO7408122F1204159ZE184226B<<<<<10',
    ];
    expect(schema.parse({ lineCount: 2, lines })).toEqual({ lineCount: 2 });
  });

  it('isTrustedSender needs a trusted web contents to exist', () => {
    expect(isTrustedSender({ sender: {} as never, senderFrame: appFrame as never }, () => null)).toBe(false);
  });
});

describe('preload bridge', () => {
  it('exposes exactly one window.kiosk with one function per channel plus on(), and never ipcRenderer', async () => {
    expect(exposed.map(([k]) => k)).toEqual(['kiosk']);
    const api = exposed[0][1] as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([...Object.keys(invokeContract), 'on'].sort());
    for (const v of Object.values(api)) expect(typeof v).toBe('function');
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.values(api)).not.toContain(electronMock.ipcRenderer);
  });

  it('invokes the contract channel and delivers event payloads without the IPC event object', async () => {
    const invoked: Array<[string, unknown]> = [];
    const ipc = Object.assign(new EventEmitter(), {
      invoke: async (channel: string, req: unknown) => {
        invoked.push([channel, req]);
        return { ok: true, value: 1 };
      },
    });
    const api = buildKioskApi(ipc as never);
    expect(await api.startSession({ locale: 'en' })).toEqual({ ok: true, value: 1 });
    expect(invoked).toEqual([['kiosk.invoke.startSession', { locale: 'en' }]]);
    const got: unknown[][] = [];
    const off = api.on('upload:progress', (...args: unknown[]) => got.push(args));
    const ipcEvent = { sender: ipc, senderId: 0 };
    ipc.emit(eventChannelName('upload:progress'), ipcEvent, {
      handle: 'h',
      pending: 1,
      sent: 0,
      lastError: null,
    });
    expect(got).toEqual([[{ handle: 'h', pending: 1, sent: 0, lastError: null }]]);
    off();
    ipc.emit(eventChannelName('upload:progress'), ipcEvent, {
      handle: 'h',
      pending: 0,
      sent: 1,
      lastError: null,
    });
    expect(got).toHaveLength(1);
    expect(ipc.listenerCount(eventChannelName('upload:progress'))).toBe(0);
    expect(() => api.on('no:such' as never, () => undefined)).toThrow('unknown kiosk event "no:such"');
    expect(() => api.on('scanner:mrz', 'nope' as never)).toThrow('listener must be a function');
  });
});
