// The diagnostics screen's test print: a page with no personal data at all (the kiosk, the time,
// which printer setting it went to), for the receipt's or the report's printer.
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import { escapeHtml } from './htmlEscape';
import { formatUtc, pageShell, row } from './printPage';
import { RECEIPT_PAGE, REPORT_PAGE, type PrintKind, type PrintPage } from './printTypes';

export interface TestPrintFacts {
  kind: PrintKind;
  kioskId: string;
  at: string;
}

const TEST_CSS = [
  '@page { margin: 5mm; }',
  'body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; margin: 0; color: #000; }',
  'h1 { font-size: 13pt; margin: 0 0 3mm; }',
  'dl { margin: 0; } dt { font-weight: bold; margin-top: 2mm; } dd { margin: 0; }',
].join('\n');

const lines = (f: TestPrintFacts): Array<[string, string]> => [
  ['Printer', f.kind === 'receipt' ? 'Receipt printer' : 'Report printer'],
  ['Kiosk', f.kioskId],
  ['Time', formatUtc(f.at)],
];

export function testPrintPage(f: TestPrintFacts): PrintPage {
  const body = [
    '<h1>Doc Scan Kiosk test page</h1>',
    `<dl>${lines(f).map(([t, v]) => row(t, v)).join('')}</dl>`,
    `<p>${escapeHtml('If you can read this, the printer works.')}</p>`,
  ].join('\n');
  return {
    kind: f.kind,
    html: pageShell('Test page', TEST_CSS, body),
    pageSize: f.kind === 'receipt' ? RECEIPT_PAGE : REPORT_PAGE,
  };
}

export function escPosTestPage(f: TestPrintFacts, columns: number): Uint8Array {
  const encoder = new ReceiptPrinterEncoder({ language: 'esc-pos', columns });
  encoder.initialize().bold(true).line('Doc Scan Kiosk test page').bold(false).newline();
  for (const [t, v] of lines(f)) encoder.line(`${t}: ${v}`);
  encoder.newline().line('If you can read this, the printer works.').newline().cut();
  return encoder.encode();
}
