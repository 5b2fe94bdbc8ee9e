// Every language has every English message, with the same {placeholders}, the plural forms its
// language needs (CLDR, through Intl.PluralRules), no empty text, and no English left behind.
// English is the reference; a catalogue is typed only as a subset of it, so this test (not the
// type-check) is what says a catalogue is complete.
import { describe, expect, it } from 'vitest';
import { catalogues, createKioskI18n, intlTagOf, messages, SUPPORTED_LOCALES } from '../../../renderer/i18n';
import { pluralCategoriesOf } from '../../../renderer/i18n/pluralRules';

type Tree = { [key: string]: string | Tree };

function flatten(obj: object, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of Object.entries(obj)) {
    if (v && typeof v === 'object')
      for (const [kk, vv] of flatten(v as Tree, `${prefix}${k}.`)) out.set(kk, vv);
    else out.set(`${prefix}${k}`, v);
  }
  return out;
}

const placeholders = (text: string): string[] => [...new Set(text.match(/\{[a-zA-Z_]+\}/g) ?? [])].sort();
const forms = (text: string): string[] => text.split('|').map((f) => f.trim());

// Messages that are the same in every language: proper names and codes.
const SAME_EVERYWHERE = new Set([
  'document.specimenName',
  'staff.pin',
  'staff.sources.SANDBOX',
  'fieldNames.mrz',
]);
// Words a language shares with English (checked by a reader, not left over).
const SAME_AS_ENGLISH: Partial<Record<string, readonly string[]>> = {
  es: ['staff.sources.CHIP'],
  de: ['staff.sources.BARCODE', 'staff.sources.CHIP', 'admin.reasons.code', 'branch.name'],
  it: ['staff.sources.SCANNER_MRZ'],
  fr: [
    'result.source',
    'result.document',
    'staff.review.fieldSource',
    'staff.sources.MRZ',
    'staff.sources.SCANNER_MRZ',
    'admin.menu',
    'admin.fields.mode',
    'admin.reasons.code',
  ],
  nl: [
    'result.document',
    'capture.chooseCamera',
    'staff.review.details',
    'staff.sources.SCANNER_MRZ',
    'staff.sources.CHIP',
    'admin.fields.printers',
    'admin.reasons.code',
    'admin.printers',
    'branch.cameraLabel',
  ],
};

const english = flatten(messages.en);
const others = SUPPORTED_LOCALES.filter((l) => l !== 'en');

/** Everything wrong with one catalogue against English, in words (empty when complete). */
function problemsOf(locale: (typeof others)[number]): string[] {
  const own = flatten(catalogues[locale]);
  const categories = pluralCategoriesOf(intlTagOf(locale));
  const problems: string[] = [];
  for (const [key, en] of english) {
    const text = own.get(key);
    if (typeof en !== 'string') continue;
    if (typeof text !== 'string') {
      problems.push(`${key}: missing`);
      continue;
    }
    if (!text.trim() || forms(text).some((f) => !f)) problems.push(`${key}: empty`);
    if (placeholders(text).join() !== placeholders(en).join())
      problems.push(
        `${key}: placeholders ${placeholders(text).join() || 'none'} ≠ ${placeholders(en).join() || 'none'}`,
      );
    const plural = en.includes('|');
    const want = plural ? categories.length : 1;
    if (forms(text).length !== want)
      problems.push(
        `${key}: ${forms(text).length} form(s), ${locale} needs ${want} (${plural ? categories.join(' | ') : 'not plural'})`,
      );
    if (
      text === en &&
      !SAME_EVERYWHERE.has(key) &&
      !SAME_AS_ENGLISH[locale]?.includes(key) &&
      /[a-z]{3}/.test(en)
    )
      problems.push(`${key}: still English`);
  }
  for (const key of own.keys()) if (!english.has(key)) problems.push(`${key}: not an English key`);
  return problems;
}

describe('i18n catalogues', () => {
  it('has at least 12 languages, two of them right to left', () => {
    expect(SUPPORTED_LOCALES.length).toBeGreaterThanOrEqual(12);
    expect(SUPPORTED_LOCALES).toEqual(expect.arrayContaining(['ar', 'he']));
  });

  it('English plural messages have the English forms (one | other)', () => {
    const bad = [...english].filter(
      ([, t]) => typeof t === 'string' && t.includes('|') && forms(t).length !== 2,
    );
    expect(bad).toEqual([]);
  });

  it.each(others)('%s is complete: every key, same placeholders, its plural forms, translated', (locale) => {
    expect(problemsOf(locale)).toEqual([]);
  });

  // Every placeholder English uses, filled (numbers where a plural form may hang on them).
  const params = Object.fromEntries(
    [...english.values()]
      .flatMap((t) => (typeof t === 'string' ? placeholders(t) : []))
      .map((p) => p.slice(1, -1))
      .map((name) => [
        name,
        ['count', 'seconds', 'n', 'percent', 'sent', 'total', 'current', 'line'].includes(name) ? 2 : name,
      ]),
  );

  it.each([...SUPPORTED_LOCALES])('%s: every message compiles and renders without braces', (locale) => {
    const i18n = createKioskI18n(locale);
    const t = i18n.global.t as (key: string, named: Record<string, unknown>) => string;
    for (const [key, en] of english) {
      if (typeof en !== 'string') continue;
      const text = t(key, params);
      expect(text, key).not.toBe(key);
      expect(text.trim().length, key).toBeGreaterThan(0);
      expect(text, key).not.toMatch(/[{}|]/); // an unfilled placeholder or an unsplit plural
    }
  });

  it('the result banner says, in every language, that it is not a Yoti verification', () => {
    for (const locale of others) {
      expect(messages[locale].result.localBanner).not.toBe(messages.en.result.localBanner);
      expect(messages[locale].result.localBanner).toMatch(/Yoti/);
    }
  });

  it('each language is named in itself, and the names differ', () => {
    const names = SUPPORTED_LOCALES.map((l) => messages[l].app.languageName);
    expect(new Set(names).size).toBe(SUPPORTED_LOCALES.length);
    expect(messages.ar.app.languageName).toBe('العربية');
    expect(messages.he.app.languageName).toBe('עברית');
  });
});
