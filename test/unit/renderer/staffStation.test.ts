// @vitest-environment happy-dom
// The staff station's screens in the app shell against the fake kiosk (which keeps accounts, PINs,
// the lockout after 5 wrong PINs and the decisions as main does): the hidden corner gesture, the
// PIN screen (wrong PIN, lockout countdown, first admin, Cancel), the review workspace, the
// decision with its confirmation and the prints, main's idle warning, and sign-out clearing the review.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, type DOMWrapper, type VueWrapper } from '@vue/test-utils';
import { FAKE_ADMIN, FAKE_LOCK_SECONDS, HANDLE, fail, report } from './fakeKiosk';
import { mountApp as mountAppWith, stallCamera, tearDownApp } from './appShellHarness';
import { personDataLeft, setUpFlow, toDone, toResult, type FlowHarness } from './flowHarness';

let h: FlowHarness;
const mountApp = (): VueWrapper => mountAppWith(h, 'en');

const byId = (w: VueWrapper, id: string): DOMWrapper<Element> => w.find(`[data-testid="${id}"]`);

async function signInWith(w: VueWrapper, name: string, pin: string): Promise<void> {
  await byId(w, 'staff-name').setValue(name);
  await byId(w, 'staff-pin').setValue(pin);
  await byId(w, 'staff-sign-in').trigger('click');
  await flushPromises();
}

beforeEach(() => stallCamera());
afterEach(() => tearDownApp(h));

describe('hidden staff entry on attract', () => {
  async function tapCorner(w: VueWrapper, times: number, gapMs: number): Promise<void> {
    for (let i = 0; i < times; i++) {
      await byId(w, 'staff-corner').trigger('pointerdown');
      await vi.advanceTimersByTimeAsync(gapMs);
    }
  }

  it('4 taps: nothing; a 5th within 3 s: the PIN screen; Cancel goes back', async () => {
    vi.useFakeTimers();
    h = setUpFlow({ mode: 'unattended' });
    const w = mountApp();
    await flushPromises();
    await tapCorner(w, 4, 200);
    expect(h.flow.step).toBe('attract');
    await tapCorner(w, 1, 0);
    await flushPromises();
    expect(h.flow.step).toBe('staffPin');
    expect(w.find('[data-screen="staffPin"] h1').text()).toBe('Staff sign-in');
    await byId(w, 'staff-cancel').trigger('click');
    expect(h.flow.state).toEqual({ name: 'attract', ended: null });
  });

  it('slow taps (5 over more than 3 s) do nothing', async () => {
    vi.useFakeTimers();
    h = setUpFlow({ mode: 'unattended' });
    const w = mountApp();
    await flushPromises();
    await tapCorner(w, 5, 800); // the 1st tap is 3.2 s before the 5th
    expect(h.flow.step).toBe('attract');
    expect(w.find('[data-screen="staffPin"]').exists()).toBe(false);
  });

  it('signing in from the hidden entry shows the staff home with the name and Sign out', async () => {
    vi.useFakeTimers();
    h = setUpFlow({ mode: 'unattended' });
    const w = mountApp();
    await flushPromises();
    await tapCorner(w, 5, 100);
    await flushPromises();
    await signInWith(w, FAKE_ADMIN.name, FAKE_ADMIN.pin);
    expect(h.flow.step).toBe('staffHome');
    expect(byId(w, 'staff-member').text()).toBe('Signed in: Ada Lovelace');
    await byId(w, 'staff-sign-out').trigger('click');
    await flushPromises();
    expect(h.kiosk.calls.staffSignOut).toHaveBeenCalledTimes(1);
    expect(h.flow.step).toBe('attract');
  });
});

