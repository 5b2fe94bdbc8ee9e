// The staff report's field sources for fields read from the chip: source CHIP, and a field where
// the chip's DG1 and the printed or scanned MRZ differ lists the MRZ it disagrees with.
import { describe, expect, it } from 'vitest';
import type { CheckReport } from '../../../common/ipc/contract';
import { fieldSourcesOf } from '../../../electron/services/reportBuilder';

const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
const authenticity = (breakdown: CheckReport['breakdown']): CheckReport => ({
  type: 'ID_DOCUMENT_AUTHENTICITY',
  state: 'DONE',
  recommendation: { value: 'REJECT', reason: 'CHIP_DATA_MISMATCH' },
  breakdown,
});
const sub = (subCheck: string, result: 'PASS' | 'FAIL', details: Record<string, string> = {}) => ({
  subCheck,
  result,
  details: Object.entries(details).map(([name, value]) => ({ name, value })),
});
const fields = {
  family_name: 'ERIKSSON',
  document_number: 'L898902C3',
  place_of_birth: 'ZENITH',
  mrz: { type: 3, line1: TD3[0], line2: TD3[1] },
  extraction_source: 'CHIP',
};

describe('field sources of chip fields', () => {
  it('fields from DG1 have source CHIP; differing fields disagree with the MRZs compared', () => {
    const checks = [
      authenticity([
        sub('chip_data_mrz_comparison', 'FAIL', { compared_with: 'IMAGE_MRZ,SCANNER_MRZ', differing_fields: 'family_name' }),
      ]),
    ];
    expect(fieldSourcesOf(fields, checks)).toEqual([
      { field: 'family_name', source: 'CHIP', disagreesWith: ['MRZ', 'SCANNER_MRZ'] },
      { field: 'document_number', source: 'CHIP', disagreesWith: [] },
      // Not in DG1's MRZ: filled from a barcode.
      { field: 'place_of_birth', source: 'BARCODE', disagreesWith: [] },
      { field: 'mrz', source: 'CHIP', disagreesWith: [] },
    ]);
  });

  it('MRZ fields that the chip contradicts disagree with CHIP; a passing comparison marks nothing', () => {
    const mrzFields = { ...fields, extraction_source: 'SCANNER_MRZ' };
    const failed = [authenticity([sub('chip_data_mrz_comparison', 'FAIL', { compared_with: 'SCANNER_MRZ', differing_fields: 'document_number' })])];
    expect(fieldSourcesOf(mrzFields, failed).find((f) => f.field === 'document_number')).toEqual({
      field: 'document_number',
      source: 'SCANNER_MRZ',
      disagreesWith: ['CHIP'],
    });
    const passed = [authenticity([sub('chip_data_mrz_comparison', 'PASS', { compared_with: 'IMAGE_MRZ', differing_fields: '' })])];
    expect(fieldSourcesOf(fields, passed).every((f) => f.disagreesWith.length === 0)).toBe(true);
  });
});
