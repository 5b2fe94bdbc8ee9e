// @vitest-environment happy-dom
// The first run: staff see on the attract screen what to set up next (an unattended kiosk only while
// it still runs the demo service), and the notes go once a verification has been submitted.
import { afterEach, describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import AttractView from '../../../renderer/views/AttractView.vue';
import { createKioskI18n, messages } from '../../../renderer/i18n';
import type { FakeKioskOptions } from './fakeKiosk';
import { setUpFlow, type FlowHarness } from './flowHarness';

let h: FlowHarness;

async function attract(options: FakeKioskOptions) {
  h = setUpFlow(options);
  await h.flow.init();
  const w = mount(AttractView, { global: { plugins: [h.pinia, createKioskI18n('en')] } });
  await flushPromises();
  return w;
}

afterEach(() => {
  expect(h.kiosk.violations).toEqual([]);
  delete window.kiosk;
});

describe('first run', () => {
  it('staff mode, demo service: mode, a demo verification and the first admin (said to come later)', async () => {
    const w = await attract({ mode: 'staff', firstRun: true, demo: { useDemoCamera: false } });
    const panel = w.find('[data-testid="first-run"]');
    expect(panel.findAll('li').map((li) => li.text())).toEqual([
      messages.en.firstRun.mode,
      messages.en.firstRun.demo,
      messages.en.firstRun.admin,
    ]);
  });

  it('with a real service there is no demo to try', async () => {
    const w = await attract({ mode: 'staff', firstRun: true, demo: null });
    expect(w.find('[data-testid="first-run"]').exists()).toBe(true);
    expect(w.find('[data-testid="first-run-demo"]').exists()).toBe(false);
  });

  it('an unattended kiosk shows it only while it runs the demo service (being set up)', async () => {
    expect(
      (await attract({ mode: 'unattended', firstRun: true, demo: { useDemoCamera: false } }))
        .find('[data-testid="first-run"]')
        .exists(),
    ).toBe(true);
  });

  it('not on an unattended kiosk on a real service, and not after the first verification', async () => {
    expect(
      (await attract({ mode: 'unattended', firstRun: true, demo: null }))
        .find('[data-testid="first-run"]')
        .exists(),
    ).toBe(false);
    expect(
      (await attract({ mode: 'staff', firstRun: false })).find('[data-testid="first-run"]').exists(),
    ).toBe(false);
  });
});
