// @vitest-environment happy-dom
// The document screen offers what the service's own list offers: the ICAO specimen issuer first
// and labelled as a specimen (in every language), real countries named in the person's language.
import { afterEach, describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import DocumentView from '../../../renderer/views/DocumentView.vue';
import { createKioskI18n, messages, SUPPORTED_LOCALES, type SupportedLocale } from '../../../renderer/i18n';
import { setUpFlow, type FlowHarness } from './flowHarness';

let h: FlowHarness;

// Enough countries for the A–Z bar, and the specimen issuer somewhere in the service's list.
const COUNTRIES = [
  'FRA',
  'DEU',
  'ESP',
  'GBR',
  'ITA',
  'NLD',
  'BEL',
  'PRT',
  'IRL',
  'AUT',
  'CHE',
  'SWE',
  'NOR',
  'DNK',
  'FIN',
  'POL',
  'CZE',
  'SVK',
  'HUN',
  'ROU',
  'BGR',
  'GRC',
  'HRV',
  'SVN',
  'UTO',
  'USA',
  'UKR',
];

async function documentScreen(locale: SupportedLocale, countries: string[]) {
  h = setUpFlow({ countries });
  await h.flow.init();
  h.flow.begin();
  await h.flow.acceptConsent();
  const w = mount(DocumentView, { global: { plugins: [h.pinia, createKioskI18n(locale)] } });
  await flushPromises();
  return w;
}

afterEach(() => {
  expect(h.kiosk.violations).toEqual([]);
  delete window.kiosk;
});

describe('document choice', () => {
  it.each([...SUPPORTED_LOCALES])(
    '%s: the specimen issuer comes first, labelled as a specimen',
    async (locale) => {
      const w = await documentScreen(locale, COUNTRIES);
      const tiles = w.findAll('[data-country]');
      expect(tiles[0]!.attributes('data-country')).toBe('UTO');
      expect(tiles[0]!.attributes('data-specimen')).toBe('yes');
      expect(tiles[0]!.text()).toContain(messages[locale].document.specimenName);
      expect(tiles[0]!.text()).toContain(messages[locale].document.specimenLabel);
      // Not also listed under its letter.
      expect(tiles.filter((t) => t.attributes('data-country') === 'UTO')).toHaveLength(1);
    },
  );

  it("names real countries in the person's language (Intl.DisplayNames), sorted in it", async () => {
    const w = await documentScreen('fr', ['DEU', 'ESP', 'GBR']);
    expect(w.findAll('[data-country]').map((t) => t.find('.tile__name').text())).toEqual([
      'Allemagne',
      'Espagne',
      'Royaume-Uni',
    ]);
    const es = await documentScreen('es', ['DEU']);
    // One country: chosen for the person; its name in Spanish heads the type screen.
    expect(es.find('.country').text()).toBe('Alemania');
  });

  it("without the specimen in the service's list (a real service), it is not offered", async () => {
    const w = await documentScreen(
      'en',
      COUNTRIES.filter((c) => c !== 'UTO'),
    );
    expect(w.find('[data-country="UTO"]').exists()).toBe(false);
    expect(w.find('[data-specimen]').exists()).toBe(false);
    expect(w.findAll('[data-letter]').length).toBeGreaterThan(3);
  });

  it('a long list is narrowed by letter', async () => {
    const w = await documentScreen('en', COUNTRIES);
    await w.find('[data-letter="U"]').trigger('click');
    const shown = w.findAll('[data-country]').map((t) => t.attributes('data-country'));
    expect(shown).toEqual(['UTO', 'UKR', 'GBR', 'USA']); // specimen first, then Ukraine, United Kingdom, United States
    await w.find('[data-country="UKR"]').trigger('click');
    expect(h.session.country).toBe('UKR');
  });
});
