// Sets up the flow's Pinia stores against a fake kiosk, with object URLs the test can count.
// What "holds person data" means is asked of the stores' own state here, in the tests (the
// production stores carry no test hooks).
import { vi } from 'vitest';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { provideFlowEnvironment, type FlowEnvironment } from '../../../renderer/stores/flowEnvironment';
import { useFlowStore } from '../../../renderer/stores/flow';
import { useSessionStore } from '../../../renderer/stores/session';
import { useCaptureStore, type CapturedImage } from '../../../renderer/stores/capture';
import { useReportStore } from '../../../renderer/stores/report';
import { useCameraStore } from '../../../renderer/stores/camera';
import { createFakeKiosk, FAKE_ADMIN, type FakeKiosk, type FakeKioskOptions } from './fakeKiosk';

export interface FlowHarness {
  kiosk: FakeKiosk;
  pinia: Pinia;
  /** Object URLs created and not yet revoked. */
  liveUrls: Set<string>;
  revoke: ReturnType<typeof vi.fn<(url: string) => void>>;
  flow: ReturnType<typeof useFlowStore>;
  session: ReturnType<typeof useSessionStore>;
  capture: ReturnType<typeof useCaptureStore>;
  reports: ReturnType<typeof useReportStore>;
  camera: ReturnType<typeof useCameraStore>;
}

export function setUpFlow(
  kioskOptions: FakeKioskOptions = {},
  env: Partial<FlowEnvironment> = {},
): FlowHarness {
  const kiosk = createFakeKiosk(kioskOptions);
  window.kiosk = kiosk.api;
  const pinia = createPinia();
  setActivePinia(pinia);
  const liveUrls = new Set<string>();
  let n = 0;
  const revoke = vi.fn((url: string) => void liveUrls.delete(url));
  provideFlowEnvironment(pinia, {
    reportPollMs: 1000,
    createObjectUrl: () => {
      const url = `blob:fake/${++n}`;
      liveUrls.add(url);
      return url;
    },
    revokeObjectUrl: revoke,
    ...env,
  });
  return {
    kiosk,
    pinia,
    liveUrls,
    revoke,
    flow: useFlowStore(pinia),
    session: useSessionStore(pinia),
    capture: useCaptureStore(pinia),
    reports: useReportStore(pinia),
    camera: useCameraStore(pinia),
  };
}

/** Anything of a person still held by the flow's stores. */
export function personDataLeft(h: FlowHarness): string[] {
  const left: string[] = [];
  if (h.session.handle !== null) left.push('session handle');
  if (h.session.country !== null || h.session.documentType !== null) left.push('document choice');
  if (Object.keys(h.capture.pages).length) left.push('pages');
  if (h.capture.faceUrl !== null) left.push('face');
  if (h.capture.heldPage('front') || h.capture.heldPage('back') || h.capture.heldFace())
    left.push('held bytes');
  if (h.reports.report !== null || h.reports.images.pages.length || h.reports.images.face)
    left.push('report');
  // Every object URL the stores made, counted by the test's own URL factory.
  if (h.liveUrls.size) left.push('live object URLs');
  return left;
}

export function image(tag = 1): CapturedImage {
  return {
    bytes: new Uint8Array([0xff, 0xd8, tag]),
    mime: 'image/jpeg',
    width: 1920,
    height: 1080,
    method: 'CAMERA',
    auto: false,
  };
}

/** attract → consent → document → capture of the first page. */
export async function toCapture(
  h: FlowHarness,
  type: 'PASSPORT' | 'NATIONAL_ID' = 'PASSPORT',
): Promise<void> {
  await h.flow.init();
  h.flow.begin();
  await h.flow.acceptConsent();
  await h.flow.chooseDocumentType(type);
}

/** On to the done screen: a passport page, the face, and the service saying it has completed. */
export async function toDone(h: FlowHarness): Promise<void> {
  await toCapture(h);
  await h.flow.pageCaptured(image(1));
  h.flow.confirmPage();
  await h.flow.faceCaptured(image(2));
  h.kiosk.emit('session:state', { handle: h.session.handle ?? '', state: 'COMPLETED', message: null });
  await vi.waitFor(() => {
    if (h.flow.step !== 'done') throw new Error(`still at ${h.flow.step}`);
  });
}

/** Staffed done screen → PIN screen → signed in as the fake's admin: the review workspace. */
export async function toResult(h: FlowHarness): Promise<void> {
  await toDone(h);
  h.flow.showResult();
  await h.flow.staffSignIn(FAKE_ADMIN.name, FAKE_ADMIN.pin);
  if (h.flow.step !== 'result') throw new Error(`sign-in left the flow at ${h.flow.step}`);
}
