// Arabic (right to left). Checked complete against English by test/unit/i18n/catalogues.test.ts.
import type { Catalogue } from './catalogue';

export const ar: Catalogue = {
  app: {
    languageName: 'العربية',
  },
};
