// The kiosk's languages: one row each. `code` is the catalogue's key and the value the session,
// settings and IPC carry (two letters, so "pt-BR" or "zh-CN" in settings resolve by their first
// part); `tag` is the BCP 47 tag for `lang` and for Intl (it picks the script, region spelling
// and digits); `dir` is the writing direction.
export const LOCALES = [
  { code: 'en', tag: 'en-GB', dir: 'ltr' },
  { code: 'es', tag: 'es-ES', dir: 'ltr' },
  { code: 'fr', tag: 'fr-FR', dir: 'ltr' },
  { code: 'de', tag: 'de-DE', dir: 'ltr' },
  { code: 'it', tag: 'it-IT', dir: 'ltr' },
  { code: 'pt', tag: 'pt-PT', dir: 'ltr' },
  { code: 'nl', tag: 'nl-NL', dir: 'ltr' },
  { code: 'pl', tag: 'pl-PL', dir: 'ltr' },
  { code: 'tr', tag: 'tr-TR', dir: 'ltr' },
  { code: 'uk', tag: 'uk-UA', dir: 'ltr' },
  // Western digits in Arabic too: counters and codes are interpolated as plain numbers, and
  // dates must use the same digits as they do.
  { code: 'ar', tag: 'ar-u-nu-latn', dir: 'rtl' },
  { code: 'he', tag: 'he-IL', dir: 'rtl' },
  { code: 'zh', tag: 'zh-Hans', dir: 'ltr' },
] as const satisfies readonly { code: string; tag: string; dir: 'ltr' | 'rtl' }[];

export type SupportedLocale = (typeof LOCALES)[number]['code'];
export type TextDirection = 'ltr' | 'rtl';

export const SUPPORTED_LOCALES: readonly SupportedLocale[] = LOCALES.map((l) => l.code);

export function isSupportedLocale(value: string): value is SupportedLocale {
  return (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

/** The BCP 47 tag for `lang` and Intl; any other tag is passed through. */
export function intlTagOf(locale: string): string {
  return LOCALES.find((l) => l.code === locale)?.tag ?? locale;
}

/** The tag for an element's `lang` attribute: the Intl tag less its Unicode extensions ("ar"). */
export function langAttributeOf(locale: string): string {
  return intlTagOf(locale).split('-u-')[0] ?? locale;
}

/** 'rtl' for the right-to-left languages (by their language subtag, so "ar-EG" too), else 'ltr'. */
export function directionOf(locale: string): TextDirection {
  const language = locale.split('-')[0]?.toLowerCase() ?? '';
  return LOCALES.find((l) => l.code === language)?.dir ?? 'ltr';
}

/**
 * The supported language for a BCP 47 tag from settings or the OS ("pt-BR" → pt, "zh-CN" → zh,
 * the old Hebrew code "iw" → he), or null when the kiosk has no such language.
 */
export function resolveLocale(tag: string | null | undefined): SupportedLocale | null {
  if (!tag) return null;
  const language = tag.trim().split(/[-_]/)[0]?.toLowerCase() ?? '';
  const code = language === 'iw' ? 'he' : language;
  return isSupportedLocale(code) ? code : null;
}
