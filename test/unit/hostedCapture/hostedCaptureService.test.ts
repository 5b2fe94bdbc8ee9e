// Hosted capture's orchestration in main, with a fake view and a fake kiosk service: the page is
// launched by URL from main (the handle is all the renderer gets), SUCCESS and ERROR (Yoti's code
// in words) end it, and a page that does not load, one that dies, no answer in time, a cancel and
// a new person each close and clear the view and wipe the session.
import { describe, expect, it, vi } from 'vitest';
import type { EventChannel } from '../../../common/ipc/contract';
import { createHostedCapture, hostedPageUrl, type HostedViewPort } from '../../../electron/services/hostedCapture';

const TOKEN = 'secret-token-0123456789abcdef';

function setup(options: { load?: 'ok' | 'fail'; mode?: 'kiosk' | 'hosted' } = {}) {
  const events: Array<{ event: EventChannel; payload: unknown }> = [];
  const calls: string[] = [];
  let n = 0;
  const kiosk = {
    startHostedSession: vi.fn(async () => {
      n++;
      return { handle: `handle-${n}-abcdefghijklmnop`, launch: { sessionId: `sess${n}`, clientSessionToken: TOKEN } };
    }),
    hostedSubmitted: vi.fn((h: string) => void calls.push(`submitted ${h}`)),
    holdForReview: vi.fn((h: string) => void calls.push(`hold ${h}`)),
    release: vi.fn((h: string) => void calls.push(`release ${h}`)),
    handlers: {
      discardSession: vi.fn(async ({ handle }: { handle: string }) => {
        calls.push(`discard ${handle}`);
        return { discarded: true };
      }),
    },
  };
  const page: { onMessage?: (d: unknown) => void; onGone?: (why: string) => void; url?: string; origin?: string } = {};
  const view: HostedViewPort = {
    open: vi.fn(async (o) => {
      Object.assign(page, o);
      calls.push('open');
      if (options.load === 'fail') throw new Error('net::ERR_CONNECTION_REFUSED');
    }),
    close: vi.fn(async () => void calls.push('close')),
  };
  const timers: Array<{ fn: () => void; ms: number; cancelled: boolean }> = [];
  const hosted = createHostedCapture({
    kiosk: kiosk as never,
    apiBaseUrl: 'http://127.0.0.1:4100/idverify/v1',
    captureMode: () => options.mode ?? 'hosted',
    emit: (event, payload) => events.push({ event, payload }),
    timeoutMs: 60_000,
    setTimer: (fn, ms) => {
      const t = { fn, ms, cancelled: false };
      timers.push(t);
      return { cancel: () => (t.cancelled = true) };
    },
  });
  hosted.attachView(view);
  return { hosted, kiosk, view, page, events, calls, timers };
}

