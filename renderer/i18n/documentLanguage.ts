// The page's own language marks: <html lang dir> and <title>. Screen readers pick their voice
// from `lang`, the browser lays the page out right to left from `dir`, and the window title is
// what an accessibility tree announces first.
import { directionOf, langAttributeOf } from './locales';

/** Sets `lang`, `dir` and the title of `doc` for `locale` (a catalogue code). */
export function syncDocumentLanguage(doc: Document, locale: string, title: string): void {
  const root = doc.documentElement;
  root.lang = langAttributeOf(locale);
  root.dir = directionOf(locale);
  doc.title = title;
}
