// @vitest-environment happy-dom
// The kiosk flow state machine (renderer/stores/flow.ts) against a scripted window.kiosk.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { configureFlow, useFlowStore, type CapturedImage } from '../../../renderer/stores/flow';
import { createFakeKiosk, deferred, fail, HANDLE, ok, report, type FakeKiosk } from './fakeKiosk';

let kiosk: FakeKiosk;
let liveUrls: Set<string>;
let urlCounter = 0;
const revoke = vi.fn((u: string) => liveUrls.delete(u));

function image(tag = 1): CapturedImage {
  return {
    bytes: new Uint8Array([0xff, 0xd8, tag]),
    mime: 'image/jpeg',
    width: 1920,
    height: 1080,
    method: 'CAMERA',
    auto: false,
  };
}

async function flushed(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

async function toCapture(
  flow: ReturnType<typeof useFlowStore>,
  type: 'PASSPORT' | 'NATIONAL_ID' = 'PASSPORT',
) {
  await flow.init();
  flow.begin();
  await flow.acceptConsent();
  await flow.chooseDocumentType(type);
}

beforeEach(() => {
  liveUrls = new Set();
  revoke.mockClear();
  configureFlow({
    reportPollMs: 1000,
    createObjectUrl: () => {
      const u = `blob:fake/${++urlCounter}`;
      liveUrls.add(u);
      return u;
    },
    revokeObjectUrl: revoke,
  });
  kiosk = createFakeKiosk();
  window.kiosk = kiosk.api;
  setActivePinia(createPinia());
});

afterEach(() => {
  vi.useRealTimers();
  delete window.kiosk;
});

describe('flow store: the happy path', () => {
  it('goes attract → consent → document → capture → review → face → uploading → done → result → attract', async () => {
    const flow = useFlowStore();
    await flow.init();
    expect(flow.appInfo?.service.kind).toBe('embedded');
    expect(flow.step).toBe('attract');
    flow.begin();
    expect(flow.step).toBe('consent');
    flow.setLocale('es');
    await flow.acceptConsent();
    expect(kiosk.calls.startSession).toHaveBeenCalledWith({ locale: 'es' });
    expect(flow.step).toBe('document');
    expect(flow.handle).toBe(HANDLE);
    expect(flow.country).toBe('UTO'); // only one country offered: chosen for the person
    expect(flow.documentTypesForCountry.map((d) => d.type)).toEqual(['PASSPORT', 'NATIONAL_ID']);

    await flow.chooseDocumentType('PASSPORT');
    expect(kiosk.calls.selectDocument).toHaveBeenCalledWith({
      handle: HANDLE,
      issuingCountry: 'UTO',
      documentType: 'PASSPORT',
    });
    expect(flow.step).toBe('capture');
    expect(flow.side).toBe('front');

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

    flow.confirmPage();
    expect(flow.step).toBe('face'); // a passport has no back

    await flow.faceCaptured(image(2));
    expect(kiosk.calls.uploadFace).toHaveBeenCalledTimes(1);
    expect(kiosk.calls.submitSession).toHaveBeenCalledWith({ handle: HANDLE });
    expect(flow.step).toBe('uploading');

    kiosk.emit('upload:progress', { handle: HANDLE, pending: 1, sent: 2, lastError: null });
    expect(flow.upload).toEqual({ pending: 1, sent: 2, lastError: null });
    kiosk.emit('session:state', { handle: HANDLE, state: 'COMPLETED', message: null });
    await flushed();
    expect(kiosk.calls.getReport).toHaveBeenCalledWith({ handle: HANDLE });
    expect(flow.step).toBe('done');
    flow.showResult();
    expect(flow.step).toBe('result');
    expect(flow.report?.source.kind).toBe('embedded');
    expect(flow.isLocalService).toBe(true);

    await flow.reset();
    expect(flow.step).toBe('attract');
    expect(kiosk.calls.discardSession).toHaveBeenCalledWith({ handle: HANDLE });
    expect(flow.holdsPersonData()).toBe(false);
    expect(liveUrls.size).toBe(0);
    expect(flow.locale).toBe('en');
  });

  it('captures the back when the document has one, then the face', async () => {
    kiosk = createFakeKiosk({ pages: ['front', 'back'] });
    window.kiosk = kiosk.api;
    const flow = useFlowStore();
    await toCapture(flow, 'NATIONAL_ID');
    expect(flow.hasBack).toBe(true);
    await flow.pageCaptured(image(1));
    flow.confirmPage();
    expect(flow.step).toBe('capture');
    expect(flow.side).toBe('back');
    await flow.pageCaptured(image(2));
    expect(kiosk.calls.uploadPage.mock.calls.map((c) => (c[0] as { side: string }).side)).toEqual([
      'front',
      'back',
    ]);
    flow.confirmPage();
    expect(flow.step).toBe('face');
  });

  it('ignores events for another session', async () => {
    const flow = useFlowStore();
    await toCapture(flow);
    kiosk.emit('upload:progress', {
      handle: 'someone_elses_handle_000',
      pending: 9,
      sent: 9,
      lastError: 'x',
    });
    kiosk.emit('session:state', { handle: 'someone_elses_handle_000', state: 'EXPIRED', message: null });
    expect(flow.upload.pending).toBe(0);
    expect(flow.step).toBe('capture');
  });
});

describe('flow store: review and retake', () => {
  it('shows the service feedback and retakes, dropping the old preview', async () => {
    kiosk.calls.uploadPage.mockResolvedValueOnce(
      ok({ status: 'uploaded', feedback: { acceptable: false, issues: ['BLURRED'] } }),
    );
    const flow = useFlowStore();
    await toCapture(flow);
    await flow.pageCaptured(image(1));
    expect(flow.currentPage?.status).toBe('rejected');
    expect(flow.currentPage?.feedback?.issues).toEqual(['BLURRED']);
    const firstUrl = flow.currentPage!.url;
    flow.retake();
    expect(flow.step).toBe('capture');
    expect(revoke).toHaveBeenCalledWith(firstUrl);
    expect(flow.currentPage).toBeNull();
    await flow.pageCaptured(image(2));
    expect(flow.currentPage?.status).toBe('accepted');
  });

  it('does not let a late answer about a retaken photo overwrite the new one', async () => {
    const late = deferred<Awaited<ReturnType<typeof kiosk.calls.uploadPage>>>();
    kiosk.calls.uploadPage.mockReturnValueOnce(late.promise);
    const flow = useFlowStore();
    await toCapture(flow);
    void flow.pageCaptured(image(1));
    await flushed();
    expect(flow.currentPage?.status).toBe('checking');
    flow.retake();
    await flow.pageCaptured(image(2));
    expect(flow.currentPage?.status).toBe('accepted');
    late.resolve(ok({ status: 'uploaded', feedback: { acceptable: false, issues: ['GLARE'] } }));
    await flushed();
    expect(flow.currentPage?.status).toBe('accepted');
  });

  it('cannot confirm while the photo is still being checked', async () => {
    const held = deferred<Awaited<ReturnType<typeof kiosk.calls.uploadPage>>>();
    kiosk.calls.uploadPage.mockReturnValueOnce(held.promise);
    const flow = useFlowStore();
    await toCapture(flow);
    void flow.pageCaptured(image(1));
    flow.confirmPage();
    expect(flow.step).toBe('review');
    held.resolve(ok({ status: 'queued', feedback: null }));
    await flushed();
    expect(flow.currentPage?.status).toBe('queued'); // kept by main's outbox: the person may go on
    flow.confirmPage();
    expect(flow.step).toBe('face');
  });
});

describe('flow store: idle timeout wipes the person', () => {
  it('discards the session and forgets images, URLs and the report', async () => {
    const flow = useFlowStore();
    await toCapture(flow);
    await flow.pageCaptured(image(1));
    flow.confirmPage();
    await flow.faceCaptured(image(2));
    kiosk.emit('session:state', { handle: HANDLE, state: 'COMPLETED', message: null });
    await flushed();
    expect(flow.report).not.toBeNull();
    expect(liveUrls.size).toBe(2);

    await flow.timeout();
    expect(kiosk.calls.discardSession).toHaveBeenCalledWith({ handle: HANDLE });
    expect(flow.step).toBe('attract');
    expect(flow.holdsPersonData()).toBe(false);
    expect(flow.report).toBeNull();
    expect(flow.pages).toEqual({});
    expect(flow.faceUrl).toBeNull();
    expect(liveUrls.size).toBe(0);
  });

  it('drops results that arrive after the wipe', async () => {
    const late = deferred<Awaited<ReturnType<typeof kiosk.calls.uploadPage>>>();
    kiosk.calls.uploadPage.mockReturnValueOnce(late.promise);
    const flow = useFlowStore();
    await toCapture(flow);
    void flow.pageCaptured(image(1));
    await flow.timeout();
    late.resolve(ok({ status: 'uploaded', feedback: { acceptable: true, issues: [] } }));
    await flushed();
    expect(flow.step).toBe('attract');
    expect(flow.holdsPersonData()).toBe(false);
  });

  it('discards a session whose creation finished after the timeout', async () => {
    const late = deferred<Awaited<ReturnType<typeof kiosk.calls.startSession>>>();
    kiosk.calls.startSession.mockReturnValueOnce(late.promise);
    const flow = useFlowStore();
    await flow.init();
    flow.begin();
    void flow.acceptConsent();
    await flow.timeout();
    late.resolve(ok({ handle: 'late_handle_0123456789', documents: [], livenessRequired: false }));
    await flushed();
    expect(kiosk.calls.discardSession).toHaveBeenCalledWith({ handle: 'late_handle_0123456789' });
    expect(flow.handle).toBeNull();
    expect(flow.step).toBe('attract');
  });

  it('still wipes locally when main cannot be reached to discard', async () => {
    kiosk.calls.discardSession.mockResolvedValueOnce(fail('SERVICE_UNREACHABLE'));
    const flow = useFlowStore();
    await toCapture(flow);
    await flow.pageCaptured(image());
    await flow.timeout();
    expect(flow.holdsPersonData()).toBe(false);
  });
});

describe('flow store: error screens and recovery', () => {
  it('service unreachable at start → its own screen, and "try again" recovers', async () => {
    kiosk.calls.startSession.mockResolvedValueOnce(fail('SERVICE_UNREACHABLE'));
    const flow = useFlowStore();
    await flow.init();
    flow.begin();
    await flow.acceptConsent();
    expect(flow.step).toBe('error');
    expect(flow.error?.kind).toBe('serviceUnreachable');
    await flow.tryAgain();
    expect(flow.step).toBe('document');
    expect(kiosk.calls.startSession).toHaveBeenCalledTimes(2);
  });

  it('session expired during an upload → expired screen; the way out is a fresh start', async () => {
    kiosk.calls.uploadPage.mockResolvedValueOnce(fail('SESSION_EXPIRED'));
    const flow = useFlowStore();
    await toCapture(flow);
    await flow.pageCaptured(image());
    expect(flow.error?.kind).toBe('sessionExpired');
    await flow.tryAgain();
    expect(flow.step).toBe('attract');
    expect(kiosk.calls.discardSession).toHaveBeenCalled();
    expect(flow.holdsPersonData()).toBe(false);
  });

  it('a failed page upload resends the same bytes on "try again"', async () => {
    kiosk.calls.uploadPage.mockResolvedValueOnce(fail('INTERNAL'));
    const flow = useFlowStore();
    await toCapture(flow);
    await flow.pageCaptured(image(7));
    expect(flow.error?.kind).toBe('uploadFailed');
    await flow.tryAgain();
    expect(flow.step).toBe('review');
    expect(flow.currentPage?.status).toBe('accepted');
    const resent = kiosk.calls.uploadPage.mock.calls[1]![0] as { image: Uint8Array };
    expect(Array.from(resent.image)).toEqual([0xff, 0xd8, 7]);
  });

  it('a failed page upload can also be retaken', async () => {
    kiosk.calls.uploadPage.mockResolvedValueOnce(fail('REJECTED_BY_SERVICE'));
    const flow = useFlowStore();
    await toCapture(flow);
    await flow.pageCaptured(image());
    flow.retakeAfterError();
    expect(flow.step).toBe('capture');
    expect(flow.currentPage).toBeNull();
  });

  it('a failed face upload retries the face, then submits', async () => {
    kiosk.calls.uploadFace.mockResolvedValueOnce(fail('INTERNAL'));
    const flow = useFlowStore();
    await toCapture(flow);
    await flow.pageCaptured(image());
    flow.confirmPage();
    await flow.faceCaptured(image(3));
    expect(flow.error).toMatchObject({ kind: 'uploadFailed', retry: 'face' });
    expect(kiosk.calls.submitSession).not.toHaveBeenCalled();
    await flow.tryAgain();
    expect(kiosk.calls.uploadFace).toHaveBeenCalledTimes(2);
    expect(kiosk.calls.submitSession).toHaveBeenCalledTimes(1);
    expect(flow.step).toBe('uploading');
  });

  it('camera unplugged mid-capture → message, back to the same capture when it returns', async () => {
    kiosk = createFakeKiosk({ pages: ['front', 'back'] });
    window.kiosk = kiosk.api;
    const flow = useFlowStore();
    await toCapture(flow, 'NATIONAL_ID');
    await flow.pageCaptured(image());
    flow.confirmPage();
    expect(flow.side).toBe('back');
    kiosk.emit('device:changed', { kind: 'camera', id: 'cam1', label: 'USB camera', connected: false });
    expect(flow.step).toBe('error');
    expect(flow.error?.kind).toBe('cameraLost');
    kiosk.emit('device:changed', { kind: 'camera', id: 'cam1', label: 'USB camera', connected: true });
    expect(flow.step).toBe('capture');
    expect(flow.side).toBe('back');
    expect(flow.error).toBeNull();
  });

  it('no camera at all → its own screen (and not from other steps)', async () => {
    const flow = useFlowStore();
    await flow.init();
    flow.cameraUnavailable('noCamera');
    expect(flow.step).toBe('attract'); // nothing to do outside the capture steps
    flow.begin();
    await flow.acceptConsent();
    await flow.chooseDocumentType('PASSPORT');
    flow.cameraUnavailable('noCamera', 'NotFoundError: Requested device not found');
    expect(flow.error).toMatchObject({ kind: 'noCamera', resumeStep: 'capture' });
    await flow.tryAgain();
    expect(flow.step).toBe('capture');
  });

  it('session expiring while the checks run → expired screen', async () => {
    const flow = useFlowStore();
    await toCapture(flow);
    await flow.pageCaptured(image());
    flow.confirmPage();
    await flow.faceCaptured(image(2));
    kiosk.emit('session:state', { handle: HANDLE, state: 'EXPIRED', message: 'token expired' });
    expect(flow.step).toBe('error');
    expect(flow.error?.kind).toBe('sessionExpired');
  });

  it('finds the result by polling when no completion event arrives', async () => {
    vi.useFakeTimers();
    kiosk.calls.getReport.mockResolvedValueOnce(ok(report({ sessionState: 'ONGOING', checks: [] })));
    const flow = useFlowStore();
    await toCapture(flow);
    await flow.pageCaptured(image());
    flow.confirmPage();
    await flow.faceCaptured(image(2));
    expect(flow.step).toBe('uploading');
    await vi.advanceTimersByTimeAsync(1000);
    expect(kiosk.calls.getReport).toHaveBeenCalledTimes(1);
    expect(flow.step).toBe('uploading'); // still ONGOING: keep waiting
    await vi.advanceTimersByTimeAsync(1000);
    expect(kiosk.calls.getReport).toHaveBeenCalledTimes(2);
    expect(flow.step).toBe('done');
  });

  it('turns a bridge that throws into an error screen instead of a stuck flow', async () => {
    kiosk.calls.startSession.mockRejectedValueOnce(new Error('bridge went away'));
    const flow = useFlowStore();
    await flow.init();
    flow.begin();
    await flow.acceptConsent();
    expect(flow.error).toMatchObject({ kind: 'unexpected', message: 'bridge went away' });
  });
});

describe('flow store: review shown from the grabbed frame while the photo is encoded', () => {
  function bitmap() {
    return { width: 1920, height: 1080, close: vi.fn() } as unknown as ImageBitmap & {
      close: ReturnType<typeof vi.fn>;
    };
  }

  it('shows the preview at once, cannot be confirmed until the photo arrives, then sends it', async () => {
    const flow = useFlowStore();
    await toCapture(flow);
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
    expect(flow.pages.front?.preview).toBeNull();
    await flow.reset();
    expect(flow.holdsPersonData()).toBe(false);
  });

  it('releases the grabbed frame with the person data on a wipe', async () => {
    const flow = useFlowStore();
    await toCapture(flow);
    const b = bitmap();
    flow.pageTaken({ bitmap: b, width: 1920, height: 1080, auto: false });
    await flow.timeout();
    expect(b.close).toHaveBeenCalled();
    expect(flow.holdsPersonData()).toBe(false);
  });

  it('drops a photo whose preview was retaken meanwhile, and releases the old frame', async () => {
    const flow = useFlowStore();
    await toCapture(flow);
    const first = bitmap();
    const stale = flow.pageTaken({ bitmap: first, width: 1920, height: 1080, auto: false });
    flow.retake();
    expect(first.close).toHaveBeenCalled();
    expect(flow.step).toBe('capture');
    await flow.pageCaptured(image(4), stale);
    expect(flow.step).toBe('capture');
    expect(kiosk.calls.uploadPage).not.toHaveBeenCalled();
    expect(liveUrls.size).toBe(0);
  });

  it('goes back to the camera when the photo cannot be made after the preview', async () => {
    const flow = useFlowStore();
    await toCapture(flow);
    const b = bitmap();
    const token = flow.pageTaken({ bitmap: b, width: 1920, height: 1080, auto: true });
    flow.pageTakeFailed(token);
    expect(flow.step).toBe('capture');
    expect(flow.currentPage).toBeNull();
    expect(b.close).toHaveBeenCalled();
  });
});