describe('hosted capture in main', () => {
  it("launches Yoti's URL method from main; the renderer gets a handle, never the token", async () => {
    const s = setup();
    const started = await s.hosted.handlers.startHostedCapture({ locale: 'en' });
    expect(started).toEqual({ handle: 'handle-1-abcdefghijklmnop', limitations: ['SCANNER_MRZ', 'CHIP', 'DEMO_CAMERA'] });
    expect(JSON.stringify(started)).not.toContain(TOKEN);
    expect(s.page.url).toBe(`http://127.0.0.1:4100/idverify/v1/web/index.html?sessionID=sess1&sessionToken=${TOKEN}`);
    expect(s.page.origin).toBe('http://127.0.0.1:4100');
    expect(s.timers.map((t) => t.ms)).toEqual([60_000]);
  });

  it('SUCCESS: the view is closed and cleared, the session followed, the renderer told', async () => {
    const s = setup();
    const { handle } = await s.hosted.handlers.startHostedCapture({ locale: 'en' });
    s.page.onMessage?.({ eventType: 'STARTED' });
    s.page.onMessage?.({ eventType: 'SUCCESS' });
    await vi.waitFor(() => expect(s.events).toHaveLength(1));
    // Held from the idle sweep while on the page, released after.
    expect(s.calls).toEqual([`hold ${handle}`, 'open', 'close', `release ${handle}`, `submitted ${handle}`]);
    expect(s.events[0]).toEqual({
      event: 'hosted:ended',
      payload: { handle, outcome: 'SUCCESS', code: null, message: 'The documents were sent for checking.' },
    });
    expect(s.timers[0].cancelled).toBe(true);
    // A late second message changes nothing.
    s.page.onMessage?.({ eventType: 'ERROR', eventCode: 2000 });
    expect(s.events).toHaveLength(1);
  });

  it("ERROR: Yoti's code in words, the session wiped", async () => {
    const s = setup();
    const { handle } = await s.hosted.handlers.startHostedCapture({ locale: 'en' });
    s.page.onMessage?.({ eventType: 'ERROR', eventCode: 4000 });
    await vi.waitFor(() => expect(s.events).toHaveLength(1));
    expect(s.events[0].payload).toEqual({ handle, outcome: 'ERROR', code: 4000, message: 'Camera permission was not granted' });
    expect(s.calls).toEqual([`hold ${handle}`, 'open', 'close', `release ${handle}`, `discard ${handle}`]);
    expect(s.kiosk.hostedSubmitted).not.toHaveBeenCalled();
  });

  it('ignores messages that are not Yoti events', async () => {
    const s = setup();
    await s.hosted.handlers.startHostedCapture({ locale: 'en' });
    s.page.onMessage?.({ eventType: 'SUCCESS!' });
    s.page.onMessage?.('SUCCESS');
    s.page.onMessage?.({ eventType: 'ERROR', eventCode: 'x' });
    expect(s.calls).toEqual(['hold handle-1-abcdefghijklmnop', 'open']);
  });

  it('a page that does not load: SERVICE_UNREACHABLE in words, nothing left', async () => {
    const s = setup({ load: 'fail' });
    await expect(s.hosted.handlers.startHostedCapture({ locale: 'en' })).rejects.toMatchObject({
      code: 'SERVICE_UNREACHABLE',
      message: 'The verification page could not be loaded (net::ERR_CONNECTION_REFUSED).',
    });
    expect(s.calls).toEqual([
      'hold handle-1-abcdefghijklmnop',
      'open',
      'close',
      'release handle-1-abcdefghijklmnop',
      'discard handle-1-abcdefghijklmnop',
    ]);
    expect(s.events[0].payload).toMatchObject({ outcome: 'PAGE_FAILED' });
  });

  it('the service unreachable before the page: its error in words, no view opened, nothing held', async () => {
    const s = setup();
    s.kiosk.startHostedSession.mockRejectedValueOnce(
      Object.assign(new Error('The verification service could not be reached to start a session.'), {
        code: 'SERVICE_UNREACHABLE',
      }),
    );
    await expect(s.hosted.handlers.startHostedCapture({ locale: 'en' })).rejects.toMatchObject({
      code: 'SERVICE_UNREACHABLE',
      message: 'The verification service could not be reached to start a session.',
    });
    expect(s.calls).toEqual([]);
    expect(s.events).toEqual([]);
  });

  it('no answer in time: TIMEOUT, the session wiped', async () => {
    const s = setup();
    const { handle } = await s.hosted.handlers.startHostedCapture({ locale: 'en' });
    s.timers[0].fn();
    await vi.waitFor(() => expect(s.events).toHaveLength(1));
    expect(s.events[0].payload).toEqual({
      handle,
      outcome: 'TIMEOUT',
      code: null,
      message: 'The verification page did not finish in time.',
    });
    expect(s.calls).toEqual([`hold ${handle}`, 'open', 'close', `release ${handle}`, `discard ${handle}`]);
  });

  it('endCurrent (the renderer was reset) ends whoever is on the page', async () => {
    const s = setup();
    const { handle } = await s.hosted.handlers.startHostedCapture({ locale: 'en' });
    await s.hosted.endCurrent('The kiosk screen was reset.');
    expect(s.events[0].payload).toEqual({ handle, outcome: 'VIEW_CLOSED', code: null, message: 'The kiosk screen was reset.' });
    expect(s.calls).toContain(`discard ${handle}`);
  });

  it('the page dying mid-flow, a cancel (walk-away) and a new person each end the capture and wipe it', async () => {
    const s = setup();
    const first = await s.hosted.handlers.startHostedCapture({ locale: 'en' });
    s.page.onGone?.('render process gone');
    await vi.waitFor(() => expect(s.events).toHaveLength(1));
    expect(s.events[0].payload).toMatchObject({ outcome: 'PAGE_FAILED', message: 'The verification page stopped: render process gone' });
    const second = await s.hosted.handlers.startHostedCapture({ locale: 'en' });
    expect(await s.hosted.handlers.endHostedCapture({ handle: second.handle })).toEqual({ ended: true });
    const third = await s.hosted.handlers.startHostedCapture({ locale: 'en' });
    await s.hosted.handlers.startHostedCapture({ locale: 'en' });
    expect(s.calls.filter((c) => c.startsWith('discard'))).toEqual([
      `discard ${first.handle}`,
      `discard ${second.handle}`,
      `discard ${third.handle}`,
    ]);
    expect(s.events.map((e) => (e.payload as { outcome: string }).outcome)).toEqual(['PAGE_FAILED', 'VIEW_CLOSED', 'VIEW_CLOSED']);
  });

  it('refuses in words with kiosk capture or without a view', async () => {
    await expect(setup({ mode: 'kiosk' }).hosted.handlers.startHostedCapture({ locale: 'en' })).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
      message: 'This kiosk captures with its own screens (capture: "kiosk").',
    });
    const s = setup();
    s.hosted.attachView(s.view)();
    await expect(s.hosted.handlers.startHostedCapture({ locale: 'en' })).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
      message: 'This kiosk host cannot show the hosted page (no view for it).',
    });
  });

  it('builds the page URL under the RP base (trailing slash or not)', () => {
    const launch = { sessionId: 's', clientSessionToken: 't' };
    expect(hostedPageUrl('https://api.yoti.com/idverify/v1/', launch)).toBe(
      'https://api.yoti.com/idverify/v1/web/index.html?sessionID=s&sessionToken=t',
    );
  });
});
