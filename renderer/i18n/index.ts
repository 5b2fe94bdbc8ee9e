// The i18n instance: Composition API mode, English as the reference and the fallback, one
// catalogue per language (locales.ts lists them), plural forms by each language's CLDR rules.
import { createI18n } from 'vue-i18n';
import { en, type MessageSchema } from './en';
import { es } from './es';
import { fr } from './fr';
import { de } from './de';
import { it } from './it';
import { pt } from './pt';
import { nl } from './nl';
import { pl } from './pl';
import { tr } from './tr';
import { uk } from './uk';
import { ar } from './ar';
import { he } from './he';
import { zh } from './zh';
import { mapMessages, withFallback, type Catalogue } from './catalogue';
import { directionOf, intlTagOf, SUPPORTED_LOCALES, type SupportedLocale } from './locales';
import { pluralRuleFor } from './pluralRules';

export {
  SUPPORTED_LOCALES,
  LOCALES,
  isSupportedLocale,
  resolveLocale,
  directionOf,
  intlTagOf,
  langAttributeOf,
  type SupportedLocale,
  type TextDirection,
} from './locales';
export type { MessageSchema } from './en';

/** Each language's own catalogue, as written (may lack keys English gained since). */
export const catalogues: Record<SupportedLocale, Catalogue> = {
  en,
  es,
  fr,
  de,
  it,
  pt,
  nl,
  pl,
  tr,
  uk,
  ar,
  he,
  zh,
};

/**
 * What each language shows: its catalogue, with the English text for any key it still lacks.
 * In right-to-left languages each {placeholder} is wrapped in Unicode isolates (FSI…PDI), so a
 * Latin name, code or number put into Arabic or Hebrew text keeps its own direction and does not
 * reorder the sentence's punctuation around it.
 */
export const messages = Object.fromEntries(
  SUPPORTED_LOCALES.map((l) => {
    if (l === 'en') return [l, en];
    const shown = withFallback(en, catalogues[l]);
    return [l, directionOf(l) === 'rtl' ? mapMessages(shown, isolatePlaceholders) : shown];
  }),
) as Record<SupportedLocale, MessageSchema>;

function isolatePlaceholders(text: string): string {
  return text.replace(/\{(\w+)\}/g, '\u2068{$1}\u2069');
}

const pluralRules = Object.fromEntries(SUPPORTED_LOCALES.map((l) => [l, pluralRuleFor(intlTagOf(l))]));

export function createKioskI18n(locale: SupportedLocale = 'en') {
  return createI18n<[MessageSchema], SupportedLocale, false>({
    legacy: false,
    locale,
    fallbackLocale: 'en',
    messages,
    pluralRules,
    missingWarn: false,
    fallbackWarn: false,
  });
}
