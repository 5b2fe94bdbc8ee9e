// Region names for the document picker and the staff result, from Intl.DisplayNames in the
// person's language. The IDV API names countries with ISO 3166-1 alpha-3 codes while
// Intl.DisplayNames wants alpha-2 (common/countries.ts maps them). Codes that are not regions
// (e.g. ICAO's specimen issuer) have no name here.
import { alpha2Of } from '../../common/countries';
import { intlTagOf } from './locales';

const cache = new Map<string, Intl.DisplayNames>();

/**
 * The region's name in `locale` (a catalogue code or a BCP 47 tag), or null when the code is not
 * a region. Where the language's data has no name for a region, the English name is used.
 */
export function regionName(alpha3: string, locale: string): string | null {
  const alpha2 = alpha2Of(alpha3);
  if (!alpha2) return null;
  const tag = intlTagOf(locale);
  let names = cache.get(tag);
  if (!names) {
    // fallback 'none': a missing name is undefined (not the code), so English can step in.
    names = new Intl.DisplayNames([tag, 'en'], { type: 'region', fallback: 'none' });
    cache.set(tag, names);
  }
  return names.of(alpha2) ?? englishName(alpha2);
}

let english: Intl.DisplayNames | null = null;
function englishName(alpha2: string): string | null {
  english ??= new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  return english.of(alpha2) ?? null;
}
