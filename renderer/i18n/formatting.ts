// Dates, times, numbers and lists in the person's language, through Intl (the kiosk's own time
// zone). `locale` is a catalogue code ("ar") or any BCP 47 tag. A value that is not a date is
// shown as it came, so nothing the service said is lost.
import { intlTagOf } from './locales';

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.ListFormat>();

function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.ListFormat>(
  key: string,
  make: () => T,
): T {
  let f = cache.get(key);
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f as T;
}

function parse(iso: string | Date): Date | null {
  const d = iso instanceof Date ? iso : new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

function dateTime(
  locale: string,
  iso: string | Date,
  options: Intl.DateTimeFormatOptions,
  key: string,
): string {
  const d = parse(iso);
  if (!d) return String(iso);
  const tag = intlTagOf(locale);
  return cached(`dt:${tag}:${key}`, () => new Intl.DateTimeFormat(tag, options)).format(d);
}

/** Date and time, e.g. "1 Dec 2026, 12:05" (en), "1 déc. 2026, 12:05" (fr). */
export function formatDateTime(locale: string, iso: string | Date): string {
  return dateTime(locale, iso, { dateStyle: 'medium', timeStyle: 'short' }, 'datetime');
}

/** A calendar date such as a birth or expiry date: "2030-05-17" → "17 May 2030". */
export function formatDate(locale: string, iso: string | Date): string {
  // A bare date means that day wherever the kiosk is: formatted in UTC so no time zone moves it.
  const dateOnly = typeof iso === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(iso);
  return dateTime(
    locale,
    iso,
    { dateStyle: 'long', ...(dateOnly ? { timeZone: 'UTC' } : {}) },
    `date:${dateOnly}`,
  );
}

/** Time of day: "12:05". */
export function formatTime(locale: string, iso: string | Date): string {
  return dateTime(locale, iso, { timeStyle: 'short' }, 'time');
}

/** A number with the language's grouping and decimal separator. */
export function formatNumber(locale: string, value: number, options: Intl.NumberFormatOptions = {}): string {
  const tag = intlTagOf(locale);
  return cached(`n:${tag}:${JSON.stringify(options)}`, () => new Intl.NumberFormat(tag, options)).format(
    value,
  );
}

/** A 0–1 fraction as a percentage: 0.873 → "87.3%" (en), "87,3 %" (fr). */
export function formatPercent(locale: string, fraction: number): string {
  return formatNumber(locale, fraction, { style: 'percent', maximumFractionDigits: 1 });
}

/** "A, B and C" in the language's own way. */
export function formatList(locale: string, items: readonly string[]): string {
  const tag = intlTagOf(locale);
  return cached(`l:${tag}`, () => new Intl.ListFormat(tag, { style: 'long', type: 'conjunction' })).format(
    items,
  );
}
