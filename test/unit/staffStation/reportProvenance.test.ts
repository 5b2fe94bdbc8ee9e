// What the staff report says about where each field was read and about capture quality, from the
// service's own document fields JSON and authenticity breakdown; and the session reference.
import { describe, expect, it } from 'vitest';
import type { CheckReport } from '../../../common/ipc/contract';
import { sessionReference } from '../../../electron/services/audit/sessionReference';
import { captureNotesOf, fieldSourcesOf } from '../../../electron/services/reportBuilder';

const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];

const authenticity = (breakdown: CheckReport['breakdown']): CheckReport => ({
  type: 'ID_DOCUMENT_AUTHENTICITY',
  state: 'DONE',
  recommendation: { value: 'REJECT', reason: 'DATA_MISMATCH' },
  breakdown,
});
const sub = (subCheck: string, result: 'PASS' | 'FAIL', details: Record<string, string> = {}) => ({
  subCheck,
  result,
  details: Object.entries(details).map(([name, value]) => ({ name, value })),
});

describe('field sources', () => {
  it('MRZ fields come from the MRZ, a field the MRZ lacks from the barcode; comparisons mark disagreements', () => {
    const fields = {
      given_names: 'ANNA MARIA',
      family_name: 'ERIKSSON',
      full_name: 'ANNA MARIA ERIKSSON',
      date_of_birth: '1974-08-12',
      document_number: 'L898902C3',
      place_of_birth: 'ZENITH',
      mrz: { type: 3, line1: TD3[0], line2: TD3[1] },
      extraction_source: 'SCANNER_MRZ',
    };
    const checks = [
      authenticity([
        sub('scanner_image_mrz_comparison', 'FAIL', { differing_fields: 'document_number,family_name' }),
        sub('ocr_barcode_comparison', 'FAIL', { compared: 'date_of_birth' }),
        sub('issuing_country_match', 'PASS'),
        sub('document_type_match', 'FAIL', { selected: 'NATIONAL_ID' }),
      ]),
    ];
    expect(fieldSourcesOf(fields, checks)).toEqual([
      { field: 'given_names', source: 'SCANNER_MRZ', disagreesWith: [] },
      { field: 'family_name', source: 'SCANNER_MRZ', disagreesWith: ['MRZ'] },
      { field: 'full_name', source: 'SCANNER_MRZ', disagreesWith: [] },
      { field: 'date_of_birth', source: 'SCANNER_MRZ', disagreesWith: ['BARCODE'] },
      { field: 'document_number', source: 'SCANNER_MRZ', disagreesWith: ['MRZ'] },
      { field: 'place_of_birth', source: 'BARCODE', disagreesWith: [] },
      { field: 'mrz', source: 'SCANNER_MRZ', disagreesWith: [] },
    ]);
  });

  it('a barcode-only reading, and one without a source, say so; the person’s choice can disagree', () => {
    const checks = [authenticity([sub('issuing_country_match', 'FAIL'), sub('ocr_barcode_comparison', 'PASS')])];
    expect(fieldSourcesOf({ issuing_country: 'USA', extraction_source: 'PDF417' }, checks)).toEqual([
      { field: 'issuing_country', source: 'BARCODE', disagreesWith: ['SELECTED'] },
    ]);
    expect(fieldSourcesOf({ family_name: 'X' }, [])).toEqual([{ field: 'family_name', source: 'UNKNOWN', disagreesWith: [] }]);
    expect(fieldSourcesOf(null, checks)).toEqual([]);
  });
});

describe('capture notes', () => {
  it('one per page from image_quality_<side>, issues split, measures kept', () => {
    const checks = [
      authenticity([
        sub('image_quality_front', 'PASS', { sharpness: '0.812', glare: '0.010', issues: '' }),
        sub('image_quality_back', 'FAIL', { sharpness: '0.120', issues: 'BLURRED,GLARE', capture_method: 'CAMERA' }),
        sub('mrz_validation', 'PASS'),
      ]),
    ];
    expect(captureNotesOf(checks)).toEqual([
      {
        side: 'front',
        acceptable: true,
        issues: [],
        metrics: [
          { name: 'sharpness', value: '0.812' },
          { name: 'glare', value: '0.010' },
        ],
      },
      {
        side: 'back',
        acceptable: false,
        issues: ['BLURRED', 'GLARE'],
        metrics: [
          { name: 'sharpness', value: '0.120' },
          { name: 'capture_method', value: 'CAMERA' },
        ],
      },
    ]);
    expect(captureNotesOf([])).toEqual([]);
  });
});

describe('session reference', () => {
  it('is V- and two groups of 5 Crockford base32 characters, the same for the same session, another for another', () => {
    const a = sessionReference('1f0e2d3c-0000-4000-8000-000000000001');
    expect(a).toMatch(/^V-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    expect(sessionReference('1f0e2d3c-0000-4000-8000-000000000001')).toBe(a);
    expect(sessionReference('1f0e2d3c-0000-4000-8000-000000000002')).not.toBe(a);
    expect(a).not.toContain('1f0e2d3c');
  });
});
