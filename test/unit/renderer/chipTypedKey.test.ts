// @vitest-environment happy-dom
// The chip screen's "Type the MRZ": offered on a staffed kiosk when the chip needs its key (no
// key, or it did not open the chip), never on an unattended one (the fallback only), nor for a
// failure typing cannot help. Staff sign in on the screen, the form's "Open the chip" waits for a
// key that can be right, the read is keyed by the typed lines, and the sign-in made there ends
// with the step.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { defineComponent, h as render } from 'vue';
import ChipView from '../../../renderer/views/ChipView.vue';
import { useFlowStore } from '../../../renderer/stores/flow';
import { createKioskI18n } from '../../../renderer/i18n';
import type { ChipReadError } from '../../../common/ipc/chipChannels';
import { FAKE_ADMIN, HANDLE, ok } from './fakeKiosk';
import { image, setUpFlow, toCapture, type FlowHarness } from './flowHarness';
import { SPECIMEN_TD3, SPECIMEN_TYPED_KEY } from './chipKeyFixtures';

const TD3 = SPECIMEN_TD3;
const READER = { available: true, reason: null, readers: [{ name: 'Virtual PCD 00 00', cardPresent: true }] };

let h: FlowHarness;
let wrapper: VueWrapper | null = null;

afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  delete window.kiosk;
});

/** The chip screen after a read that failed with `error`, on a kiosk in `mode`. */
async function chipFailed(mode: 'staff' | 'unattended', error: ChipReadError): Promise<VueWrapper> {
  h = setUpFlow({ mode });
  h.kiosk.calls.getChipStatus.mockResolvedValue(ok(READER));
  h.kiosk.calls.readChip.mockResolvedValueOnce(ok({ ok: false as const, error, message: 'refused' }));
  await toCapture(h, 'PASSPORT');
  await h.flow.pageCaptured(image(1));
  h.flow.confirmPage();
  await vi.waitFor(() => expect(h.flow.state).toMatchObject({ name: 'chip', phase: 'failed', failure: error }));
  const Screen = defineComponent({
    setup() {
      const flow = useFlowStore();
      return () => (flow.state.name === 'chip' ? render(ChipView, { state: flow.state }) : render('p', 'left'));
    },
  });
  wrapper = mount(Screen, { global: { plugins: [h.pinia, createKioskI18n('en')] }, attachTo: document.body });
  await flushPromises();
  return wrapper;
}

/** "Staff: type the MRZ", then the sign-in on the chip screen. */
async function signInToType(w: VueWrapper): Promise<void> {
    await w.find('[data-testid="chip-type-mrz"]').trigger('click');
    await w.find('[data-testid="chip-staff-name"]').setValue(FAKE_ADMIN.name);
    await w.find('[data-testid="chip-staff-pin"]').setValue(FAKE_ADMIN.pin);
    await w.find('[data-testid="chip-staff-submit"]').trigger('click');
    await flushPromises();
}