describe('PIN screen', () => {
  it('a wrong PIN says the attempts left; the 5th locks the station with a countdown', async () => {
    vi.useFakeTimers();
    h = setUpFlow();
    const w = mountApp();
    await flushPromises();
    await toDone(h);
    await flushPromises();
    await byId(w, 'show-result').trigger('click');
    await flushPromises();
    expect(h.flow.step).toBe('staffPin');

    await signInWith(w, FAKE_ADMIN.name, '0000');
    expect(byId(w, 'staff-pin-message').text()).toBe('Wrong name or PIN. 4 attempts left.');
    expect(h.flow.step).toBe('staffPin');
    for (let i = 0; i < 3; i++) await signInWith(w, FAKE_ADMIN.name, '0000');
    expect(byId(w, 'staff-pin-message').text()).toBe('Wrong name or PIN. 1 attempt left.');
    await signInWith(w, FAKE_ADMIN.name, '0000');
    expect(byId(w, 'staff-pin-message').text()).toBe(
      `Too many wrong PINs. Try again in ${FAKE_LOCK_SECONDS} seconds.`,
    );
    expect(byId(w, 'staff-sign-in').attributes('disabled')).toBeDefined();
    await vi.advanceTimersByTimeAsync(3000);
    expect(byId(w, 'staff-pin-message').text()).toBe(
      `Too many wrong PINs. Try again in ${FAKE_LOCK_SECONDS - 3} seconds.`,
    );
    // Even the right PIN does not pass while locked (main refuses it too).
    expect(h.flow.step).toBe('staffPin');
    expect(h.session.handle).toBe(HANDLE); // the person's session waits, not wiped by the PIN screen
    expect(h.kiosk.calls.getReport).not.toHaveBeenCalled(); // and its report is not fetched before a sign-in
  });

  it('first run: "Create the first admin" with name, display name and the PIN twice', async () => {
    h = setUpFlow({ staff: [] });
    const w = mountApp();
    await flushPromises();
    await toDone(h);
    h.flow.showResult();
    await flushPromises();
    expect(w.find('[data-screen="staffPin"] h1').text()).toBe('Create the first admin');
    await byId(w, 'staff-name').setValue('grace');
    await byId(w, 'staff-display-name').setValue('Grace Hopper');
    await byId(w, 'staff-pin').setValue('13579');
    await byId(w, 'staff-pin-again').setValue('97531');
    await byId(w, 'staff-sign-in').trigger('click');
    await flushPromises();
    expect(byId(w, 'staff-pin-message').text()).toBe('The two PINs are not the same.');
    expect(h.kiosk.calls.staffCreateFirstAdmin).not.toHaveBeenCalled();

    await byId(w, 'staff-pin').setValue('13579');
    await byId(w, 'staff-pin-again').setValue('13579');
    await byId(w, 'staff-sign-in').trigger('click');
    await flushPromises();
    expect(h.kiosk.calls.staffCreateFirstAdmin).toHaveBeenCalledWith({
      name: 'grace',
      displayName: 'Grace Hopper',
      pin: '13579',
    });
    expect(h.flow.step).toBe('result');
    expect(byId(w, 'staff-member').text()).toBe('Signed in: Grace Hopper');
  });

  it('main without the staff station (NOT_ALLOWED) says it is not set up and never opens the review', async () => {
    h = setUpFlow();
    h.kiosk.calls.staffStatus.mockResolvedValue(fail('NOT_ALLOWED'));
    h.kiosk.calls.staffSignIn.mockResolvedValue(fail('NOT_ALLOWED'));
    const w = mountApp();
    await flushPromises();
    await toDone(h);
    h.flow.showResult();
    await flushPromises();
    expect(byId(w, 'staff-pin-message').text()).toBe('The staff station is not set up on this kiosk.');
    await h.flow.staffSignIn(FAKE_ADMIN.name, FAKE_ADMIN.pin);
    expect(h.flow.step).toBe('staffPin');
  });
});

describe('review workspace', () => {
  it('shows the summary in words, the service label, images full size with zoom, fields with their source note', async () => {
    h = setUpFlow();
    h.kiosk.calls.getReport.mockResolvedValue({
      ok: true,
      value: report({
        checks: [
          ...report().checks,
          {
            type: 'ID_DOCUMENT_FACE_MATCH',
            state: 'DONE',
            recommendation: { value: 'REJECT', reason: 'FACE_MISMATCH' },
            breakdown: [],
          },
          {
            type: 'LIVENESS',
            state: 'DONE',
            recommendation: { value: 'NOT_AVAILABLE', reason: 'MODEL_MISSING' },
            breakdown: [],
          },
        ],
      }),
    });
    const w = mountApp();
    await flushPromises();
    await toResult(h);
    await flushPromises();
    expect(byId(w, 'summary-passed').text()).toBe('Passed: Document authenticity');
    expect(byId(w, 'summary-failed').text()).toBe('Failed: Face match');
    expect(byId(w, 'summary-not-checked').text()).toBe(
      'Could not be checked: Liveness — A reason the kiosk has no words for (the code is under the details).',
    );
    // Codes only under the details.
    expect(byId(w, 'review-summary').find('p').text()).not.toContain('ID_DOCUMENT');
    expect(byId(w, 'summary-details').text()).toContain('LIVENESS: NOT_AVAILABLE (MODEL_MISSING)');
    expect(byId(w, 'result-source').text()).toContain('NOT a Yoti verification');
    expect(byId(w, 'field-source-note').text()).toContain('does not say where each field was read');
    expect(w.text()).toContain('ERIKSSON');

    await byId(w, 'open-page-front').trigger('click');
    expect(byId(w, 'viewer-image').attributes('src')).toBe(h.reports.images.pages[0]?.url);
    expect(byId(w, 'viewer-image').attributes('data-zoom')).toBe('1');
    await byId(w, 'zoom-in').trigger('click');
    expect(byId(w, 'viewer-image').attributes('data-zoom')).toBe('1.5');
    await byId(w, 'viewer-close').trigger('click');
    expect(byId(w, 'image-viewer').exists()).toBe(false);
  });

  it('the customer idle timer never wipes a result staff are reviewing', async () => {
    vi.useFakeTimers();
    h = setUpFlow({ idleTimeoutMs: 3000 });
    const w = mountApp();
    await flushPromises();
    await toResult(h);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(byId(w, 'idle-prompt').exists()).toBe(false);
    expect(h.flow.step).toBe('result');
    expect(h.reports.report?.handle).toBe(HANDLE);
  });
});

