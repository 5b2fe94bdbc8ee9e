// @vitest-environment happy-dom
// The country list: typing narrows it (case and accents ignored, in the person's language, or by
// the alpha-3 code); the kiosk's likely countries come first in their configured order; a session
// that offers one country has it chosen already.
import { afterEach, describe, expect, it } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import DocumentView from '../../../renderer/views/DocumentView.vue';
import { createKioskI18n, type SupportedLocale } from '../../../renderer/i18n';
import { foldForSearch } from '../../../renderer/composables/useCountryPicker';
import { setUpFlow, type FlowHarness } from './flowHarness';

const COUNTRIES = ['FRA', 'DEU', 'ESP', 'GBR', 'ITA', 'NLD', 'BEL', 'PRT', 'IRL', 'AUT', 'CHE', 'SWE', 'NOR'];
const COUNTRIES_LONG = [
  ...COUNTRIES,
  ...['DNK', 'FIN', 'POL', 'CZE', 'SVK', 'HUN', 'ROU', 'BGR', 'GRC', 'HRV', 'SVN', 'USA', 'UKR', 'TUR'],
];
let h: FlowHarness;
let w: VueWrapper | null = null;

async function documentScreen(locale: SupportedLocale, countries: string[], likely?: string[]) {
  h = setUpFlow({ countries });
  await h.flow.init();
  if (likely && h.session.appInfo) h.session.appInfo = { ...h.session.appInfo, likelyCountries: likely };
  h.flow.begin();
  await h.flow.acceptConsent();
  w = mount(DocumentView, { global: { plugins: [h.pinia, createKioskI18n(locale)] } });
  await flushPromises();
  return w;
}
const shown = (view: VueWrapper) => view.findAll('[data-country]').map((t) => t.attributes('data-country'));
async function search(view: VueWrapper, text: string) {
  await view.find('[data-testid="country-search"]').setValue(text);
  await flushPromises();
}

afterEach(() => {
  if (h) expect(h.kiosk.violations).toEqual([]);
  w?.unmount();
  delete window.kiosk;
});

describe('country search', () => {
  it('folds accents and case in the language', () => {
    expect(foldForSearch('Émirats Arabes', 'fr-FR')).toBe('emirats arabes');
    expect(foldForSearch('İTALYA', 'tr-TR')).toBe('italya');
    expect(foldForSearch('IRAK', 'tr-TR')).toBe('irak');
  });

  it('finds countries by the start of a word of their name, ignoring accents and case', async () => {
    const view = await documentScreen('es', COUNTRIES_LONG);
    await search(view, 'suiz'); // Suiza
    expect(shown(view)).toEqual(['CHE']);
    await search(view, 'belgi'); // Bélgica, typed without the accent
    expect(shown(view)).toEqual(['BEL']);
    await search(view, 'REINO');
    expect(shown(view)).toEqual(['GBR']); // Reino Unido
    expect(view.find('[data-testid="country-results"]').text()).toBe('Países encontrados: 1');
    await search(view, 'unido'); // any word of the name: Estados Unidos, Reino Unido
    expect(shown(view)).toEqual(['USA', 'GBR']);
    // While searching, the letter bar steps aside.
    expect(view.find('[data-letter]').exists()).toBe(false);
  });

  it('searches in the chosen language, and by code', async () => {
    const view = await documentScreen('fr', COUNTRIES);
    await search(view, 'allem');
    expect(shown(view)).toEqual(['DEU']); // Allemagne
    await search(view, 'germ');
    expect(shown(view)).toEqual([]);
    expect(view.find('[data-testid="country-none"]').text()).toBe(
      'Aucun pays ne correspond à cette recherche.',
    );
    await search(view, 'deu');
    expect(shown(view)).toEqual(['DEU']);
    await search(view, '');
    expect(shown(view)).toHaveLength(COUNTRIES.length);
    await view.find('[data-testid="country-search"]').setValue('espa');
    await view.find('[data-country="ESP"]').trigger('click');
    expect(h.session.country).toBe('ESP');
  });

  it("lists the kiosk's likely countries first, in their order, only those the service offers", async () => {
    const view = await documentScreen('en', COUNTRIES_LONG, ['IRL', 'MLT', 'GBR']);
    const likely = view.find('[data-testid="likely-countries"]');
    expect(likely.findAll('[data-likely-country]').map((t) => t.attributes('data-likely-country'))).toEqual([
      'IRL',
      'GBR',
    ]);
    expect(likely.attributes('role')).toBe('group');
    await likely.find('[data-likely-country="GBR"]').trigger('click');
    expect(h.session.country).toBe('GBR');
  });

  it('with no likely countries configured there is no such group', async () => {
    const view = await documentScreen('en', COUNTRIES_LONG);
    expect(view.find('[data-testid="likely-countries"]').exists()).toBe(false);
  });

  it("the session's preset country (the only one it offers) is chosen: no list, no search", async () => {
    const view = await documentScreen('en', ['FRA']);
    expect(h.session.country).toBe('FRA');
    expect(view.find('[data-testid="country-search"]').exists()).toBe(false);
    expect(view.find('.country').text()).toBe('France');
  });
});
