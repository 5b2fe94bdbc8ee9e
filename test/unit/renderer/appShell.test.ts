// @vitest-environment happy-dom
// The app shell with its views (vue-test-utils): the idle countdown and wipe, the review screen's
// feedback in the person's language, and the staff result's source label.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { HANDLE, ok, report } from './fakeKiosk';
import { mountApp as mountAppWith, stallCamera, tearDownApp } from './appShellHarness';
import { image, personDataLeft, setUpFlow, toResult, type FlowHarness } from './flowHarness';

let h: FlowHarness;
const mountApp = (): VueWrapper => mountAppWith(h);

beforeEach(() => {
  stallCamera();
  h = setUpFlow({ idleTimeoutMs: 3000 }, { reportPollMs: 60_000 });
});

afterEach(() => tearDownApp(h));

describe('app shell', () => {
  it('shows the attract screen with the service label from main', async () => {
    const w = mountApp();
    await flushPromises();
    expect(w.find('[data-screen="attract"]').exists()).toBe(true);
    expect(w.find('[data-testid="service-notice"]').text()).toContain('Local IDV service');
  });

  it('says so on the attract screen when the kiosk bridge is missing, without crashing', async () => {
    delete window.kiosk;
    const w = mountApp();
    await flushPromises();
    expect(w.find('[data-testid="service-unavailable"]').text()).toContain('window.kiosk');
    expect(w.find('[data-testid="service-notice"]').exists()).toBe(false);
  });

  it('asks "are you still there?", then wipes and returns to attract on idle timeout', async () => {
    vi.useFakeTimers();
    const w = mountApp();
    await flushPromises();
    const { flow } = h;
    await w.find('[data-testid="start"]').trigger('click');
    await w.find('[data-testid="consent-accept"]').trigger('click');
    await flushPromises();
    expect(w.find('[data-screen="document"]').exists()).toBe(true);
    expect(h.session.handle).toBe(HANDLE);

    await vi.advanceTimersByTimeAsync(2100); // 3 s timeout, 1 s countdown
    expect(w.find('[data-testid="idle-prompt"]').exists()).toBe(true);
    expect(w.find('[data-testid="idle-prompt"]').text()).toMatch(/cleared in 1 second\./);
    await w.find('[data-testid="idle-prompt"] button').trigger('click');
    await vi.advanceTimersByTimeAsync(300);
    expect(w.find('[data-testid="idle-prompt"]').exists()).toBe(false);
    expect(flow.step).toBe('document');

    await vi.advanceTimersByTimeAsync(3300);
    await flushPromises();
    expect(flow.step).toBe('attract');
    expect(w.find('[data-screen="attract"]').exists()).toBe(true);
    expect(h.kiosk.calls.discardSession).toHaveBeenCalledWith({ handle: HANDLE });
    expect(personDataLeft(h)).toEqual([]);
    expect(w.find('[data-testid="idle-prompt"]').exists()).toBe(false);
    // The next person is told the kiosk was cleared (nothing of the last one is shown).
    expect(w.find('[data-testid="timed-out"]').exists()).toBe(true);
  });

  it('does not time out on the attract screen', async () => {
    vi.useFakeTimers();
    mountApp();
    await flushPromises();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(h.flow.step).toBe('attract');
    expect(document.querySelector('[data-testid="idle-prompt"]')).toBeNull();
  });

  it('names the problem in the chosen language when the service asks for a retake', async () => {
    h.kiosk.calls.uploadPage.mockResolvedValueOnce(
      ok({
        status: 'uploaded',
        feedback: { acceptable: false, issues: ['BLURRED', 'SOMETHING_NEW'] },
        attemptsRemaining: null,
      }),
    );
    const w = mountApp();
    await flushPromises();
    const { flow } = h;
    flow.begin();
    flow.setLocale('es');
    await flow.acceptConsent();
    await flow.chooseDocumentType('PASSPORT');
    // Straight to the review (the capture view needs a camera, which happy-dom has not).
    await flow.pageCaptured(image(1));
    await flushPromises();
    const rejected = w.find('[data-testid="review-rejected"]');
    expect(rejected.exists()).toBe(true);
    expect(rejected.text()).toContain('La foto está borrosa.');
    expect(rejected.text()).toContain('La foto no es lo bastante clara.'); // unknown code → generic text
    await w.find('[data-testid="retake"]').trigger('click');
    expect(flow.step).toBe('capture');
  });

  it('labels a local-service result as not a Yoti verification, and a Yoti one as Yoti', async () => {
    const w = mountApp();
    await flushPromises();
    await toResult(h);
    await flushPromises();
    const banner = w.find('[data-testid="result-source"]');
    expect(banner.text()).toContain('NOT a Yoti verification');
    expect(banner.classes()).toContain('source--local');
    expect(w.findAll('[data-testid="check-card"]')).toHaveLength(1);
    expect(w.text()).toContain('ERIKSSON');

    // The report's images come through object URLs made from its bytes.
    expect(w.findAll('[data-testid="result-page"]').map((i) => i.attributes('src'))).toEqual([
      h.reports.images.pages[0]?.url,
    ]);
    expect(w.find('[data-testid="result-face"]').attributes('src')).toMatch(/^blob:fake\//);

    h.reports.show(
      report({ source: { kind: 'yoti', label: 'Yoti IDV', baseUrl: 'https://api.yoti.com/idverify/v1' } }),
    );
    await flushPromises();
    expect(w.find('[data-testid="result-source"]').text()).not.toContain('NOT a Yoti');
    expect(w.find('[data-testid="result-source"]').classes()).toContain('source--yoti');
  });
});
