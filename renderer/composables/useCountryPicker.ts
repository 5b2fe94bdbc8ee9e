// The document screen's country list: the service's own list decides what is offered; the ICAO
// specimen issuer (demo mode only) comes first, labelled; the rest sorted by their name in the
// person's language, narrowed by an A–Z bar when the list is long (no typing on a touch screen).
import { computed, ref, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { useCountryNames } from './useCountryNames';

export interface CountryTile {
  code: string;
  name: string;
  specimen: boolean;
}

const LETTER_BAR_FROM = 24;
const initial = (name: string): string => name.normalize('NFD').charAt(0).toUpperCase();

export function useCountryPicker(codes: Ref<readonly string[]>) {
  const { locale } = useI18n();
  const names = useCountryNames();
  const all = computed<CountryTile[]>(() =>
    codes.value.map((code) => ({ code, name: names.name(code), specimen: names.isSpecimen(code) })),
  );
  const specimens = computed(() => all.value.filter((c) => c.specimen));
  const countries = computed(() =>
    all.value.filter((c) => !c.specimen).sort((a, b) => a.name.localeCompare(b.name, locale.value)),
  );
  const letters = computed(() => [...new Set(countries.value.map((c) => initial(c.name)))].sort());
  const letterOptions = computed(() => letters.value.map((l) => ({ value: l, label: l })));
  const chosenLetter = ref<string | null>(null);
  const letter = computed(() => chosenLetter.value ?? letters.value[0] ?? null);
  const useLetters = computed(() => countries.value.length > LETTER_BAR_FROM);
  const shown = computed(() =>
    useLetters.value ? countries.value.filter((c) => initial(c.name) === letter.value) : countries.value,
  );

  return {
    specimens,
    shown,
    letterOptions,
    letter,
    useLetters,
    empty: computed(() => all.value.length === 0),
    pickLetter: (l: string) => void (chosenLetter.value = l),
    name: names.name,
  };
}
