// The customer receipt as a page for an 80 mm roll (or its PDF): receiptFacts decides what it says.
import { escapeHtml } from './htmlEscape';
import { pageShell, row } from './printPage';
import { receiptFacts, type ReceiptInput } from './receiptFacts';
import { RECEIPT_PAGE, type PrintPage } from './printTypes';

const size = typeof RECEIPT_PAGE === 'string' ? RECEIPT_PAGE : `${RECEIPT_PAGE.widthMm}mm ${RECEIPT_PAGE.heightMm}mm`;

const RECEIPT_CSS = [
  `@page { size: ${size}; margin: 4mm; }`,
  'body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; margin: 0; color: #000; }',
  'h1 { font-size: 12pt; margin: 0 0 3mm; text-align: center; }',
  '.reference-label { text-align: center; margin: 0; }',
  '.reference { font-size: 14pt; font-weight: bold; text-align: center; margin: 1mm 0 4mm; overflow-wrap: anywhere; }',
  'dl { margin: 0; } dt { font-weight: bold; margin-top: 2mm; } dd { margin: 0; }',
  '.service { margin-top: 4mm; font-size: 8pt; }',
].join('\n');

export function receiptPage(input: ReceiptInput): PrintPage {
  const facts = receiptFacts(input);
  const body = [
    `<h1>${escapeHtml(facts.title)}</h1>`,
    `<p class="reference-label">${escapeHtml(facts.referenceLabel)}</p>`,
    `<p class="reference">${escapeHtml(facts.reference)}</p>`,
    `<dl>${facts.rows.map(([t, v]) => row(t, v)).join('')}</dl>`,
    `<p class="service">${escapeHtml(facts.serviceLabel)}</p>`,
  ].join('\n');
  return {
    kind: 'receipt',
    html: pageShell(`${facts.title} ${facts.reference}`, RECEIPT_CSS, body, facts.lang),
    pageSize: RECEIPT_PAGE,
  };
}
