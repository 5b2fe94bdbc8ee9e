// The document screen's country list: the service's own list decides what is offered; the ICAO
// specimen issuer (demo mode only) comes first, labelled; then the kiosk's likely countries
// (settings.likelyCountries, in their configured order); then the rest sorted by their name in the
// person's language. A long list is narrowed by an A–Z bar (touch) or by typing (a search that
// ignores case and accents, in the person's language, and also finds the alpha-3 code).
import { computed, ref, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { intlTagOf } from '../i18n';
import { useCountryNames } from './useCountryNames';

export interface CountryTile {
  code: string;
  name: string;
  specimen: boolean;
}

const LETTER_BAR_FROM = 24;

/**
 * Folded for matching: lower case in the person's language (Turkish İ is i), then without accents
 * or other marks; dotless ı counts as i, so "irak" finds "Irak" whoever types it.
 */
export function foldForSearch(text: string, locale: string): string {
  return text.toLocaleLowerCase(locale).normalize('NFD').replace(/\p{M}/gu, '').replace(/ı/g, 'i');
}
const initial = (name: string, locale: string): string =>
  foldForSearch(name, locale).charAt(0).toLocaleUpperCase(locale);

/** Whether every word of the query starts a word of the name (or the query is the code). */
export function matchesQuery(tile: CountryTile, query: string, locale: string): boolean {
  const q = foldForSearch(query.trim(), locale);
  if (!q) return true;
  if (tile.code.toLowerCase() === q) return true;
  const name = foldForSearch(tile.name, locale);
  const words = name.split(/[\s\-’'(),.]+/u).filter(Boolean);
  return q.split(/\s+/u).every((part) => name.startsWith(part) || words.some((w) => w.startsWith(part)));
}

export function useCountryPicker(codes: Ref<readonly string[]>, likely: Ref<readonly string[]> = ref([])) {
  const { locale } = useI18n();
  const names = useCountryNames();
  const tag = computed(() => intlTagOf(locale.value));
  const all = computed<CountryTile[]>(() =>
    codes.value.map((code) => ({ code, name: names.name(code), specimen: names.isSpecimen(code) })),
  );
  const specimens = computed(() => all.value.filter((c) => c.specimen));
  const countries = computed(() => {
    const collator = new Intl.Collator(tag.value);
    return all.value.filter((c) => !c.specimen).sort((a, b) => collator.compare(a.name, b.name));
  });
  /** The kiosk's likely countries that the service offers, in the configured order. */
  const likelyTiles = computed(() =>
    likely.value
      .map((code) => countries.value.find((c) => c.code === code))
      .filter((c): c is CountryTile => c !== undefined),
  );
  const letters = computed(() =>
    [...new Set(countries.value.map((c) => initial(c.name, tag.value)))].sort(
      new Intl.Collator(tag.value).compare,
    ),
  );
  const letterOptions = computed(() => letters.value.map((l) => ({ value: l, label: l })));
  const chosenLetter = ref<string | null>(null);
  const letter = computed(() =>
    chosenLetter.value && letters.value.includes(chosenLetter.value)
      ? chosenLetter.value
      : (letters.value[0] ?? null),
  );
  const query = ref('');
  const searching = computed(() => query.value.trim().length > 0);
  const useLetters = computed(() => countries.value.length > LETTER_BAR_FROM && !searching.value);
  const shown = computed(() => {
    if (searching.value)
      return [...specimens.value, ...countries.value].filter((c) => matchesQuery(c, query.value, tag.value));
    return useLetters.value
      ? countries.value.filter((c) => initial(c.name, tag.value) === letter.value)
      : countries.value;
  });

  return {
    specimens,
    likely: likelyTiles,
    shown,
    letterOptions,
    letter,
    useLetters,
    query,
    searching,
    /** Search and letter bar only help when there is a list to narrow. */
    searchable: computed(() => countries.value.length > 1),
    empty: computed(() => all.value.length === 0),
    pickLetter: (l: string) => void (chosenLetter.value = l),
    name: names.name,
  };
}
