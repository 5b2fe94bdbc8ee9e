// @vitest-environment happy-dom
// The done screen per kiosk mode: staff mode offers the staff result; unattended mode never shows
// it to the person at the kiosk and wipes back to attract on its own after a short delay.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { flushPromises, mount } from '@vue/test-utils';
import { configureFlow, useFlowStore } from '../../../renderer/stores/flow';
import DoneView from '../../../renderer/views/DoneView.vue';
import { createKioskI18n } from '../../../renderer/i18n';
import { createFakeKiosk, HANDLE, type FakeKiosk } from './fakeKiosk';

const DONE_RESET_MS = 5000;
let kiosk: FakeKiosk;
let liveUrls: Set<string>;
let n = 0;

function image(tag: number) {
  return {
    bytes: new Uint8Array([0xff, 0xd8, tag]),
    mime: 'image/jpeg' as const,
    width: 1920,
    height: 1080,
    method: 'CAMERA' as const,
    auto: false,
  };
}

async function walkToDone(mode: 'staff' | 'unattended') {
  kiosk = createFakeKiosk({ mode });
  window.kiosk = kiosk.api;
  const flow = useFlowStore();
  await flow.init();
  flow.begin();
  await flow.acceptConsent();
  await flow.chooseDocumentType('PASSPORT');
  await flow.pageCaptured(image(1));
  flow.confirmPage();
  await flow.faceCaptured(image(2));
  kiosk.emit('session:state', { handle: HANDLE, state: 'COMPLETED', message: null });
  await flushPromises();
  expect(flow.step).toBe('done');
  const w = mount(DoneView, { global: { plugins: [createKioskI18n('en')] } });
  await flushPromises();
  return { flow, w };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  liveUrls = new Set();
  configureFlow({
    reportPollMs: 1000,
    doneResetMs: DONE_RESET_MS,
    createObjectUrl: () => {
      const u = `blob:fake/${++n}`;
      liveUrls.add(u);
      return u;
    },
    revokeObjectUrl: (u) => void liveUrls.delete(u),
  });
  setActivePinia(createPinia());
});

afterEach(() => {
  vi.useRealTimers();
  delete window.kiosk;
});

describe('done screen by kiosk mode', () => {
  it('unattended: no staff result button, no report kept, and a wipe back to attract after the delay', async () => {
    const { flow, w } = await walkToDone('unattended');
    expect(flow.staffMode).toBe(false);
    expect(w.find('[data-testid="show-result"]').exists()).toBe(false);
    expect(w.find('[data-testid="done-returning"]').exists()).toBe(true);
    expect(flow.report).toBeNull();
    flow.showResult(); // even called directly, the result stays hidden
    expect(flow.step).toBe('done');

    vi.advanceTimersByTime(DONE_RESET_MS - 100);
    expect(flow.step).toBe('done');
    vi.advanceTimersByTime(200);
    await flushPromises();
    expect(flow.step).toBe('attract');
    expect(kiosk.calls.discardSession).toHaveBeenCalledWith({ handle: HANDLE });
    expect(flow.holdsPersonData()).toBe(false);
    expect(liveUrls.size).toBe(0);
    w.unmount();
  });

  it('unattended: finishing early cancels the pending reset (the next person is not cut short)', async () => {
    const { flow, w } = await walkToDone('unattended');
    await flow.reset();
    flow.begin();
    expect(flow.step).toBe('consent');
    vi.advanceTimersByTime(DONE_RESET_MS * 2);
    await flushPromises();
    expect(flow.step).toBe('consent');
    expect(kiosk.calls.discardSession).toHaveBeenCalledTimes(1);
    w.unmount();
  });

  it('staff: the staff result button shows the report, and nothing resets on its own', async () => {
    const { flow, w } = await walkToDone('staff');
    expect(flow.staffMode).toBe(true);
    expect(w.find('[data-testid="done-returning"]').exists()).toBe(false);
    const button = w.find('[data-testid="show-result"]');
    expect(button.exists()).toBe(true);
    vi.advanceTimersByTime(DONE_RESET_MS * 3);
    await flushPromises();
    expect(flow.step).toBe('done');
    await button.trigger('click');
    await flushPromises();
    expect(flow.step).toBe('result');
    expect(flow.report?.handle).toBe(HANDLE);
    w.unmount();
  });
});
