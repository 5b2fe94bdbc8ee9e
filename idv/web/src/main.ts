// Hosted web client entry. Launch as Yoti documents it: `?sessionID=…&sessionToken=…`, or loaded
// bare in a frame, saying STARTED to the parent and waiting for its INIT_SESSION message. The
// token is taken out of the address bar at once (history.replaceState), so it is not left in the
// history or handed on; it lives in memory only.
import { createApp } from 'vue';
import { createI18n } from 'vue-i18n';
import { en } from '../../../renderer/i18n/en';
import { es } from '../../../renderer/i18n/es';
import { fr } from '../../../renderer/i18n/fr';
import App from './App.vue';
import { webEn, webEs, webFr } from './webMessages';
import {
  STARTED_EVENT,
  launchFromMessage,
  launchFromQuery,
  type LaunchParams,
  type ParentEvent,
  type YotiErrorCode,
} from './yotiEvents';
import './web.css';

const LOCALES = ['en', 'es', 'fr'] as const;
type Locale = (typeof LOCALES)[number];
const pickLocale = (wanted: string | null | undefined): Locale | null => {
  const short = (wanted ?? '').slice(0, 2).toLowerCase();
  return (LOCALES as readonly string[]).includes(short) ? (short as Locale) : null;
};

const i18n = createI18n({
  legacy: false,
  locale: pickLocale(navigator.language) ?? 'en',
  fallbackLocale: 'en',
  messages: { en: { ...en, ...webEn }, es: { ...es, ...webEs }, fr: { ...fr, ...webFr } },
  missingWarn: false,
  fallbackWarn: false,
});

const framed = window.parent !== window;

function postToParent(event: ParentEvent | typeof STARTED_EVENT): void {
  // Events carry no secret, so any parent may read them (Yoti's page is framed by any RP).
  window.parent.postMessage(event, '*');
  if (window.opener && window.opener !== window.parent) (window.opener as Window).postMessage(event, '*');
}

function launch(): Promise<LaunchParams | { code: YotiErrorCode }> {
  const first = launchFromQuery(window.location.search, framed);
  if (window.location.search) window.history.replaceState(null, '', window.location.pathname);
  if (first.kind === 'launch') return Promise.resolve(first.params);
  if (first.kind === 'error') return Promise.resolve({ code: first.code });
  return new Promise((resolve) => {
    const onMessage = (event: MessageEvent) => {
      if (event.source !== window.parent) return;
      const result = launchFromMessage(event.data);
      if (!result || result.kind === 'wait') return;
      window.removeEventListener('message', onMessage);
      resolve(result.kind === 'launch' ? result.params : { code: result.code });
    };
    window.addEventListener('message', onMessage);
    postToParent(STARTED_EVENT);
  });
}

const app = createApp(App, {
  launch: launch(),
  postToParent,
  applyLocale: (wanted: string | null) => {
    const locale = pickLocale(wanted);
    if (locale) i18n.global.locale.value = locale;
    document.documentElement.lang = i18n.global.locale.value;
  },
});
app.use(i18n);
app.mount('#app');
