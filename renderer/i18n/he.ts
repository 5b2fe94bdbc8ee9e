// Hebrew (right to left). Checked complete against English by test/unit/i18n/catalogues.test.ts.
import type { Catalogue } from './catalogue';

export const he: Catalogue = {
  app: {
    languageName: 'עברית',
  },
};
