// What a translation is checked against. English (en.ts) is the reference schema; another
// language's catalogue may lack keys (an English key added today is translated later) without
// failing the type-check of every catalogue: test/unit/i18n/catalogues.test.ts checks each one
// is complete, and the English text stands in at runtime meanwhile. Keys English does not have
// are type errors (a typo would otherwise never show).
import type { MessageSchema } from './en';

type DeepPartial<T> = { [K in keyof T]?: T[K] extends string ? string : DeepPartial<T[K]> };

export type Catalogue = DeepPartial<MessageSchema>;

type Tree = { [key: string]: string | Tree };

/** `translation` over `reference`: every key present, the translation's text where it has one. */
export function withFallback<T extends object>(reference: T, translation: object): T {
  const ref = reference as Tree;
  const own = translation as Partial<Tree>;
  const out: Tree = {};
  for (const [key, value] of Object.entries(ref)) {
    const mine = own[key];
    if (typeof value === 'string') out[key] = typeof mine === 'string' && mine.trim() ? mine : value;
    else out[key] = withFallback(value, mine !== undefined && typeof mine === 'object' ? mine : {});
  }
  return out as T;
}

/** The same tree with every message passed through `f`. */
export function mapMessages<T extends object>(tree: T, f: (text: string) => string): T {
  const out: Tree = {};
  for (const [key, value] of Object.entries(tree as Tree))
    out[key] = typeof value === 'string' ? f(value) : mapMessages(value, f);
  return out as T;
}
