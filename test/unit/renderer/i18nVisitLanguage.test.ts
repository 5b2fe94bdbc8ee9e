// @vitest-environment happy-dom
// The person's language for the whole visit: the kiosk's configured language (getAppInfo) is the
// default, the person's choice holds across screens, and the default is back once they leave;
// vue-i18n, <html lang dir> and <title> follow. Plus the direction and tag helpers.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { defineComponent, h as render, nextTick } from 'vue';
import { useI18n } from 'vue-i18n';
import {
  createKioskI18n,
  directionOf,
  langAttributeOf,
  messages,
  resolveLocale,
} from '../../../renderer/i18n';
import { useLanguageChoice, useVisitLanguage } from '../../../renderer/i18n/visitLanguage';
import { syncDocumentLanguage } from '../../../renderer/i18n/documentLanguage';
import { setUpFlow, type FlowHarness } from './flowHarness';
import { ok } from './fakeKiosk';

let h: FlowHarness;
let wrapper: VueWrapper | null = null;
let choice: ReturnType<typeof useLanguageChoice>;
let i18nLocale: () => string;

/** A stand-in for the App: calls the composable once, shows the title. */
const Shell = defineComponent({
  setup() {
    useVisitLanguage();
    choice = useLanguageChoice();
    const { t, locale } = useI18n();
    i18nLocale = () => locale.value;
    return () => render('h1', t('attract.title'));
  },
});

function configure(language: string | undefined): void {
  const original = h.kiosk.calls.getAppInfo.getMockImplementation();
  if (!original) throw new Error('the fake has no getAppInfo');
  h.kiosk.calls.getAppInfo.mockImplementation(async (req) => {
    const answer = await original(req);
    return answer.ok ? ok({ ...answer.value, ...(language ? { locale: language } : {}) }) : answer;
  });
}

async function start(): Promise<VueWrapper> {
  wrapper = mount(Shell, { global: { plugins: [h.pinia, createKioskI18n()] } });
  await h.flow.init();
  await flushPromises();
  await nextTick();
  return wrapper;
}

const page = () => ({
  lang: document.documentElement.lang,
  dir: document.documentElement.dir,
  title: document.title,
});

beforeEach(() => {
  h = setUpFlow();
  document.documentElement.lang = '';
  document.documentElement.dir = '';
  document.title = '';
});

afterEach(() => {
  expect(h.kiosk.violations).toEqual([]);
  wrapper?.unmount();
  wrapper = null;
  delete window.kiosk;
});

describe('the visit language', () => {
  it('starts in the kiosk’s configured language, not English', async () => {
    configure('de-DE');
    const w = await start();
    expect(h.session.locale).toBe('de');
    expect(i18nLocale()).toBe('de');
    expect(w.text()).toBe('Bestätigen Sie Ihre Identität');
    expect(page()).toEqual({ lang: 'de-DE', dir: 'ltr', title: 'Identitätsprüfung' });
  });

  it('keeps the language chosen on the attract screen for the whole visit, then goes back', async () => {
    configure('de');
    const w = await start();
    choice.choose('ar');
    await nextTick();
    await nextTick();
    expect(page()).toEqual({ lang: 'ar', dir: 'rtl', title: 'التحقق من الهوية' });
    expect(choice.current.value).toBe('ar');

    h.flow.begin();
    await h.flow.acceptConsent();
    await h.flow.chooseDocumentType('PASSPORT');
    await nextTick();
    expect(h.flow.step).toBe('capture');
    expect(h.session.locale).toBe('ar');
    expect(h.kiosk.calls.startSession).toHaveBeenCalledWith({ locale: 'ar' });
    expect(w.text()).toBe(messages.ar.attract.title);

    await h.flow.endSession('cancelled');
    await nextTick();
    await nextTick();
    expect(h.session.locale).toBe('de');
    expect(page()).toEqual({ lang: 'de-DE', dir: 'ltr', title: 'Identitätsprüfung' });
  });

  it('a configured language the kiosk does not have leaves the default alone', async () => {
    configure('xx');
    await start();
    expect(h.session.locale).toBe('en');
    expect(page()).toEqual({ lang: 'en-GB', dir: 'ltr', title: 'Identity check' });
  });

  it('offers every language named in itself, with its own lang and dir', async () => {
    await start();
    const he = choice.options.value.find((o) => o.value === 'he');
    expect(he).toEqual({ value: 'he', label: 'עברית', lang: 'he-IL', dir: 'rtl' });
    expect(choice.options.value.map((o) => o.value)).toHaveLength(13);
    choice.choose('klingon');
    expect(h.session.locale).toBe('en');
  });
});

describe('direction and tags', () => {
  it.each([
    ['ar', 'rtl'],
    ['ar-EG', 'rtl'],
    ['he', 'rtl'],
    ['he-IL', 'rtl'],
    ['en', 'ltr'],
    ['zh', 'ltr'],
    ['uk', 'ltr'],
  ] as const)('%s is %s', (locale, dir) => {
    expect(directionOf(locale)).toBe(dir);
  });

  it.each([
    ['pt-BR', 'pt'],
    ['zh-CN', 'zh'],
    ['zh_Hans', 'zh'],
    ['iw', 'he'],
    ['AR', 'ar'],
    ['xx', null],
    ['', null],
    [undefined, null],
  ] as const)('settings language %s → %s', (tag, code) => {
    expect(resolveLocale(tag)).toBe(code);
  });

  it('the lang attribute drops Intl-only extensions', () => {
    expect(langAttributeOf('ar')).toBe('ar');
    expect(langAttributeOf('zh')).toBe('zh-Hans');
  });

  it('syncDocumentLanguage sets lang, dir and title', () => {
    syncDocumentLanguage(document, 'he', 'אימות זהות');
    expect(page()).toEqual({ lang: 'he-IL', dir: 'rtl', title: 'אימות זהות' });
  });
});
