// Chinese, Simplified. Checked complete against English by test/unit/i18n/catalogues.test.ts.
import type { Catalogue } from './catalogue';

export const zh: Catalogue = {
  app: {
    languageName: '简体中文',
  },
};
