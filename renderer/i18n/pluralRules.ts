// Plural forms the vue-i18n way, with each language's own rules from Intl.PluralRules (CLDR):
// a plural message lists its forms separated by " | ", in CLDR order (zero, one, two, few, many,
// other), one form per category the language has. English and German have 2 (one | other),
// French, Spanish, Italian and Portuguese 3 (one | many | other: "many" is for millions),
// Polish and Ukrainian 4, Arabic 6, Chinese 1 (no pipe at all). The number is the `count`
// named parameter (or the plural argument of t()).
import type { PluralizationRule } from 'vue-i18n';

const CLDR_ORDER: readonly Intl.LDMLPluralRule[] = ['zero', 'one', 'two', 'few', 'many', 'other'];

/** The plural categories of `tag`, in the order its plural messages list their forms. */
export function pluralCategoriesOf(tag: string): Intl.LDMLPluralRule[] {
  const categories = new Intl.PluralRules(tag).resolvedOptions().pluralCategories;
  return CLDR_ORDER.filter((c) => categories.includes(c));
}

/** vue-i18n's rule for `tag`: which form of a plural message to show for `choice`. */
export function pluralRuleFor(tag: string): PluralizationRule {
  const rules = new Intl.PluralRules(tag);
  const categories = pluralCategoriesOf(tag);
  return (choice, choicesLength) => {
    if (choicesLength <= 1) return 0;
    // vue-i18n passes -1 when the caller gave no number: the general ("other") form.
    const category = choice < 0 ? 'other' : rules.select(choice);
    if (choicesLength === categories.length) return categories.indexOf(category);
    // A message shaped for another language (the English "one | other" shown while a
    // translation is missing): its first form for "one", its last for everything else.
    return category === 'one' ? 0 : choicesLength - 1;
  };
}
