// Dutch. Checked complete against English by test/unit/i18n/catalogues.test.ts.
import type { Catalogue } from './catalogue';

export const nl: Catalogue = {
  app: {
    languageName: 'Nederlands',
  },
};