describe('decision', () => {
  it('approve with a reason (filtered by decision) and a note, confirm, then the reference and the prints', async () => {
    h = setUpFlow();
    const w = mountApp();
    await flushPromises();
    await toResult(h);
    await flushPromises();
    expect(byId(w, 'decision-next').attributes('disabled')).toBeDefined();
    await byId(w, 'decision-APPROVE').trigger('click');
    const options = () =>
      byId(w, 'decision-reason')
        .findAll('option')
        .map((o) => o.attributes('value'));
    expect(options()).toEqual(['', 'DOCUMENT_OK']);
    await byId(w, 'decision-REFER').trigger('click');
    expect(options()).toEqual(['', 'FACE_MISMATCH', 'NEEDS_SECOND_LOOK']);
    await byId(w, 'decision-APPROVE').trigger('click');
    await byId(w, 'decision-reason').setValue('DOCUMENT_OK');
    await byId(w, 'decision-note').setValue('Checked the hologram by hand');
    await byId(w, 'decision-next').trigger('click');
    // The confirmation step: nothing recorded yet, and Back returns to the choice.
    expect(byId(w, 'decision-summary').text()).toBe('Approve · DOCUMENT_OK');
    expect(h.kiosk.calls.recordDecision).not.toHaveBeenCalled();
    await byId(w, 'decision-back').trigger('click');
    expect(byId(w, 'decision-confirm').exists()).toBe(false);
    await byId(w, 'decision-next').trigger('click');
    await byId(w, 'decision-confirm').trigger('click');
    await flushPromises();
    expect(h.kiosk.calls.recordDecision).toHaveBeenCalledWith({
      handle: HANDLE,
      decision: 'APPROVE',
      reasonCode: 'DOCUMENT_OK',
      note: 'Checked the hologram by hand',
    });
    expect(byId(w, 'decision-reference').text()).toBe('Decision recorded. Reference: KSK-000001');

    await byId(w, 'print-receipt').trigger('click');
    await flushPromises();
    expect(h.kiosk.calls.printDocument).toHaveBeenCalledWith({ handle: HANDLE, kind: 'receipt', locale: 'en' });
    expect(byId(w, 'print-receipt-result').text()).toBe('PDF made (4 bytes).');
    h.kiosk.calls.printDocument.mockResolvedValueOnce(fail('NOT_ALLOWED'));
    await byId(w, 'print-report').trigger('click');
    await flushPromises();
    expect(byId(w, 'print-report-result').text()).toBe('Printing is not set up.');
  });
});

describe('staff session', () => {
  it("main's idle warning shows the seconds left; 'still there?' tells main", async () => {
    vi.useFakeTimers();
    h = setUpFlow();
    const w = mountApp();
    await flushPromises();
    await toResult(h);
    h.kiosk.emit('staff:idle-warning', { secondsLeft: 20 });
    await flushPromises();
    const prompt = () => w.find('[data-testid="staff-bar"] [role="alertdialog"]');
    expect(prompt().text()).toContain('You will be signed out in 20 seconds.');
    await vi.advanceTimersByTimeAsync(2000);
    expect(prompt().text()).toContain('You will be signed out in 18 seconds.');
    await prompt().find('button').trigger('click');
    await flushPromises();
    expect(h.kiosk.calls.staffActivity).toHaveBeenCalledTimes(1);
    expect(prompt().exists()).toBe(false);
    expect(h.flow.step).toBe('result');
  });

  it("'staff:signed-out' clears the review from memory and returns to attract", async () => {
    h = setUpFlow();
    const w = mountApp();
    await flushPromises();
    await toResult(h);
    await byId(w, 'decision-APPROVE').trigger('click');
    expect(h.reports.report?.handle).toBe(HANDLE);
    h.kiosk.emit('staff:signed-out', { reason: 'idle' });
    await flushPromises();
    expect(h.flow.step).toBe('attract');
    expect(personDataLeft(h)).toEqual([]);
    expect(h.kiosk.calls.discardSession).toHaveBeenCalledWith({ handle: HANDLE });
    expect(w.find('[data-screen="result"]').exists()).toBe(false);
    expect(byId(w, 'staff-bar').exists()).toBe(false);
  });
});
