// @vitest-environment happy-dom
// A hardware MRZ reader read a document ('scanner:mrz'): the shell shows a short notice in the
// person's language, without the MRZ itself, and it goes away on its own.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import App from '../../../renderer/App.vue';
import { createKioskI18n, messages, SUPPORTED_LOCALES } from '../../../renderer/i18n';
import { setUpFlow, type FlowHarness } from './flowHarness';

const NOTICE_MS = 3000;
let h: FlowHarness;
const MRZ = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  h = setUpFlow({}, { scannerNoticeMs: NOTICE_MS });
});

afterEach(() => {
  expect(h.kiosk.violations).toEqual([]);
  vi.useRealTimers();
  delete window.kiosk;
});

describe('scanner:mrz notice', () => {
  it('every language has the notice text', () => {
    for (const l of SUPPORTED_LOCALES) expect(messages[l].scanner.mrzRead.length).toBeGreaterThan(5);
    expect(new Set(SUPPORTED_LOCALES.map((l) => messages[l].scanner.mrzRead)).size).toBe(
      SUPPORTED_LOCALES.length,
    );
  });

  it('shows the notice in the current language, never the MRZ, and hides it after a while', async () => {
    const w = mount(App, { global: { plugins: [h.pinia, createKioskI18n('en')] }, attachTo: document.body });
    await flushPromises();
    const { flow, kiosk } = h;
    expect(w.find('[data-testid="scanner-notice"]').exists()).toBe(false);
    flow.setLocale('fr');
    await flushPromises();

    const tick = flow.activityTick;
    kiosk.emit('scanner:mrz', { lineCount: MRZ.length });
    await flushPromises();
    const notice = w.find('[data-testid="scanner-notice"]');
    expect(notice.exists()).toBe(true);
    expect(notice.text()).toBe(messages.fr.scanner.mrzRead);
    expect(w.text()).not.toContain('L898902C3');
    expect(flow.activityTick).toBe(tick + 1); // the person is doing something: idle timer resets

    vi.advanceTimersByTime(NOTICE_MS + 10);
    await flushPromises();
    expect(w.find('[data-testid="scanner-notice"]').exists()).toBe(false);
    w.unmount();
  });
});
