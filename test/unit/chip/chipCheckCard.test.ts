// @vitest-environment happy-dom
// The staff review's check card for the chip's sub-checks: names in words, and a note where
// PASS/FAIL alone would mislead (PA NOT_VERIFIED is no sign of forgery; face match on the chip portrait).
import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import type { CheckReport } from '../../../common/ipc/contract';
import CheckReportCard from '../../../renderer/components/CheckReportCard.vue';
import { createKioskI18n } from '../../../renderer/i18n';

const sub = (subCheck: string, result: 'PASS' | 'FAIL', details: Record<string, string>) => ({
  subCheck,
  result,
  details: Object.entries(details).map(([name, value]) => ({ name, value })),
});

function card(check: CheckReport) {
  const i18n = createKioskI18n('en');
  return mount(CheckReportCard, { props: { check, recommendationLabel: 'x' }, global: { plugins: [i18n] } });
}

describe('chip sub-checks on the staff check card', () => {
  it('names them in words and says NOT_VERIFIED is not a failure', () => {
    const w = card({
      type: 'ID_DOCUMENT_AUTHENTICITY',
      state: 'DONE',
      recommendation: { value: 'NOT_AVAILABLE' },
      breakdown: [
        sub('chip_passive_authentication', 'FAIL', { status: 'NOT_VERIFIED' }),
        sub('chip_data_mrz_comparison', 'PASS', { compared_with: 'IMAGE_MRZ' }),
        sub('chip_authentication', 'PASS', {}),
      ],
    });
    expect(w.findAll('td.sub').map((td) => td.text())).toEqual([
      'Chip signature (passive authentication) — not verified: the kiosk has no certificate (CSCA) for this issuer — not a sign of forgery',
      'Chip data against the MRZ',
      'Genuine chip (chip/active authentication)',
    ]);
  });

  it('a failed PA has no note; face match on the chip portrait says so', () => {
    const failed = card({
      type: 'ID_DOCUMENT_AUTHENTICITY',
      state: 'DONE',
      recommendation: { value: 'REJECT', reason: 'CHIP_DATA_INVALID' },
      breakdown: [sub('chip_passive_authentication', 'FAIL', { status: 'FAILED' })],
    });
    expect(failed.findAll('[data-testid="chip-note"]')).toHaveLength(0);
    expect(failed.find('[data-testid="check-reason"]').text()).toBe(
      'The chip’s data is not signed by the issuing state as it stands (tampered or broken).',
    );
    const match = card({
      type: 'ID_DOCUMENT_FACE_MATCH',
      state: 'DONE',
      recommendation: { value: 'APPROVE' },
      breakdown: [sub('ai_face_match', 'PASS', { portrait_source: 'CHIP_PORTRAIT', portrait_format: 'JPEG' })],
    });
    expect(match.find('[data-testid="chip-note"]').text()).toBe('— compared with the portrait read from the chip');
  });
});
