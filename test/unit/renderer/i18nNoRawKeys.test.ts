// @vitest-environment happy-dom
// No screen shows a message key or a raw code, in any language: the whole app is mounted and
// walked through every screen of a visit (attract, consent, document, capture, review, face,
// uploading, done, staff PIN, staff result, error) and the staff station's home, with the
// language chosen on the attract screen. What is inside <details> (the codes, for staff) is left
// out on purpose. No English text of the catalogue may show on a non-English screen either.
// Also checks the language holds for the whole visit and is reset after it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import { nextTick } from 'vue';
import { messages, SUPPORTED_LOCALES, type SupportedLocale } from '../../../renderer/i18n';
import { mountApp, stallCamera, tearDownApp } from './appShellHarness';
import { image, setUpFlow, type FlowHarness } from './flowHarness';
import { FAKE_ADMIN } from './fakeKiosk';
import { useAdminStore } from '../../../renderer/stores/admin';

let h: FlowHarness;

// A key left unresolved reads "section.key…" with one of the catalogue's own section names.
const SECTIONS = Object.keys(messages.en).join('|');
const RAW_KEY = new RegExp(`\\b(?:${SECTIONS})\\.[A-Za-z_][\\w.]*`, 'g');
// Codes from the service or the contract: SNAKE_CASE codes, the bare result and state words,
// and snake_case field names.
const RAW_CODE =
  /\b[A-Z][A-Z0-9]+(?:_[A-Z0-9]+)+\b|\b(?:PASS|FAIL|DONE|COMPLETED|ONGOING|EXPIRED|APPROVE|REJECT|REFER|CREATED|PASSPORT)\b|\b[a-z]+(?:_[a-z]+)+\b/g;

/** The visible text of the page, less the staff's <details> (codes on purpose) and hidden parts. */
function shownText(): string {
  const root = document.body.cloneNode(true) as HTMLElement;
  root.querySelectorAll('details, [hidden], script, style').forEach((el) => el.remove());
  const parts: string[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) parts.push(n.textContent ?? '');
  return parts.join(' ');
}

// English catalogue text shown on a non-English screen (a fallback or a string the view did not
// translate).
const NOT_YET_TRANSLATED_BY_VIEWS = new Set<string>();
let shownLocale: SupportedLocale = 'en';
function englishLeft(text: string): string[] {
  if (shownLocale === 'en') return [];
  const out: string[] = [];
  const walk = (en: object, own: object) => {
    for (const [k, v] of Object.entries(en)) {
      const o = (own as Record<string, unknown>)[k];
      if (typeof v === 'string') {
        for (const form of v.split('|').map((f) => f.trim()))
          if (
            form.length > 12 &&
            !form.includes('{') &&
            o !== v &&
            !NOT_YET_TRANSLATED_BY_VIEWS.has(form) &&
            text.includes(form)
          )
            out.push(form);
      } else walk(v as object, (o ?? {}) as object);
    }
  };
  walk(messages.en, messages[shownLocale]);
  return out;
}

/** Raw keys, raw codes (unless `codes` are what the screen edits) and English left over. */
function rawBits({ codes = true } = {}): string[] {
  const text = shownText();
  return [
    ...(text.match(RAW_KEY) ?? []),
    ...(codes ? (text.match(RAW_CODE) ?? []) : []),
    ...englishLeft(text),
  ];
}

async function settle(): Promise<void> {
  await flushPromises();
  await nextTick();
}

/** Screen → raw keys and codes seen on it (all should be empty). */
type Seen = Record<string, string[]>;

