// The shell every print page shares: a strict CSP (no scripts, no network; only this page's own
// style block, by hash, and data: images), no external resources, and the text helpers the pages
// use. These pages go to the print window only, never to the kiosk renderer.
import { createHash } from 'node:crypto';
import type { MediaImage } from '../../../common/ipc/contract';
import { DECISIONS } from '../../../common/ipc/contract';
import { escapeHtml } from './htmlEscape';

export function contentSecurityPolicy(css: string): string {
  const styleHash = createHash('sha256').update(css, 'utf8').digest('base64');
  return [
    "default-src 'none'",
    `style-src 'sha256-${styleHash}'`,
    'img-src data:',
    "script-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
  ].join('; ');
}

/** The language's writing direction from CLDR (Arabic and Hebrew print right to left). */
export function textDirection(lang: string): 'ltr' | 'rtl' {
  try {
    const locale = new Intl.Locale(lang) as Intl.Locale & { textInfo?: { direction?: string } };
    return locale.textInfo?.direction === 'rtl' ? 'rtl' : 'ltr';
  } catch {
    return 'ltr';
  }
}

export function pageShell(title: string, css: string, body: string, lang = 'en'): string {
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(lang)}" dir="${textDirection(lang)}"><head><meta charset="utf-8">`,
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(css))}">`,
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${css}</style>`,
    `</head><body>${body}</body></html>`,
  ].join('\n');
}

/** Only the contract's image types can become a data: URL (nothing else could name a resource). */
export function imageDataUrl(image: MediaImage): string {
  const mime = image.mime === 'image/png' ? 'image/png' : 'image/jpeg';
  return `data:${mime};base64,${Buffer.from(image.bytes).toString('base64')}`;
}

const DECISION_WORDS: Record<(typeof DECISIONS)[number], string> = {
  APPROVE: 'Approved',
  REJECT: 'Rejected',
  REFER: 'Referred',
};
export const decisionWords = (d: (typeof DECISIONS)[number]): string => DECISION_WORDS[d];

const DOCUMENT_WORDS: Record<string, string> = {
  PASSPORT: 'Passport',
  DRIVING_LICENCE: 'Driving licence',
  NATIONAL_ID: 'National ID card',
  RESIDENCE_PERMIT: 'Residence permit',
};
export const documentWords = (type: string | null): string =>
  type === null ? 'Not given' : (DOCUMENT_WORDS[type] ?? type);

/** "2026-12-01 10:58 UTC": the same on every kiosk, whatever its time zone or locale. */
export function formatUtc(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A definition list row, both sides escaped. */
export const row = (term: string, value: string): string =>
  `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd>`;
