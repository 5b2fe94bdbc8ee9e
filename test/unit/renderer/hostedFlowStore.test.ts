// @vitest-environment happy-dom
// The flow store in hosted capture (capture: "hosted"): after consent main opens the service's page
// (startHostedCapture), hosted:ended moves the flow on, Cancel and the idle reset end the page
// (endHostedCapture), and the customer idle timer is off while the page is up.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { deferred, fail, HANDLE, ok } from './fakeKiosk';
import { personDataLeft, setUpFlow, type FlowHarness } from './flowHarness';

let h: FlowHarness;
const LIMITS = ['SCANNER_MRZ', 'CHIP', 'DEMO_CAMERA'] as const;

beforeEach(() => {
  h = setUpFlow();
  h.kiosk.calls.getCaptureMode.mockResolvedValue(ok({ capture: 'hosted', limitations: [...LIMITS] }));
});

afterEach(() => {
  expect(h.kiosk.violations).toEqual([]);
  vi.useRealTimers();
  delete window.kiosk;
});

async function toHostedPage(): Promise<void> {
  await h.flow.init();
  h.flow.begin();
  h.flow.setLocale('fr');
  await h.flow.acceptConsent();
}

describe('flow store: hosted capture', () => {
  it('consent → the hosted page (no kiosk session, no document screen) → SUCCESS → waiting → done', async () => {
    const { flow, kiosk, session } = h;
    await toHostedPage();
    expect(kiosk.calls.getCaptureMode).toHaveBeenCalled();
    expect(kiosk.calls.startHostedCapture).toHaveBeenCalledWith({ locale: 'fr' });
    expect(kiosk.calls.startSession).not.toHaveBeenCalled();
    expect(flow.state).toEqual({ name: 'hosted', phase: 'open', handle: HANDLE });
    expect(session.handle).toBe(HANDLE);
    expect(flow.hostedLimitations).toEqual(LIMITS);
    expect(flow.idleWatched).toBe(false); // main holds the session while the person is on the page

    kiosk.emit('hosted:ended', { handle: HANDLE, outcome: 'SUCCESS', code: null, message: 'The documents were sent for checking.' });
    expect(flow.state).toEqual({ name: 'uploading', stage: 'waiting' });
    expect(flow.idleWatched).toBe(true);
    kiosk.emit('session:state', { handle: HANDLE, state: 'COMPLETED', message: null });
    await vi.waitFor(() => expect(flow.step).toBe('done'));
    expect(kiosk.calls.getSessionStatus).toHaveBeenCalledWith({ handle: HANDLE });
    expect(kiosk.calls.endHostedCapture).not.toHaveBeenCalled();
  });

  it('follows the result by polling when no session:state arrives after SUCCESS', async () => {
    vi.useFakeTimers();
    h.kiosk.calls.getSessionStatus
      .mockResolvedValueOnce(ok({ state: 'PROCESSING' }))
      .mockResolvedValue(ok({ state: 'COMPLETED', reference: 'V-1' }));
    await toHostedPage();
    h.kiosk.emit('hosted:ended', { handle: HANDLE, outcome: 'SUCCESS', code: null, message: 'sent' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(h.flow.step).toBe('uploading');
    await vi.advanceTimersByTimeAsync(1000);
    expect(h.flow.step).toBe('done');
    expect(h.kiosk.calls.getSessionStatus).toHaveBeenCalledTimes(2);
  });

  it('ERROR with Yoti’s code: the problem screen with the words, the handle dropped; try again opens a new page', async () => {
    const { flow, kiosk, session } = h;
    await toHostedPage();
    kiosk.emit('hosted:ended', { handle: HANDLE, outcome: 'ERROR', code: 3002, message: 'The camera could not be used.' });
    expect(flow.state).toEqual({ name: 'hostedProblem', problem: 'ERROR', code: 3002, message: 'The camera could not be used.' });
    expect(session.handle).toBeNull();
    expect(flow.idleWatched).toBe(true);

    const second = 'second_handle_0123456789';
    kiosk.calls.startHostedCapture.mockResolvedValueOnce(ok({ handle: second, limitations: [] }));
    await flow.retryHosted();
    expect(kiosk.calls.startHostedCapture).toHaveBeenCalledTimes(2);
    expect(flow.state).toEqual({ name: 'hosted', phase: 'open', handle: second });
  });

  it('the service unreachable before the page: SERVICE_UNREACHABLE with main’s words', async () => {
    h.kiosk.calls.startHostedCapture.mockResolvedValueOnce(fail('SERVICE_UNREACHABLE', 'the service did not answer'));
    await toHostedPage();
    expect(h.flow.state).toEqual({
      name: 'hostedProblem',
      problem: 'SERVICE_UNREACHABLE',
      code: null,
      message: 'the service did not answer',
    });
    expect(h.session.handle).toBeNull();
  });

  it('ignores hosted:ended for another handle', async () => {
    await toHostedPage();
    h.kiosk.emit('hosted:ended', { handle: 'someone_else_0123456789', outcome: 'SUCCESS', code: null, message: 'x' });
    expect(h.flow.state).toEqual({ name: 'hosted', phase: 'open', handle: HANDLE });
  });

  it('Cancel ends the page through main (endHostedCapture, not discardSession) and leaves nothing', async () => {
    await toHostedPage();
    await h.flow.endSession('cancelled');
    expect(h.kiosk.calls.endHostedCapture).toHaveBeenCalledWith({ handle: HANDLE });
    expect(h.kiosk.calls.discardSession).not.toHaveBeenCalled();
    expect(h.flow.state).toEqual({ name: 'attract', ended: 'cancelled' });
    expect(personDataLeft(h)).toEqual([]);
  });

  it('a reset while the page is still opening ends it as soon as main answers', async () => {
    const answer = deferred<Awaited<ReturnType<FlowHarness['kiosk']['calls']['startHostedCapture']>>>();
    h.kiosk.calls.startHostedCapture.mockReturnValueOnce(answer.promise);
    await h.flow.init();
    h.flow.begin();
    const opening = h.flow.acceptConsent();
    expect(h.flow.state).toEqual({ name: 'hosted', phase: 'starting' });
    await h.flow.endSession('timeout');
    answer.resolve(ok({ handle: HANDLE, limitations: [] }));
    await opening;
    await vi.waitFor(() => expect(h.kiosk.calls.endHostedCapture).toHaveBeenCalledWith({ handle: HANDLE }));
    expect(h.flow.state).toEqual({ name: 'attract', ended: 'timeout' });
    expect(personDataLeft(h)).toEqual([]);
  });

  it('the page closed by main (another person, every session wiped): back to attract, nothing kept', async () => {
    await toHostedPage();
    h.kiosk.emit('hosted:ended', { handle: HANDLE, outcome: 'VIEW_CLOSED', code: null, message: 'A new person started.' });
    expect(h.flow.state).toEqual({ name: 'attract', ended: 'cancelled' });
    expect(personDataLeft(h)).toEqual([]);
  });

  it('kiosk capture (the default) still goes through the kiosk’s own screens', async () => {
    h.kiosk.calls.getCaptureMode.mockResolvedValue(ok({ capture: 'kiosk', limitations: [] }));
    await toHostedPage();
    expect(h.kiosk.calls.startHostedCapture).not.toHaveBeenCalled();
    expect(h.kiosk.calls.startSession).toHaveBeenCalledWith({ locale: 'fr' });
    expect(h.flow.step).toBe('document');
  });

  it('reads the capture mode again for the next person (the admin switched it)', async () => {
    h.kiosk.calls.getCaptureMode.mockResolvedValueOnce(ok({ capture: 'kiosk', limitations: [] }));
    await h.flow.init();
    expect(h.flow.captureMode).toBe('kiosk');
    h.flow.begin();
    await vi.waitFor(() => expect(h.flow.captureMode).toBe('hosted'));
    await h.flow.acceptConsent();
    expect(h.flow.step).toBe('hosted');
  });
});
