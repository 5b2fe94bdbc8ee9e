// Plural forms by each language's CLDR rules (Intl.PluralRules), through vue-i18n's pluralRules:
// Arabic's six forms, Polish and Ukrainian's one/few/many, French's 0 and 1 in the singular,
// the English forms while a translation is missing, and no number given.
import { describe, expect, it } from 'vitest';
import { createKioskI18n, type SupportedLocale } from '../../../renderer/i18n';
import { pluralCategoriesOf, pluralRuleFor } from '../../../renderer/i18n/pluralRules';

function tries(locale: SupportedLocale, count: number): string {
  const t = createKioskI18n(locale).global.t as (key: string, named: Record<string, unknown>) => string;
  return t('review.triesLeft', { count });
}

describe('plural forms', () => {
  it('lists each language’s categories in CLDR order', () => {
    expect(pluralCategoriesOf('ar')).toEqual(['zero', 'one', 'two', 'few', 'many', 'other']);
    expect(pluralCategoriesOf('pl')).toEqual(['one', 'few', 'many', 'other']);
    expect(pluralCategoriesOf('he')).toEqual(['one', 'two', 'other']);
    expect(pluralCategoriesOf('zh-Hans')).toEqual(['other']);
  });

  it.each([
    [0, 'لم تتبقَّ أي محاولة'],
    [1, 'تبقّت محاولة واحدة'],
    [2, 'تبقّت محاولتان'],
    [3, 'تبقّت \u20683\u2069 محاولات'],
    [11, 'تبقّت \u206811\u2069 محاولة'],
    [100, 'تبقّت \u2068100\u2069 محاولة'],
  ])('Arabic, %i', (n, text) => {
    expect(tries('ar', n)).toBe(text);
  });

  it.each([
    ['pl', 1, 'Pozostała 1 próba'],
    ['pl', 3, 'Pozostały 3 próby'],
    ['pl', 5, 'Pozostało 5 prób'],
    ['pl', 22, 'Pozostały 22 próby'],
    ['uk', 21, 'Залишилася 21 спроба'],
    ['uk', 24, 'Залишилося 24 спроби'],
    ['uk', 11, 'Залишилося 11 спроб'],
    ['fr', 0, 'Encore 0 essai'],
    ['fr', 1, 'Encore 1 essai'],
    ['fr', 2, 'Encore 2 essais'],
    ['he', 2, 'נותרו שני ניסיונות'],
    ['he', 7, 'נותרו \u20687\u2069 ניסיונות'],
    ['en', 1, '1 try left'],
    ['en', 4, '4 tries left'],
    ['zh', 1, '还剩 1 次机会'],
  ] as const)('%s, %i: %s', (locale, n, text) => {
    expect(tries(locale, n)).toBe(text);
  });

  it('a message with the English forms (a missing translation) still picks one or other', () => {
    const rule = pluralRuleFor('ar');
    expect(rule(1, 2)).toBe(0);
    expect(rule(2, 2)).toBe(1);
    expect(rule(0, 2)).toBe(1);
    expect(pluralRuleFor('pl')(5, 2)).toBe(1);
  });

  it('with no number given (vue-i18n passes -1), the general form', () => {
    expect(pluralRuleFor('ar')(-1, 6)).toBe(5);
    expect(pluralRuleFor('en')(-1, 2)).toBe(1);
    const t = createKioskI18n('de').global.t as (key: string, named: Record<string, unknown>) => string;
    expect(t('done.returning', { seconds: 1 })).toBe(
      'Dieser Bildschirm kehrt in 1 Sekunden zum Anfang zurück.',
    );
    // …and with the number passed as the plural choice, the right one.
    const tn = createKioskI18n('de').global.t as (
      key: string,
      named: Record<string, unknown>,
      plural: number,
    ) => string;
    expect(tn('done.returning', { seconds: 1 }, 1)).toBe(
      'Dieser Bildschirm kehrt in 1 Sekunde zum Anfang zurück.',
    );
  });
});
