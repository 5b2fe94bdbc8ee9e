// Region names for the document picker and the staff result, from Intl.DisplayNames in the
// person's language. The IDV API names countries with ISO 3166-1 alpha-3 codes while
// Intl.DisplayNames wants alpha-2 (common/countries.ts maps them). Codes that are not regions
// (e.g. ICAO's specimen issuer) have no name here.
import { alpha2Of } from '../../common/countries';

const cache = new Map<string, Intl.DisplayNames>();

/** The region's name in `locale` (English as a fallback), or null when the code is not a region. */
export function regionName(alpha3: string, locale: string): string | null {
  const alpha2 = alpha2Of(alpha3);
  if (!alpha2) return null;
  let names = cache.get(locale);
  if (!names) {
    names = new Intl.DisplayNames([locale, 'en'], { type: 'region' });
    cache.set(locale, names);
  }
  return names.of(alpha2) ?? null;
}
