// The whole app mounted over the fake kiosk, as the app-shell DOM tests use it: happy-dom given a
// camera that never finishes opening (it has no media devices, which the capture view would report
// as "no camera"), and after each test the bridge checked for calls outside the contract, the app
// unmounted, real timers back and the bridge removed.
import { expect, vi } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import App from '../../../renderer/App.vue';
import { createKioskI18n, type SupportedLocale } from '../../../renderer/i18n';
import type { FlowHarness } from './flowHarness';

const mounted: VueWrapper[] = [];

/** navigator.mediaDevices whose getUserMedia never settles: the capture view stays on "starting". */
export function stallCamera(): void {
  Object.defineProperty(navigator, 'mediaDevices', {
    configurable: true,
    value: {
      getUserMedia: () => new Promise(() => undefined),
      enumerateDevices: async () => [],
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
    },
  });
}

/** App.vue with the harness's Pinia and the kiosk's i18n, attached to the document. */
export function mountApp(h: FlowHarness, locale?: SupportedLocale): VueWrapper {
  const wrapper = mount(App, { global: { plugins: [h.pinia, createKioskI18n(locale)] }, attachTo: document.body });
  mounted.push(wrapper);
  return wrapper;
}

/** For afterEach: no call outside the contract, every mounted app gone, real timers, no bridge. */
export function tearDownApp(h: FlowHarness): void {
  expect(h.kiosk.violations).toEqual([]);
  for (const wrapper of mounted.splice(0)) wrapper.unmount();
  vi.useRealTimers();
  delete window.kiosk;
}