describe('chip screen: staff type the MRZ', () => {
  it('unattended: a wrong key offers only going on without the chip, no typing form', async () => {
    const w = await chipFailed('unattended', 'WRONG_MRZ');
    expect(w.find('[data-testid="chip-type-mrz"]').exists()).toBe(false);
    expect(w.find('[data-testid="chip-mrz-form"]').exists()).toBe(false);
    expect(w.find('[data-testid="chip-skip"]').text()).toBe('Continue without the chip');
  });

  it('staffed: not offered for a failure typing cannot help (no card): try again instead', async () => {
    const w = await chipFailed('staff', 'NO_CARD');
    expect(w.find('[data-testid="chip-type-mrz"]').exists()).toBe(false);
    expect(w.find('[data-testid="chip-retry"]').exists()).toBe(true);
  });

  it('staffed, no key known: sign in on the screen, type, open; the sign-in ends with the step', async () => {
    const w = await chipFailed('staff', 'NO_MRZ');
    const offer = w.find('[data-testid="chip-type-mrz"]');
    expect(offer.text()).toBe('Staff: type the MRZ');
    await offer.trigger('click');
    await w.find('[data-testid="chip-staff-name"]').setValue(FAKE_ADMIN.name);
    await w.find('[data-testid="chip-staff-pin"]').setValue(FAKE_ADMIN.pin);
    await w.find('[data-testid="chip-staff-submit"]').trigger('click');
    await flushPromises();
    expect(h.kiosk.calls.staffSignIn).toHaveBeenCalledWith({ name: FAKE_ADMIN.name, pin: FAKE_ADMIN.pin });
    const open = w.find('[data-testid="chip-mrz-open"]');
    expect(open.attributes('disabled')).toBeDefined();
    // The zone reads left to right whatever the page's direction (Arabic, Hebrew).
    expect(w.find('[data-testid="chip-mrz-line-1"]').attributes('dir')).toBe('ltr');
    await w.find('[data-testid="chip-mrz-line-1"]').setValue(TD3[0]);
    await w.find('[data-testid="chip-mrz-line-2"]').setValue(TD3[1].replace('1204159', '1204158'));
    expect(w.find('[data-testid="chip-mrz-problems"]').text()).toBe(
      'The check digit of the date of expiry does not match: check the date and the digit after it.',
    );
    expect(open.attributes('disabled')).toBeDefined();
    await w.find('[data-testid="chip-mrz-line-2"]').setValue(TD3[1]);
    expect(open.attributes('disabled')).toBeUndefined();
    h.kiosk.calls.readChip.mockResolvedValueOnce(
      ok({
        ok: true as const,
        summary: {
          reader: 'Virtual PCD 00 00',
          access: 'BAC' as const,
          dataGroupsRead: [1, 2],
          mrzMatches: true,
          portrait: null,
          passiveAuthentication: { status: 'NOT_VERIFIED' as const, detail: 'no CSCA', steps: [] },
          chipAuthentication: { status: 'NOT_SUPPORTED' as const, detail: 'no DG14' },
          activeAuthentication: { status: 'NOT_SUPPORTED' as const, detail: 'no DG15' },
          ms: 300,
        },
      }),
    );
    await open.trigger('click');
    await flushPromises();
    expect(h.kiosk.calls.readChip).toHaveBeenLastCalledWith({ handle: HANDLE, mrzLines: TD3 });
    expect(h.flow.step).toBe('face');
    await flushPromises();
    expect(h.kiosk.calls.staffSignOut).toHaveBeenCalledTimes(1);
  });

  it('a typed read that fails for another reason (no card) is tried again with the same lines', async () => {
    const w = await chipFailed('staff', 'WRONG_MRZ');
    await signInToType(w);
    await w.find('[data-testid="chip-mrz-line-1"]').setValue(TD3[0]);
    await w.find('[data-testid="chip-mrz-line-2"]').setValue(TD3[1]);
    h.kiosk.calls.readChip.mockResolvedValueOnce(ok({ ok: false as const, error: 'NO_CARD' as const, message: 'no card on the reader' }));
    await w.find('[data-testid="chip-mrz-open"]').trigger('click');
    await flushPromises();
    expect(h.flow.state).toMatchObject({ phase: 'failed', failure: 'NO_CARD', keyTyped: true });
    h.kiosk.calls.readChip.mockResolvedValueOnce(ok({ ok: false as const, error: 'NO_CARD' as const, message: 'no card on the reader' }));
    await w.find('[data-testid="chip-retry"]').trigger('click');
    await flushPromises();
    expect(h.kiosk.calls.readChip.mock.calls.map((c) => c[0])).toEqual([
      { handle: HANDLE },
      { handle: HANDLE, mrzLines: TD3 },
      { handle: HANDLE, mrzLines: TD3 },
    ]);
  });

  it('the short form: the three fields with their check digits go as mrzKey', async () => {
    const w = await chipFailed('staff', 'WRONG_MRZ');
    await signInToType(w);
    await w.find('[data-testid="chip-mrz-format-KEY"]').setValue(true);
    const key = SPECIMEN_TYPED_KEY;
    for (const [field, value] of Object.entries(key)) await w.find(`[data-testid="chip-mrz-${field}"]`).setValue(value);
    h.kiosk.calls.readChip.mockResolvedValueOnce(ok({ ok: false as const, error: 'WRONG_MRZ' as const, message: 'this MRZ does not open this chip' }));
    await w.find('[data-testid="chip-mrz-open"]').trigger('click');
    await flushPromises();
    expect(h.kiosk.calls.readChip).toHaveBeenLastCalledWith({ handle: HANDLE, mrzKey: key });
    // Said so, and what was typed is still there for correction.
    expect(w.find('[data-testid="chip-message"]').text()).toContain('This MRZ does not open this chip.');
    expect((w.find('[data-testid="chip-mrz-dateOfBirth"]').element as HTMLInputElement).value).toBe('740812');
    // Cancel: back to the fallback, the typed fields gone.
    await w.find('[data-testid="chip-mrz-cancel"]').trigger('click');
    expect(w.find('[data-testid="chip-mrz-form"]').exists()).toBe(false);
    expect(w.find('[data-testid="chip-skip"]').exists()).toBe(true);
    await w.find('[data-testid="chip-type-mrz"]').trigger('click');
    expect((w.find('[data-testid="chip-mrz-dateOfBirth"]').element as HTMLInputElement).value).toBe('');
  });
});
