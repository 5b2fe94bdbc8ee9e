// The issuing countries, one list for the IDV service's supported documents and the kiosk's
// country names: ISO 3166-1 from the i18n-iso-countries package, less the uninhabited territories
// (no one there holds an identity document), with Kosovo under XKX, the code Yoti and the EU use
// (ISO has none; the package calls it XKK).
import countries from 'i18n-iso-countries';

const UNINHABITED = new Set(['ATA', 'BVT', 'IOT', 'ATF', 'HMD', 'SGS', 'UMI']);
const KOSOVO = { alpha3: 'XKX', packageAlpha3: 'XKK', alpha2: 'XK' } as const;

/** ISO 3166-1 alpha-3 codes of places that issue identity documents. */
export const ISSUING_COUNTRIES: readonly string[] = Object.freeze([
  ...Object.keys(countries.getAlpha3Codes()).filter((c) => !UNINHABITED.has(c) && c !== KOSOVO.packageAlpha3),
  KOSOVO.alpha3,
]);

/** The alpha-2 code Intl.DisplayNames needs for an alpha-3 code, or null (e.g. the ICAO specimen). */
export function alpha2Of(alpha3: string): string | null {
  if (alpha3 === KOSOVO.alpha3) return KOSOVO.alpha2;
  return countries.alpha3ToAlpha2(alpha3) ?? null;
}
