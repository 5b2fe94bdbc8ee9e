// @vitest-environment happy-dom
// The no-camera screen, reached through the app as a person would (getUserMedia finds no camera):
// what happened and what to do in words, never the raw exception, one way out; in demo mode it
// offers the demo camera, which then feeds the capture screen (labelled as a demo).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import App from '../../../renderer/App.vue';
import { createKioskI18n, messages } from '../../../renderer/i18n';
import { setUpFlow, toCapture, type FlowHarness } from './flowHarness';

let h: FlowHarness;
let wrapper: VueWrapper | null = null;
const restore: Array<() => void> = [];

function stubProperty<T extends object>(target: T, key: string, value: unknown): void {
  const before = Object.getOwnPropertyDescriptor(target, key);
  Object.defineProperty(target, key, { configurable: true, writable: true, value });
  restore.push(() =>
    before ? Object.defineProperty(target, key, before) : delete (target as Record<string, unknown>)[key],
  );
}

async function reachNoCamera(demo: { useDemoCamera: boolean } | null): Promise<VueWrapper> {
  h = setUpFlow({ demo });
  wrapper = mount(App, { global: { plugins: [h.pinia, createKioskI18n('en')] }, attachTo: document.body });
  await flushPromises();
  await toCapture(h);
  await vi.waitFor(() => expect(wrapper!.find('[data-screen="error"]').exists()).toBe(true));
  return wrapper;
}

beforeEach(() => {
  // No camera attached: what Chromium says.
  stubProperty(navigator, 'mediaDevices', {
    getUserMedia: () => Promise.reject(new DOMException('Requested device not found', 'NotFoundError')),
    enumerateDevices: async () => [],
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
  });
  // The demo camera draws on a canvas (happy-dom has no 2D context; its captureStream is real).
  // happy-dom's MediaStream lacks getTracks (browsers have it).
  stubProperty(MediaStream.prototype, 'getTracks', function (this: MediaStream) {
    return [...this.getAudioTracks(), ...this.getVideoTracks()];
  });
  stubProperty(HTMLCanvasElement.prototype, 'getContext', () => ({
    fillRect: vi.fn(),
    drawImage: vi.fn(),
    fillStyle: '',
  }));
  stubProperty(globalThis, 'createImageBitmap', async () => ({ width: 1200, height: 850, close: vi.fn() }));
  // The capture workers are started by the guidance loop; here they only need to exist.
  stubProperty(
    globalThis,
    'Worker',
    class {
      onmessage = null;
      onerror = null;
      postMessage(): void {}
      terminate(): void {}
    },
  );
});

afterEach(() => {
  expect(h.kiosk.violations).toEqual([]);
  wrapper?.unmount();
  wrapper = null;
  while (restore.length) restore.pop()!();
  delete window.kiosk;
});

describe('no camera', () => {
  it('with a real service: says what happened and what to do, without the raw error, and one way out', async () => {
    const w = await reachNoCamera(null);
    const screen = w.find('[data-screen="error"]');
    expect(screen.attributes('data-error')).toBe('noCamera');
    expect(screen.text()).toContain(messages.en.errors.noCamera.title);
    expect(w.find('[data-testid="camera-advice"]').text()).toBe(messages.en.errors.camera.noCamera);
    expect(w.text()).not.toMatch(/NotFoundError|Requested device not found|Details/);
    expect(w.find('[data-testid="demo-offer"]').exists()).toBe(false);
    expect(w.find('[data-testid="use-demo-camera"]').exists()).toBe(false);
    // One way out: "start again" on the screen, no Cancel in the header beside it.
    expect(w.findAll('[data-testid="start-over"]')).toHaveLength(1);
    expect(w.find('.bar__cancel').exists()).toBe(false);
    await w.find('[data-testid="start-over"]').trigger('click');
    await flushPromises();
    expect(h.flow.state).toEqual({ name: 'attract', ended: 'cancelled' });
  });

  it('in demo mode: offers the demo camera, which carries on to a capture screen labelled as a demo', async () => {
    const w = await reachNoCamera({ useDemoCamera: false });
    expect(w.find('[data-testid="demo-offer"]').text()).toContain(messages.en.errors.camera.demoOffer);
    await w.find('[data-testid="use-demo-camera"]').trigger('click');
    await vi.waitFor(() => expect(w.find('[data-screen="capture"]').exists()).toBe(true));
    expect(h.kiosk.calls.getDemoCamera).toHaveBeenCalledTimes(1);
    expect(w.find('[data-testid="demo-camera-label"]').text()).toBe(messages.en.capture.demoLabel);
    await vi.waitFor(() => expect(w.find('[data-testid="shutter"]').attributes('disabled')).toBeUndefined());
    expect(h.flow.step).toBe('capture'); // the demo camera is live: no error this time
  });

  it('with --demo, the demo camera is used from the start: no camera error at all', async () => {
    h = setUpFlow({ demo: { useDemoCamera: true } });
    wrapper = mount(App, { global: { plugins: [h.pinia, createKioskI18n('en')] }, attachTo: document.body });
    await flushPromises();
    await toCapture(h);
    await vi.waitFor(() =>
      expect(wrapper!.find('[data-testid="shutter"]').attributes('disabled')).toBeUndefined(),
    );
    expect(wrapper.find('[data-testid="demo-camera-label"]').exists()).toBe(true);
    expect(h.flow.step).toBe('capture');
  });
});
