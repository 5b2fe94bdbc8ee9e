// @vitest-environment happy-dom
// The flow store (machine state + side effects) against a scripted window.kiosk; person data is
// checked in the session, capture and report stores' own state.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { deferred, fail, HANDLE, ok } from './fakeKiosk';
import { image, personDataLeft, setUpFlow, toCapture, type FlowHarness } from './flowHarness';

let h: FlowHarness;
type UploadAnswer = Awaited<ReturnType<FlowHarness['kiosk']['calls']['uploadPage']>>;

beforeEach(() => {
  h = setUpFlow();
});

afterEach(() => {
  expect(h.kiosk.violations).toEqual([]);
  vi.useRealTimers();
  delete window.kiosk;
});

describe('flow store: the happy path', () => {
  it('goes attract → consent → document → capture → review → face → uploading → done → result → attract', async () => {
    const { flow, session, kiosk } = h;
    await flow.init();
    expect(session.appInfo?.service.kind).toBe('embedded');
    expect(flow.state).toEqual({ name: 'attract', ended: null });
    flow.begin();
    expect(flow.step).toBe('consent');
    flow.setLocale('es');
    await flow.acceptConsent();
    expect(kiosk.calls.startSession).toHaveBeenCalledWith({ locale: 'es' });
    expect(flow.step).toBe('document');
    expect(session.handle).toBe(HANDLE);
    expect(session.country).toBe('UTO'); // only one country offered: chosen for the person
    expect(session.documentTypesForCountry.map((d) => d.type)).toEqual(['PASSPORT', 'NATIONAL_ID']);

    await flow.chooseDocumentType('PASSPORT');
    expect(kiosk.calls.selectDocument).toHaveBeenCalledWith({
      handle: HANDLE,
      issuingCountry: 'UTO',
      documentType: 'PASSPORT',
    });
    expect(flow.state).toEqual({ name: 'capture', pages: ['front'], side: 'front' });

    await flow.pageCaptured(image());
    expect(flow.step).toBe('review');
    const sent = kiosk.calls.uploadPage.mock.calls[0]![0] as {
      side: string;
      image: Uint8Array;
      captureMethod: string;
    };
    expect(sent.side).toBe('front');
    expect(Array.from(sent.image)).toEqual([0xff, 0xd8, 1]);
    expect(flow.currentPage?.status).toBe('accepted');
    expect(flow.currentPage?.url).toMatch(/^blob:fake\//);

    flow.confirmPage();
    expect(flow.step).toBe('face'); // a passport has no back
    expect(h.capture.heldPage('front')).toBeNull(); // the page's bytes are with main now

    await flow.faceCaptured(image(2));
    expect(kiosk.calls.uploadFace).toHaveBeenCalledTimes(1);
    expect(kiosk.calls.submitSession).toHaveBeenCalledWith({ handle: HANDLE });
    expect(flow.state).toEqual({ name: 'uploading', stage: 'waiting' });

    kiosk.emit('upload:progress', { handle: HANDLE, pending: 1, sent: 2, lastError: null });
    expect(session.upload).toEqual({ pending: 1, sent: 2, lastError: null });
    kiosk.emit('session:state', { handle: HANDLE, state: 'COMPLETED', message: null });
    await vi.waitFor(() => expect(flow.step).toBe('done'));
    expect(kiosk.calls.getSessionStatus).toHaveBeenCalledWith({ handle: HANDLE });
    expect(kiosk.calls.getReport).not.toHaveBeenCalled();
    flow.showResult();
    expect(flow.step).toBe('staffPin'); // never the result without a sign-in
    await flow.staffSignIn('ada', '2468');
    expect(flow.step).toBe('result');
    expect(h.reports.report?.source.kind).toBe('embedded');
    // The report's images are shown through object URLs made from its bytes.
    expect(h.reports.images.pages).toEqual([{ side: 'front', url: expect.stringMatching(/^blob:fake\//) }]);
    expect(h.reports.images.face).toMatch(/^blob:fake\//);

    await flow.endSession('finished');
    expect(flow.state).toEqual({ name: 'attract', ended: 'finished' });
    expect(kiosk.calls.discardSession).toHaveBeenCalledWith({ handle: HANDLE });
    expect(personDataLeft(h)).toEqual([]);
    expect(session.locale).toBe('en');
  });

  it('captures the back when the document has one, then the face', async () => {
    h = setUpFlow({ pages: ['front', 'back'] });
    const { flow, kiosk } = h;
    await toCapture(h, 'NATIONAL_ID');
    expect(h.session.hasBack).toBe(true);
    await flow.pageCaptured(image(1));
    flow.confirmPage();
    expect(flow.state).toEqual({ name: 'capture', pages: ['front', 'back'], side: 'back' });
    await flow.pageCaptured(image(2));
    expect(kiosk.calls.uploadPage.mock.calls.map((c) => (c[0] as { side: string }).side)).toEqual([
      'front',
      'back',
    ]);
    flow.confirmPage();
    expect(flow.step).toBe('face');
  });

  it('ignores events for another session', async () => {
    await toCapture(h);
    h.kiosk.emit('upload:progress', {
      handle: 'someone_elses_handle_000',
      pending: 9,
      sent: 9,
      lastError: 'x',
    });
    h.kiosk.emit('session:state', { handle: 'someone_elses_handle_000', state: 'EXPIRED', message: null });
    expect(h.session.upload.pending).toBe(0);
    expect(h.flow.step).toBe('capture');
  });
});

describe('flow store: review and retake', () => {
  it('shows the service feedback and retakes, revoking the old photo', async () => {
    h.kiosk.calls.uploadPage.mockResolvedValueOnce(
      ok({ status: 'uploaded', feedback: { acceptable: false, issues: ['BLURRED'] }, attemptsRemaining: 2 }),
    );
    const { flow } = h;
    await toCapture(h);
    await flow.pageCaptured(image(1));
    expect(flow.currentPage?.status).toBe('rejected');
    expect(flow.currentPage?.feedback?.issues).toEqual(['BLURRED']);
    const firstUrl = flow.currentPage!.url!;
    flow.retake();
    expect(flow.step).toBe('capture');
    expect(h.revoke).toHaveBeenCalledWith(firstUrl);
    expect(h.capture.pages).toEqual({});
    await flow.pageCaptured(image(2));
    expect(flow.currentPage?.status).toBe('accepted');
  });

  it('does not let a late answer about a retaken photo overwrite the new one', async () => {
    const late = deferred<UploadAnswer>();
    h.kiosk.calls.uploadPage.mockReturnValueOnce(late.promise);
    const { flow } = h;
    await toCapture(h);
    const first = flow.pageCaptured(image(1));
    await vi.waitFor(() => expect(h.kiosk.calls.uploadPage).toHaveBeenCalledTimes(1));
    expect(flow.currentPage?.status).toBe('checking');
    flow.retake();
    await flow.pageCaptured(image(2));
    expect(flow.currentPage?.status).toBe('accepted');
    late.resolve(
      ok({ status: 'uploaded', feedback: { acceptable: false, issues: ['GLARE'] }, attemptsRemaining: 1 }),
    );
    await first; // the stale answer has been handled
    expect(flow.currentPage?.status).toBe('accepted');
    expect(flow.currentPage?.feedback).toEqual({ acceptable: true, issues: [] });
  });

  it('cannot confirm while the photo is still being checked', async () => {
    const held = deferred<UploadAnswer>();
    h.kiosk.calls.uploadPage.mockReturnValueOnce(held.promise);
    const { flow } = h;
    await toCapture(h);
    void flow.pageCaptured(image(1));
    flow.confirmPage();
    expect(flow.step).toBe('review');
    held.resolve(ok({ status: 'queued', feedback: null, attemptsRemaining: null }));
    await vi.waitFor(() => expect(flow.currentPage?.status).toBe('queued')); // kept by main's outbox: the person may go on
    flow.confirmPage();
    expect(flow.step).toBe('face');
  });
});

describe('flow store: the session ends (idle timeout, cancel, finish)', () => {
  it('the timeout discards the session and forgets images, URLs and the report', async () => {
    const { flow, kiosk } = h;
    await toCapture(h);
    await flow.pageCaptured(image(1));
    flow.confirmPage();
    await flow.faceCaptured(image(2));
    kiosk.emit('session:state', { handle: HANDLE, state: 'COMPLETED', message: null });
    await vi.waitFor(() => expect(flow.step).toBe('done'));
    flow.showResult();
    await flow.staffSignIn('ada', '2468');
    expect(h.reports.report?.handle).toBe(HANDLE);
    expect(h.liveUrls.size).toBe(4); // page + face photos, the report's page + face

    await flow.endSession('timeout');
    expect(kiosk.calls.discardSession).toHaveBeenCalledWith({ handle: HANDLE });
    expect(flow.state).toEqual({ name: 'attract', ended: 'timeout' });
    expect(personDataLeft(h)).toEqual([]);
  });

  it('drops results that arrive after the wipe', async () => {
    const late = deferred<UploadAnswer>();
    h.kiosk.calls.uploadPage.mockReturnValueOnce(late.promise);
    const { flow } = h;
    await toCapture(h);
    const sending = flow.pageCaptured(image(1));
    await flow.endSession('timeout');
    late.resolve(
      ok({ status: 'uploaded', feedback: { acceptable: true, issues: [] }, attemptsRemaining: 2 }),
    );
    await sending;
    expect(flow.step).toBe('attract');
    expect(personDataLeft(h)).toEqual([]);
  });

  it('discards a session whose creation finished after the timeout', async () => {
    const late = deferred<Awaited<ReturnType<FlowHarness['kiosk']['calls']['startSession']>>>();
    h.kiosk.calls.startSession.mockReturnValueOnce(late.promise);
    const { flow, kiosk } = h;
    await flow.init();
    flow.begin();
    const starting = flow.acceptConsent();
    await flow.endSession('timeout');
    late.resolve(ok({ handle: 'late_handle_0123456789', documents: [] }));
    await starting;
    await vi.waitFor(() =>
      expect(kiosk.calls.discardSession).toHaveBeenCalledWith({ handle: 'late_handle_0123456789' }),
    );
    expect(h.session.handle).toBeNull();
    expect(flow.step).toBe('attract');
  });

  it('still wipes locally when main cannot be reached to discard', async () => {
    h.kiosk.calls.discardSession.mockResolvedValueOnce(fail('SERVICE_UNREACHABLE'));
    await toCapture(h);
    await h.flow.pageCaptured(image());
    await h.flow.endSession('cancelled');
    expect(personDataLeft(h)).toEqual([]);
  });
});

describe('flow store: error screens and recovery', () => {
  it('service unreachable at start → its own screen, and "try again" recovers', async () => {
    h.kiosk.calls.startSession.mockResolvedValueOnce(fail('SERVICE_UNREACHABLE'));
    const { flow, kiosk } = h;
    await flow.init();
    flow.begin();
    await flow.acceptConsent();
    expect(flow.state).toMatchObject({
      name: 'error',
      error: { kind: 'serviceUnreachable' },
      resume: { to: 'startSession' },
    });
    await flow.tryAgain();
    expect(flow.step).toBe('document');
    expect(kiosk.calls.startSession).toHaveBeenCalledTimes(2);
  });

  it('session expired during an upload → expired screen; the way out is a fresh start', async () => {
    h.kiosk.calls.uploadPage.mockResolvedValueOnce(fail('SESSION_EXPIRED'));
    const { flow } = h;
    await toCapture(h);
    await flow.pageCaptured(image());
    expect(flow.state).toMatchObject({
      name: 'error',
      error: { kind: 'sessionExpired' },
      resume: { to: 'restart' },
    });
    await flow.tryAgain();
    expect(flow.step).toBe('attract');
    expect(h.kiosk.calls.discardSession).toHaveBeenCalledWith({ handle: HANDLE });
    expect(personDataLeft(h)).toEqual([]);
  });

  it('a failed page upload resends the same bytes on "try again"', async () => {
    h.kiosk.calls.uploadPage.mockResolvedValueOnce(fail('INTERNAL'));
    const { flow } = h;
    await toCapture(h);
    await flow.pageCaptured(image(7));
    expect(flow.state).toMatchObject({
      name: 'error',
      error: { kind: 'uploadFailed' },
      resume: { to: 'page' },
    });
    await flow.tryAgain();
    expect(flow.step).toBe('review');
    expect(flow.currentPage?.status).toBe('accepted');
    const resent = h.kiosk.calls.uploadPage.mock.calls[1]![0] as { image: Uint8Array };
    expect(Array.from(resent.image)).toEqual([0xff, 0xd8, 7]);
  });

  it('a failed page upload can also be retaken', async () => {
    h.kiosk.calls.uploadPage.mockResolvedValueOnce(fail('REJECTED_BY_SERVICE'));
    const { flow } = h;
    await toCapture(h);
    await flow.pageCaptured(image());
    const url = h.capture.pages.front?.url;
    flow.retakeAfterError();
    expect(flow.step).toBe('capture');
    expect(h.capture.pages).toEqual({});
    expect(h.revoke).toHaveBeenCalledWith(url);
  });

  it('a failed face upload retries the face, then submits', async () => {
    h.kiosk.calls.uploadFace.mockResolvedValueOnce(fail('INTERNAL'));
    const { flow, kiosk } = h;
    await toCapture(h);
    await flow.pageCaptured(image());
    flow.confirmPage();
    await flow.faceCaptured(image(3));
    expect(flow.state).toMatchObject({
      name: 'error',
      error: { kind: 'uploadFailed' },
      resume: { to: 'face' },
    });
    expect(kiosk.calls.submitSession).not.toHaveBeenCalled();
    await flow.tryAgain();
    expect(kiosk.calls.uploadFace).toHaveBeenCalledTimes(2);
    expect(kiosk.calls.submitSession).toHaveBeenCalledTimes(1);
    expect(flow.state).toEqual({ name: 'uploading', stage: 'waiting' });
  });

  it('a camera missing on the capture screen → its own screen, back to the same capture on "try again"', async () => {
    h = setUpFlow({ pages: ['front', 'back'] });
    const { flow } = h;
    await flow.init();
    flow.cameraUnavailable('noCamera');
    expect(flow.step).toBe('attract'); // nothing to do outside the capture steps
    await toCapture(h, 'NATIONAL_ID');
    await flow.pageCaptured(image());
    flow.confirmPage();
    flow.cameraUnavailable('cameraLost');
    expect(flow.state).toMatchObject({ name: 'error', error: { kind: 'cameraLost', detail: null } });
    flow.cameraRestored();
    expect(flow.state).toEqual({ name: 'capture', pages: ['front', 'back'], side: 'back' });
    flow.cameraUnavailable('noCamera');
    await flow.tryAgain();
    expect(flow.state).toEqual({ name: 'capture', pages: ['front', 'back'], side: 'back' });
  });

  it('the demo camera is offered only in demo mode, and switching to it resumes the capture', async () => {
    await toCapture(h);
    h.flow.cameraUnavailable('noCamera');
    h.flow.switchToDemoCamera();
    expect(h.flow.step).toBe('error'); // a real service: no demo camera
    expect(h.camera.useDemo).toBe(false);

    h = setUpFlow({ demo: { useDemoCamera: false } });
    await toCapture(h);
    expect(h.camera.useDemo).toBe(false);
    h.flow.cameraUnavailable('noCamera');
    h.flow.switchToDemoCamera();
    expect(h.flow.step).toBe('capture');
    expect(h.camera.useDemo).toBe(true);
  });

  it('session expiring while the checks run → expired screen', async () => {
    const { flow, kiosk } = h;
    await toCapture(h);
    await flow.pageCaptured(image());
    flow.confirmPage();
    await flow.faceCaptured(image(2));
    kiosk.emit('session:state', { handle: HANDLE, state: 'EXPIRED', message: 'token expired' });
    expect(flow.state).toMatchObject({ name: 'error', error: { kind: 'sessionExpired' } });
  });

  it('finds the result by polling when no completion event arrives', async () => {
    vi.useFakeTimers();
    h.kiosk.calls.getSessionStatus.mockResolvedValueOnce(ok({ state: 'PROCESSING' }));
    const { flow, kiosk } = h;
    await toCapture(h);
    await flow.pageCaptured(image());
    flow.confirmPage();
    await flow.faceCaptured(image(2));
    expect(flow.step).toBe('uploading');
    await vi.advanceTimersByTimeAsync(1000);
    expect(kiosk.calls.getSessionStatus).toHaveBeenCalledTimes(1);
    expect(flow.step).toBe('uploading'); // still PROCESSING: keep waiting
    await vi.advanceTimersByTimeAsync(1000);
    expect(kiosk.calls.getSessionStatus).toHaveBeenCalledTimes(2);
    expect(flow.step).toBe('done');
    // The done screen never fetched the report: it is for signed-in staff only.
    expect(kiosk.calls.getReport).not.toHaveBeenCalled();
  });

  it('turns a bridge that throws into an error screen, keeping the detail off the screen', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    h.kiosk.calls.startSession.mockRejectedValueOnce(new Error('bridge went away'));
    await h.flow.init();
    h.flow.begin();
    await h.flow.acceptConsent();
    expect(h.flow.state).toMatchObject({
      name: 'error',
      error: { kind: 'unexpected', detail: 'bridge went away' },
    });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('bridge went away'));
    warn.mockRestore();
  });
});

describe('flow store: review shown from the grabbed frame while the photo is encoded', () => {
  function bitmap() {
    return { width: 1920, height: 1080, close: vi.fn() } as unknown as ImageBitmap & {
      close: ReturnType<typeof vi.fn>;
    };
  }

  it('shows the preview at once, cannot be confirmed until the photo arrives, then sends it', async () => {
    const { flow, kiosk } = h;
    await toCapture(h);
    const b = bitmap();
    const token = flow.pageTaken({ bitmap: b, width: 1920, height: 1080, auto: false });
    expect(token).toBeGreaterThan(0);
    expect(flow.step).toBe('review');
    expect(flow.currentPage?.preview).toBe(b);
    expect(flow.currentPage?.url).toBeNull();
    expect(flow.currentPage?.status).toBe('checking');
    expect(kiosk.calls.uploadPage).not.toHaveBeenCalled();
    flow.confirmPage();
    expect(flow.step).toBe('review');

    await flow.pageCaptured(image(3), token);
    expect(flow.currentPage?.url).toMatch(/^blob:fake\//);
    expect(flow.currentPage?.status).toBe('accepted');
    expect(Array.from((kiosk.calls.uploadPage.mock.calls[0]![0] as { image: Uint8Array }).image)).toEqual([
      0xff, 0xd8, 3,
    ]);
    expect(b.close).not.toHaveBeenCalled();
    flow.confirmPage();
    expect(flow.step).toBe('face');
    expect(b.close).toHaveBeenCalled(); // the full-size frame is released once the review is left
    expect(h.capture.pages.front?.preview).toBeNull();
    await flow.endSession('finished');
    expect(personDataLeft(h)).toEqual([]);
  });

  it('releases the grabbed frame with the person data on a wipe', async () => {
    await toCapture(h);
    const b = bitmap();
    h.flow.pageTaken({ bitmap: b, width: 1920, height: 1080, auto: false });
    await h.flow.endSession('timeout');
    expect(b.close).toHaveBeenCalled();
    expect(personDataLeft(h)).toEqual([]);
  });

  it('drops a photo whose preview was retaken meanwhile, and releases the old frame', async () => {
    const { flow, kiosk } = h;
    await toCapture(h);
    const first = bitmap();
    const stale = flow.pageTaken({ bitmap: first, width: 1920, height: 1080, auto: false });
    flow.retake();
    expect(first.close).toHaveBeenCalled();
    expect(flow.step).toBe('capture');
    await flow.pageCaptured(image(4), stale);
    expect(flow.step).toBe('capture');
    expect(kiosk.calls.uploadPage).not.toHaveBeenCalled();
    expect(h.liveUrls.size).toBe(0);
  });

  it('goes back to the camera when the photo cannot be made after the preview', async () => {
    await toCapture(h);
    const b = bitmap();
    const token = h.flow.pageTaken({ bitmap: b, width: 1920, height: 1080, auto: true });
    h.flow.pageTakeFailed(token);
    expect(h.flow.step).toBe('capture');
    expect(h.capture.pages).toEqual({});
    expect(b.close).toHaveBeenCalled();
  });
});
