// @vitest-environment happy-dom
// The done screen per kiosk mode: staff mode offers the staff result; unattended mode never shows
// it to the person at the kiosk and wipes back to attract on its own after a short delay.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import DoneView from '../../../renderer/views/DoneView.vue';
import { createKioskI18n } from '../../../renderer/i18n';
import { HANDLE } from './fakeKiosk';
import { personDataLeft, setUpFlow, toDone, type FlowHarness } from './flowHarness';

const DONE_RESET_MS = 5000;
let h: FlowHarness;

async function walkToDone(mode: 'staff' | 'unattended') {
  h = setUpFlow({ mode }, { doneResetMs: DONE_RESET_MS });
  const { flow, kiosk } = h;
  await toDone(h);
  const w = mount(DoneView, { global: { plugins: [h.pinia, createKioskI18n('en')] } });
  await flushPromises();
  return { flow, w, kiosk };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
});

afterEach(() => {
  expect(h.kiosk.violations).toEqual([]);
  vi.useRealTimers();
  delete window.kiosk;
});

describe('done screen by kiosk mode', () => {
  it('unattended: no staff result button, no report kept, and a wipe back to attract after the delay', async () => {
    const { flow, w, kiosk } = await walkToDone('unattended');
    expect(h.session.staffMode).toBe(false);
    expect(w.find('[data-testid="show-result"]').exists()).toBe(false);
    expect(w.find('[data-testid="done-returning"]').text()).toBe(
      'This screen will return to the start in 5 seconds.',
    );
    expect(h.reports.report).toBeNull();
    // The person's details never came to this screen: only the session's state was asked for.
    expect(kiosk.calls.getReport).not.toHaveBeenCalled();
    expect(kiosk.calls.getSessionStatus).toHaveBeenCalledWith({ handle: HANDLE });
    expect(flow.state).toEqual({ name: 'done', showable: false });
    flow.showResult(); // even called directly, the result stays hidden
    expect(flow.step).toBe('done');

    vi.advanceTimersByTime(2000);
    await flushPromises();
    // The countdown the person sees goes down with the clock.
    expect(w.find('[data-testid="done-returning"]').text()).toBe(
      'This screen will return to the start in 3 seconds.',
    );
    vi.advanceTimersByTime(DONE_RESET_MS - 2000 - 300);
    expect(flow.step).toBe('done');
    vi.advanceTimersByTime(400);
    await flushPromises();
    expect(flow.step).toBe('attract');
    expect(kiosk.calls.discardSession).toHaveBeenCalledWith({ handle: HANDLE });
    expect(flow.state).toEqual({ name: 'attract', ended: 'finished' });
    expect(personDataLeft(h)).toEqual([]);
    w.unmount();
  });

  it('unattended: finishing early cancels the pending reset (the next person is not cut short)', async () => {
    const { flow, w, kiosk } = await walkToDone('unattended');
    await flow.endSession('finished');
    flow.begin();
    expect(flow.step).toBe('consent');
    vi.advanceTimersByTime(DONE_RESET_MS * 2);
    await flushPromises();
    expect(flow.step).toBe('consent');
    expect(kiosk.calls.discardSession).toHaveBeenCalledTimes(1);
    w.unmount();
  });

  it('staff: the staff button asks for a PIN before the report, and nothing resets on its own', async () => {
    const { flow, w } = await walkToDone('staff');
    expect(h.session.staffMode).toBe(true);
    expect(w.find('[data-testid="done-returning"]').exists()).toBe(false);
    const button = w.find('[data-testid="show-result"]');
    expect(button.exists()).toBe(true);
    vi.advanceTimersByTime(DONE_RESET_MS * 3);
    await flushPromises();
    expect(flow.step).toBe('done');
    expect(button.text()).toBe('Staff: sign in to review');
    await button.trigger('click');
    await flushPromises();
    expect(flow.step).toBe('staffPin');
    await flow.staffSignIn('ada', '2468');
    expect(flow.step).toBe('result');
    expect(h.reports.report?.handle).toBe(HANDLE);
    w.unmount();
  });
});
