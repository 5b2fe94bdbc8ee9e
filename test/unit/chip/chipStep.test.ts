// @vitest-environment happy-dom
// The chip step: its reducer (waiting, reading with progress, taken off, failed, retry, skip) and
// the screen that shows it, with the fallback always offered.
import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import ChipView from '../../../renderer/views/ChipView.vue';
import { createKioskI18n } from '../../../renderer/i18n';
import { CHIP_START, chipStepApplies, chipTransition, type ChipState } from '../../../renderer/flow/flowMachine';

describe('chip step reducer', () => {
  it('moves from waiting to reading with progress, and to the face once read', () => {
    const reading = chipTransition(CHIP_START, { type: 'chipProgress', stage: 'files', fraction: 0.5, attempt: 1 });
    expect(reading).toEqual({ name: 'chip', phase: 'reading', fraction: 0.5, attempt: 1, failure: null });
    expect(chipTransition(reading as ChipState, { type: 'chipRead' })).toEqual({ name: 'face' });
  });

  it('says the passport was taken off, and offers retry except for a wrong MRZ', () => {
    const removed = chipTransition(CHIP_START, { type: 'chipProgress', stage: 'card-removed', fraction: null, attempt: 2 });
    expect(removed).toMatchObject({ phase: 'removed', attempt: 2 });
    const failed = chipTransition(removed as ChipState, { type: 'chipFailed', error: 'CARD_REMOVED' }) as ChipState;
    expect(chipTransition(failed, { type: 'chipRetry' })).toEqual(CHIP_START);
    const wrong = chipTransition(CHIP_START, { type: 'chipFailed', error: 'WRONG_MRZ' }) as ChipState;
    expect(chipTransition(wrong, { type: 'chipRetry' })).toBe(wrong);
    expect(chipTransition(wrong, { type: 'chipSkipped' })).toEqual({ name: 'face' });
  });

  it('applies to chip documents only when a reader is attached', () => {
    expect(chipStepApplies('PASSPORT', true)).toBe(true);
    expect(chipStepApplies('PASSPORT', false)).toBe(false);
    expect(chipStepApplies('DRIVING_LICENCE', true)).toBe(false);
  });
});

describe('chip screen', () => {
  // The screen reads the kiosk's mode and the staff sign-in from their stores (an unattended kiosk here).
  const mountWith = (state: ChipState) =>
    mount(ChipView, { props: { state }, global: { plugins: [createPinia(), createKioskI18n('en')] } });

  it('asks for the passport and shows the read progress', async () => {
    const w = mountWith(CHIP_START);
    expect(w.find('h1').text()).toBe('Place your passport on the reader');
    await w.setProps({ state: { ...CHIP_START, phase: 'reading', fraction: 0.42 } });
    expect(w.find('[data-testid="chip-progress"]').attributes('aria-valuetext')).toBe('42% read');
  });

  it('tells the person a wrong MRZ will not open the chip and offers only to go on without it', async () => {
    const w = mountWith({ ...CHIP_START, phase: 'failed', failure: 'WRONG_MRZ' });
    expect(w.find('[data-testid="chip-message"]').text()).toBe('The chip did not open with the details read from this passport. You can continue without it.');
    expect(w.find('[data-testid="chip-retry"]').exists()).toBe(false);
    await w.find('[data-testid="chip-skip"]').trigger('click');
    expect(w.emitted('skip')).toHaveLength(1);
  });

  it('says the passport was moved off the reader', () => {
    const w = mountWith({ ...CHIP_START, phase: 'removed', attempt: 2 });
    expect(w.find('[data-testid="chip-message"]').text()).toBe('The passport was moved off the reader. Put it back to carry on.');
  });
});
