// The i18n instance: Composition API mode, English fallback, one catalogue per language.
import { createI18n } from 'vue-i18n';
import { en, type MessageSchema } from './en';
import { es } from './es';
import { fr } from './fr';

export const SUPPORTED_LOCALES = ['en', 'es', 'fr'] as const;
export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];

export const messages: Record<SupportedLocale, MessageSchema> = { en, es, fr };

export function isSupportedLocale(value: string): value is SupportedLocale {
  return (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

export function createKioskI18n(locale: SupportedLocale = 'en') {
  return createI18n<[MessageSchema], SupportedLocale, false>({
    legacy: false,
    locale,
    fallbackLocale: 'en',
    messages,
    missingWarn: false,
    fallbackWarn: false,
  });
}
