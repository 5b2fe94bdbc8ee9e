// @vitest-environment happy-dom
// The staff report's evidence panel as both staff screens use it (ResultView, ExpertReviewView):
// every check as a card, the fields with the "read from" column only when the report says where
// each was read, the page images under each screen's own test ids (captioned where asked), one
// opened full size, and the screen's own parts in its slots.
import { afterEach, describe, expect, it } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import type { StaffReport } from '../../../common/ipc/contract';
import ReportEvidence from '../../../renderer/components/ReportEvidence.vue';
import { createKioskI18n } from '../../../renderer/i18n';
import { report } from './fakeKiosk';
import { setUpFlow } from './flowHarness';

const IMAGES = { pages: [{ side: 'front' as const, url: 'blob:page/front' }], face: 'blob:face' };
let wrapper: VueWrapper | null = null;

function mountEvidence(
  props: { report: StaffReport; testidPrefix?: string; captioned?: boolean },
  slots: Record<string, string> = {},
): VueWrapper {
  const h = setUpFlow();
  wrapper = mount(ReportEvidence, {
    props: { images: IMAGES, ...props },
    slots,
    global: { plugins: [h.pinia, createKioskI18n('en')] },
    attachTo: document.body,
  });
  return wrapper;
}

afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  delete window.kiosk;
});

describe('report evidence', () => {
  it('the review workspace: checks, captioned page, fields with where each was read, its slots', async () => {
    const w = mountEvidence(
      {
        report: report({
          fieldSources: [{ field: 'family_name', source: 'MRZ', disagreesWith: [] }],
        }),
        captioned: true,
      },
      {
        decision: '<p data-testid="slot-decision">decide</p>',
        'fields-note': '<p data-testid="slot-note">note</p>',
      },
    );
    expect(w.findAll('[data-testid="check-card"]')).toHaveLength(1);
    expect(w.find('[data-testid="result-page"]').attributes('src')).toBe('blob:page/front');
    expect(w.find('.images figcaption').text()).toBe('Page: front');
    const surname = w.find('[data-testid="field-row"][data-field="family_name"]');
    expect(surname.find('[data-testid="field-source"]').text()).toBe('MRZ (photo)');
    expect(w.find('[data-testid="slot-decision"]').text()).toBe('decide');
    expect(w.find('[data-testid="slot-note"]').text()).toBe('note');

    expect(w.find('[data-testid="image-viewer"]').exists()).toBe(false);
    await w.find('[data-testid="open-page-front"]').trigger('click');
    expect(w.find('[data-testid="viewer-image"]').attributes('src')).toBe('blob:page/front');
    await w.find('[data-testid="viewer-close"]').trigger('click');
    expect(w.find('[data-testid="image-viewer"]').exists()).toBe(false);
  });

  it('expert review: its own page test ids, no caption, no "read from" column for a report without sources', () => {
    const w = mountEvidence({ report: report(), testidPrefix: 'expert-' });
    expect(w.find('[data-testid="open-page-front"]').exists()).toBe(false);
    expect(w.find('[data-testid="expert-open-page-front"]').exists()).toBe(true);
    expect(w.find('.images figcaption').exists()).toBe(false);
    expect(w.findAll('[data-testid="field-row"]').map((r) => r.attributes('data-field'))).toEqual([
      'family_name',
      'given_names',
    ]);
    expect(w.find('[data-testid="field-source"]').exists()).toBe(false);
  });
});
