// Every language has every message, each one compiles (vue-i18n syntax) and is not left empty.
import { describe, expect, it } from 'vitest';
import { createKioskI18n, messages, SUPPORTED_LOCALES } from '../../../renderer/i18n';

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe('i18n catalogues', () => {
  const reference = keys(messages.en).sort();

  it.each(SUPPORTED_LOCALES.filter((l) => l !== 'en'))('%s has exactly the English keys', (locale) => {
    expect(keys(messages[locale]).sort()).toEqual(reference);
  });

  it.each([...SUPPORTED_LOCALES])('%s: every message renders to non-empty text', (locale) => {
    const i18n = createKioskI18n(locale);
    const t = i18n.global.t as (key: string, params?: Record<string, unknown>) => string;
    for (const key of reference) {
      const text = t(key, {
        label: 'L',
        document: 'D',
        seconds: 5,
        sent: 1,
        total: 2,
        side: 'S',
        message: 'M',
        count: 2,
      });
      expect(text, key).not.toBe(key);
      expect(text.trim().length, key).toBeGreaterThan(0);
      expect(text, key).not.toMatch(/[{}]/); // an unfilled placeholder would show braces
    }
  });

  it('translations differ from English where they should (not copies)', () => {
    for (const locale of SUPPORTED_LOCALES.filter((l) => l !== 'en')) {
      expect(messages[locale].attract.title).not.toBe(messages.en.attract.title);
      expect(messages[locale].result.localBanner).not.toBe(messages.en.result.localBanner);
      expect(messages[locale].result.localBanner).toMatch(/Yoti/);
    }
  });
});
