// The person's language for their whole visit. The kiosk's configured language (settings
// "language", reported by getAppInfo) is the default; the person's choice on the attract or
// consent screen holds until they leave, when the session store's wipe() puts the default back.
// The language itself lives in the session store (one place); this keeps vue-i18n and the page's
// lang/dir/title on it.
import { computed, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { useFlowStore } from '../stores/flow';
import { useSessionStore } from '../stores/session';
import { syncDocumentLanguage } from './documentLanguage';
import { messages } from './index';
import {
  directionOf,
  langAttributeOf,
  LOCALES,
  resolveLocale,
  type SupportedLocale,
  type TextDirection,
} from './locales';

/**
 * Call once, in the App's setup: applies the configured language, follows the visit's language
 * with vue-i18n and with <html lang dir> and <title>.
 */
export function useVisitLanguage(doc: Document = document): void {
  const flow = useFlowStore();
  const session = useSessionStore();
  const { locale, t } = useI18n();

  watch(
    () => session.appInfo?.locale,
    (configured) => {
      const code = resolveLocale(configured);
      // Applied at once only while nobody is using the kiosk (the flow store decides).
      if (code) flow.setDefaultLocale(code);
    },
    { immediate: true },
  );
  watch(
    () => session.locale,
    (l) => {
      locale.value = l;
    },
    { immediate: true },
  );
  // After vue-i18n has switched, so the title is in the new language.
  watch([locale, () => t('app.title')], () => syncDocumentLanguage(doc, locale.value, t('app.title')), {
    immediate: true,
    flush: 'post',
  });
}

export interface LanguageOption {
  value: SupportedLocale;
  /** The language's name in itself ("Deutsch", "العربية"). */
  label: string;
  /** For the option's own `lang` and `dir`, so each name is read and laid out in its language. */
  lang: string;
  dir: TextDirection;
}

/** The language choice for a picker (attract or consent screen): options, current, choose. */
export function useLanguageChoice() {
  const flow = useFlowStore();
  const session = useSessionStore();
  const options = computed<LanguageOption[]>(() =>
    LOCALES.map((l) => ({
      value: l.code,
      label: messages[l.code].app.languageName,
      lang: langAttributeOf(l.code),
      dir: directionOf(l.code),
    })),
  );
  const current = computed(() => session.locale);
  function choose(code: string): void {
    const l = resolveLocale(code);
    if (l) flow.setLocale(l);
  }
  return { options, current, choose };
}
