// Dates, times, numbers and lists through Intl in the person's language, in the kiosk's time
// zone (fixed here), and country names through Intl.DisplayNames.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  formatDate,
  formatDateTime,
  formatList,
  formatNumber,
  formatPercent,
  formatTime,
} from '../../../renderer/i18n/formatting';
import { regionName } from '../../../renderer/i18n/countryNames';

process.env.TZ = 'Europe/Paris';
const AT = '2026-11-25T20:00:00Z'; // 21:00 in Paris

describe('formatting', () => {
  it.each([
    ['en', '25 Nov 2026, 21:00'],
    ['fr', '25 nov. 2026, 21:00'],
    ['de', '25.11.2026, 21:00'],
    ['pt', '25/11/2026, 21:00'],
    ['zh', '2026年11月25日 21:00'],
    ['he', '25 בנוב׳ 2026, 21:00'],
    // Western digits and the Arabic comma, with right-to-left marks around the slashes.
    ['ar', '25\u200f/11\u200f/2026\u060c 9:00 \u0645'],
  ])('%s: a timestamp from the service in the local time zone', (locale, text) => {
    expect(formatDateTime(locale, AT)).toBe(text);
  });

  it('a bare date is that day wherever the kiosk is (no time zone shift)', () => {
    process.env.TZ = 'Pacific/Honolulu';
    try {
      expect(formatDate('en', '2030-05-17')).toBe('17 May 2030');
      expect(formatDate('de', '2030-05-17')).toBe('17. Mai 2030');
      expect(formatDate('pl', '2030-05-17')).toBe('17 maja 2030');
    } finally {
      process.env.TZ = 'Europe/Paris';
    }
  });

  it('the time of day', () => {
    expect(formatTime('en', AT)).toBe('21:00');
  });

  it('text that is not a date is shown as it came', () => {
    expect(formatDateTime('fr', 'not a date')).toBe('not a date');
    expect(formatDate('fr', '2030-13-45')).toBe('2030-13-45');
  });

  it('numbers, percentages and lists in the language’s own way', () => {
    expect(formatNumber('fr', 12345.5)).toBe('12\u202f345,5');
    expect(formatNumber('de', 12345.5)).toBe('12.345,5');
    expect(formatPercent('fr', 0.873)).toBe('87,3\u00a0%');
    expect(formatPercent('en', 0.873)).toBe('87.3%');
    expect(formatList('fr', ['A', 'B', 'C'])).toBe('A, B et C');
    expect(formatList('zh', ['A', 'B', 'C'])).toBe('A、B和C');
  });
});

describe('country names', () => {
  it.each([
    ['DEU', 'de', 'Deutschland'],
    ['DEU', 'ar', 'ألمانيا'],
    ['DEU', 'zh', '德国'],
    ['DEU', 'uk', 'Німеччина'],
    // European Portuguese, not Brazilian ("Irã").
    ['IRN', 'pt', 'Irão'],
    // Kosovo: XKX for Yoti and the EU, XK for Intl.
    ['XKX', 'he', 'קוסובו'],
  ])('%s in %s is %s', (code, locale, name) => {
    expect(regionName(code, locale)).toBe(name);
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('where the language’s data lacks a region, the English name stands in', () => {
    const Real = Intl.DisplayNames;
    // ICU data without Dutch region names (as a trimmed ICU build has).
    vi.spyOn(Intl, 'DisplayNames').mockImplementation(function (locales, options) {
      const real = new Real(locales, options);
      const dutch = Array.isArray(locales) && locales[0] === 'nl-NL';
      return Object.assign(Object.create(Real.prototype) as Intl.DisplayNames, {
        of: (code: string) => (dutch ? undefined : real.of(code)),
        resolvedOptions: () => real.resolvedOptions(),
      });
    });
    expect(regionName('DEU', 'nl')).toBe('Germany');
  });

  it('a code that is not a region has no name (the specimen issuer is named by the catalogue)', () => {
    expect(regionName('UTO', 'fr')).toBeNull();
  });
});
