// The receipt's words in the kiosk's other languages: one set for every kiosk language that
// receiptWords.ts does not have itself, every word translated, the local label never passing
// for a Yoti verification.
import { describe, expect, it } from 'vitest';
import { MORE_RECEIPT_WORDS } from '../../../electron/services/receipts/receiptWordsTranslations';
import { receiptWords } from '../../../electron/services/receipts/receiptWords';
import { SUPPORTED_LOCALES } from '../../../renderer/i18n/locales';

const english = receiptWords('en');
const leaves = (o: object): string[] =>
  Object.values(o).flatMap((v) => (typeof v === 'string' ? [v] : leaves(v as object)));

describe('receipt words in the kiosk’s languages', () => {
  it('covers every kiosk language beyond en, es and fr', () => {
    expect(Object.keys(MORE_RECEIPT_WORDS).sort()).toEqual(
      SUPPORTED_LOCALES.filter((l) => !['en', 'es', 'fr'].includes(l)).sort(),
    );
  });

  it.each(Object.entries(MORE_RECEIPT_WORDS))(
    '%s: every word, translated, the local label says it',
    (code, w) => {
      expect(Object.keys(w).sort()).toEqual(Object.keys(english).sort());
      expect(Object.keys(w.documents).sort()).toEqual(Object.keys(english.documents).sort());
      expect(w.lang.slice(0, 2)).toBe(code);
      for (const word of leaves(w)) expect(word.trim()).not.toBe('');
      expect(w.title).not.toBe(english.title);
      expect(w.decisions.APPROVE).not.toBe(english.decisions.APPROVE);
      expect(w.localService).toMatch(/Yoti/);
      expect(w.localService).not.toBe(english.localService);
    },
  );
});
