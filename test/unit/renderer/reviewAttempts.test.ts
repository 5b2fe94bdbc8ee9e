// @vitest-environment happy-dom
// The review screen with the service's attempts (issue 8, part 1): how many tries are left, in the
// person's language; with none left there is no retake (the service would refuse it) and the
// screen says what to do instead: use this photo, or ask a member of staff.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import { ok } from './fakeKiosk';
import { mountApp, stallCamera, tearDownApp } from './appShellHarness';
import { image, setUpFlow, type FlowHarness } from './flowHarness';

let h: FlowHarness;

beforeEach(() => {
  // The review is reached directly, not through the camera.
  stallCamera();
  h = setUpFlow({ idleTimeoutMs: 60_000 }, { reportPollMs: 60_000 });
});

afterEach(() => tearDownApp(h));

/** The review of a rejected front page, with what the service said is left. */
async function reviewWith(locale: 'en' | 'es' | 'fr', attemptsRemaining: number | null) {
  h.kiosk.calls.uploadPage.mockResolvedValueOnce(
    ok({ status: 'uploaded', feedback: { acceptable: false, issues: ['NO_DOCUMENT'] }, attemptsRemaining }),
  );
  const wrapper = mountApp(h);
  await flushPromises();
  const { flow } = h;
  flow.begin();
  flow.setLocale(locale);
  await flow.acceptConsent();
  await flow.chooseDocumentType('PASSPORT');
  await flow.pageCaptured(image(1));
  await flushPromises();
  expect(wrapper.find('[data-testid="review-rejected"]').exists()).toBe(true);
  return wrapper;
}

describe('review screen: tries left', () => {
  it.each([
    ['en', '2 tries left'],
    ['es', 'Quedan 2 intentos'],
    ['fr', 'Encore 2 essais'],
  ] as const)('%s: says how many tries are left and offers the retake', async (locale, text) => {
    const w = await reviewWith(locale, 2);
    const tries = w.find('[data-testid="review-tries"]');
    expect(tries.text()).toBe(text);
    expect(tries.attributes('data-attempts-remaining')).toBe('2');
    await w.find('[data-testid="retake"]').trigger('click');
    expect(h.flow.step).toBe('capture');
  });

  it('one try left is said in the singular', async () => {
    const w = await reviewWith('en', 1);
    expect(w.find('[data-testid="review-tries"]').text()).toBe('1 try left');
  });

  it.each([
    [
      'en',
      'No tries left for this document. Use this photo, or ask a member of staff for help.',
      'Use this photo',
    ],
    [
      'es',
      'No quedan intentos para este documento. Use esta foto o pida ayuda a un empleado.',
      'Usar esta foto',
    ],
    [
      'fr',
      "Plus d'essai possible pour ce document. Utilisez cette photo ou demandez de l'aide à un membre du personnel.",
      'Utiliser cette photo',
    ],
  ] as const)(
    '%s: with none left there is no retake, and the screen says what to do',
    async (locale, text, button) => {
      const w = await reviewWith(locale, 0);
      expect(w.find('[data-testid="review-tries"]').text()).toBe(text);
      expect(w.find('[data-testid="retake"]').exists()).toBe(false);
      const use = w.find('[data-testid="use-anyway"]');
      expect(use.text()).toBe(button);
      await use.trigger('click');
      expect(h.flow.step).toBe('face');
    },
  );

  it('says nothing about tries when the service does not', async () => {
    const w = await reviewWith('en', null);
    expect(w.find('[data-testid="review-tries"]').exists()).toBe(false);
    expect(w.find('[data-testid="retake"]').exists()).toBe(true);
  });
});
