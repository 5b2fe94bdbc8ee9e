// @vitest-environment happy-dom
// Each screen change moves focus to the new heading and announces it in the app's one polite live
// region; the step indicator reads "Step n of m: …" with no empty items; the idle dialog is named,
// takes focus and gives it back; the choices made on attract reset when the visit ends.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { useAccessibilityStore } from '../../../renderer/a11y/accessibilityStore';
import { mountApp as mountAppWith, stallCamera, tearDownApp } from './appShellHarness';
import { setUpFlow, type FlowHarness } from './flowHarness';

let h: FlowHarness;

beforeEach(() => {
  stallCamera();
  h = setUpFlow({ idleTimeoutMs: 3000, countries: ['UTO', 'FRA'] }, { reportPollMs: 60_000 });
});
afterEach(() => {
  tearDownApp(h);
  document.documentElement.className = '';
});

async function mountApp(): Promise<VueWrapper> {
  const wrapper = mountAppWith(h);
  await flushPromises();
  return wrapper;
}
const announced = (w: VueWrapper) => w.find('[data-testid="screen-announcer"]').text();
const focused = () => (document.activeElement as HTMLElement | null)?.textContent?.trim();

describe('screen changes for screen readers', () => {
  it('focuses and announces each new heading: attract, consent, country, document type', async () => {
    const w = await mountApp();
    expect(focused()).toBe('Verify your identity');
    expect(announced(w)).toBe('Verify your identity');
    await w.find('[data-testid="start"]').trigger('click');
    await flushPromises();
    expect(document.activeElement?.tagName).toBe('H1');
    expect(focused()).toBe('Before we start');
    expect(announced(w)).toBe('Before we start');
    expect(document.activeElement?.getAttribute('tabindex')).toBe('-1'); // focusable, not a Tab stop
    await w.find('[data-testid="consent-accept"]').trigger('click');
    await flushPromises();
    expect(focused()).toBe('Which country issued your document?');
    expect(announced(w)).toBe('Which country issued your document?');
    await w.find('[data-country="FRA"]').trigger('click');
    await flushPromises();
    expect(focused()).toBe('Which document do you have?');
    expect(announced(w)).toBe('Which document do you have?');
  });

  it('reads the step as one line, "Step 1 of 4: Your document", with no empty list items', async () => {
    const w = await mountApp();
    await w.find('[data-testid="start"]').trigger('click');
    await w.find('[data-testid="consent-accept"]').trigger('click');
    await flushPromises();
    const step = w.find('[data-testid="step-indicator"]');
    expect(step.find('.sr-only').text()).toBe('Step 1 of 4: Your document');
    expect(step.find('ol').attributes('aria-hidden')).toBe('true');
  });

  it('names the idle dialog, moves focus into it and back when it closes', async () => {
    vi.useFakeTimers();
    const w = await mountApp();
    await w.find('[data-testid="start"]').trigger('click');
    await flushPromises();
    const heading = document.activeElement;
    await vi.advanceTimersByTimeAsync(2100);
    const dialog = w.find('[data-testid="idle-prompt"]');
    expect(dialog.attributes('role')).toBe('alertdialog');
    const title = document.getElementById(dialog.attributes('aria-labelledby')!);
    expect(title?.textContent).toBe('Are you still there?');
    expect(document.getElementById(dialog.attributes('aria-describedby')!)?.textContent).toMatch(
      /cleared in 1 second\./,
    );
    expect(focused()).toBe('I am still here');
    await dialog.find('button').trigger('click');
    await vi.advanceTimersByTimeAsync(300);
    expect(w.find('[data-testid="idle-prompt"]').exists()).toBe(false);
    expect(document.activeElement).toBe(heading);
  });

  it('large text and high contrast hold for the visit and are reset when it ends', async () => {
    const w = await mountApp();
    await w.find('[data-testid="toggle-large-text"]').trigger('click');
    await w.find('[data-testid="toggle-high-contrast"]').trigger('click');
    expect(w.find('[data-testid="toggle-large-text"]').attributes('aria-pressed')).toBe('true');
    const root = document.documentElement.classList;
    expect([root.contains('a11y-large-text'), root.contains('a11y-high-contrast')]).toEqual([true, true]);
    await w.find('[data-testid="start"]').trigger('click');
    await w.find('[data-testid="consent-accept"]').trigger('click');
    await flushPromises();
    expect([root.contains('a11y-large-text'), root.contains('a11y-high-contrast')]).toEqual([true, true]);
    await h.flow.endSession('cancelled');
    await flushPromises();
    expect([root.contains('a11y-large-text'), root.contains('a11y-high-contrast')]).toEqual([false, false]);
    const a11y = useAccessibilityStore(h.pinia);
    expect([a11y.speech, a11y.largeText, a11y.highContrast]).toEqual([false, false, false]);
  });
});
