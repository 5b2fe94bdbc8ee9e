// @vitest-environment happy-dom
// The review's words: a field two sources read differently is highlighted and names the other
// source; check names, reasons and results are in the station's language (Spanish here), with the
// codes only under the details.
import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import type { CheckReport } from '../../../common/ipc/contract';
import FieldList from '../../../renderer/components/FieldList.vue';
import CheckReportCard from '../../../renderer/components/CheckReportCard.vue';
import ReviewSummary from '../../../renderer/components/ReviewSummary.vue';
import { createKioskI18n } from '../../../renderer/i18n';

const CHECK: CheckReport = {
  type: 'ID_DOCUMENT_AUTHENTICITY',
  state: 'DONE',
  recommendation: { value: 'REJECT', reason: 'DATA_MISMATCH' },
  breakdown: [
    { subCheck: 'scanner_image_mrz_comparison', result: 'FAIL', details: [{ name: 'differing_fields', value: 'family_name' }] },
    { subCheck: 'mrz_validation', result: 'PASS', details: [] },
  ],
};

describe('review words', () => {
  it('highlights a field the sources disagree on, naming the other source', () => {
    const w = mount(FieldList, {
      props: {
        showSources: true,
        fields: [
          { name: 'family_name', label: 'Family name', value: 'ERIKSSON', source: 'SCANNER_MRZ', disagreesWith: ['MRZ'] },
          { name: 'given_names', label: 'Given names', value: 'ANNA', source: 'SCANNER_MRZ', disagreesWith: [] },
        ],
      },
      global: { plugins: [createKioskI18n('en')] },
    });
    const rows = w.findAll('[data-testid="field-row"]');
    expect(rows.map((r) => r.attributes('data-disagree') ?? null)).toEqual(['true', null]);
    expect(rows[0]?.classes()).toContain('fields__row--disagree');
    expect(rows[0]?.find('[data-testid="field-disagreement"]').text()).toBe('Disagrees with: MRZ (photo)');
    expect(rows[1]?.find('[data-testid="field-source"]').text()).toBe('MRZ (scanner)');
  });

  it('a check in Spanish: its name, reason and results in words, the codes only under the details', () => {
    const w = mount(CheckReportCard, {
      props: { check: CHECK, recommendationLabel: 'Rechazar' },
      global: { plugins: [createKioskI18n('es')] },
    });
    expect(w.find('h3').text()).toBe('Autenticidad del documento');
    expect(w.find('[data-testid="check-reason"]').text()).toBe('Dos lecturas del documento no coinciden.');
    expect(w.findAll('[data-testid="sub-check-result"]').map((r) => r.text())).toEqual(['No superado', 'Superado']);
    expect(w.find('.check__breakdown').text()).toContain('MRZ del escáner frente a MRZ de la foto');
    expect(w.find('.check__breakdown').text()).not.toContain('scanner_image_mrz_comparison');
    expect(w.find('.check__details').text()).toContain('scanner_image_mrz_comparison: FAIL');
  });

  it('the summary in French says what failed and, for what could not be checked, why', () => {
    const w = mount(ReviewSummary, {
      props: {
        checks: [
          CHECK,
          { type: 'LIVENESS', state: 'DONE', recommendation: { value: 'NOT_AVAILABLE', reason: 'PHOTO_TOO_DARK' }, breakdown: [] },
        ],
      },
      global: { plugins: [createKioskI18n('fr')] },
    });
    expect(w.find('[data-testid="summary-failed"]').text()).toContain('Authenticité du document');
    expect(w.find('[data-testid="summary-not-checked"]').text()).toContain('Détection du vivant — La photo est trop sombre.');
  });
});