async function walk(locale: SupportedLocale): Promise<Seen> {
  shownLocale = locale;
  const seen: Seen = {};
  const look = (screen: string) => {
    expect(h.flow.step, `expected to be on ${screen}`).toBe(screen);
    seen[screen] = rawBits();
  };
  mountApp(h);
  await settle();
  h.flow.setLocale(locale); // chosen on the attract screen
  await settle();
  look('attract');
  h.flow.begin();
  await settle();
  look('consent');
  await h.flow.acceptConsent();
  await settle();
  look('document');
  h.flow.chooseCountry('DEU');
  await settle();
  seen['document types'] = rawBits();
  await h.flow.chooseDocumentType('PASSPORT');
  await settle();
  look('capture');
  await h.flow.pageCaptured(image(1));
  await settle();
  look('review');
  h.flow.confirmPage();
  await settle();
  look('face');
  await h.flow.faceCaptured(image(2));
  await settle();
  look('uploading');
  h.kiosk.emit('session:state', { handle: h.session.handle ?? '', state: 'COMPLETED', message: null });
  await expect.poll(() => h.flow.step).toBe('done');
  await settle();
  look('done');
  expect(h.session.locale).toBe(locale); // kept for the whole visit
  h.flow.showResult();
  await settle();
  look('staffPin');
  await h.flow.staffSignIn(FAKE_ADMIN.name, FAKE_ADMIN.pin);
  await settle();
  look('result');
  await h.flow.endSession('finished');
  await settle();
  expect(h.session.locale).toBe('en'); // the next person starts in the kiosk's language
  return seen;
}

beforeEach(() => {
  stallCamera();
  h = setUpFlow(
    { countries: ['UTO', 'DEU', 'FRA', 'ESP', 'SAU', 'ISR', 'UKR', 'CHN'] },
    { reportPollMs: 60_000 },
  );
});

afterEach(() => {
  tearDownApp(h);
  document.body.innerHTML = '';
});

describe('no raw keys or codes on any screen', () => {
  it.each([...SUPPORTED_LOCALES])('%s: a whole visit, attract to staff result', async (locale) => {
    const seen = await walk(locale);
    expect(Object.keys(seen)).toEqual([
      'attract',
      'consent',
      'document',
      'document types',
      'capture',
      'review',
      'face',
      'uploading',
      'done',
      'staffPin',
      'result',
    ]);
    expect(Object.entries(seen).filter(([, bits]) => bits.length)).toEqual([]);
  });

  it.each([...SUPPORTED_LOCALES])(
    '%s: the error screen, the staff home and the admin screens',
    async (locale) => {
      shownLocale = locale;
      mountApp(h);
      await settle();
      h.flow.setLocale(locale);
      h.flow.begin();
      await h.flow.acceptConsent();
      h.kiosk.emit('session:state', {
        handle: h.session.handle ?? '',
        state: 'EXPIRED',
        message: 'SESSION_EXPIRED',
      });
      await settle();
      expect(h.flow.step).toBe('error');
      expect(rawBits()).toEqual([]);
      await h.flow.endSession('cancelled');
      h.flow.setLocale(locale); // the visit ended (back to the default): chosen again on attract
      h.flow.requestStaff();
      await h.flow.staffSignIn(FAKE_ADMIN.name, FAKE_ADMIN.pin);
      await settle();
      expect(h.flow.step).toBe('staffHome');
      expect(rawBits()).toEqual([]);
      const admin = useAdminStore(h.pinia);
      for (const tab of ['settings', 'devices', 'accounts'] as const) {
        await admin.open(tab);
        await settle();
        expect(admin.tab).toBe(tab);
        // The settings screen edits the decision reasons by their codes: codes are its data there.
        expect(rawBits({ codes: tab !== 'settings' }), tab).toEqual([]);
      }
    },
  );

  it('the check sees a raw key and a raw code when one is shown', () => {
    document.body.innerHTML =
      '<p>review.triesLeft</p><p>ID_DOCUMENT_AUTHENTICITY PASS family_name</p><details>FAIL</details>';
    expect(rawBits()).toEqual(['review.triesLeft', 'ID_DOCUMENT_AUTHENTICITY', 'PASS', 'family_name']);
  });
});
