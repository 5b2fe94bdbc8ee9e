// The business report: everything staff decided on, for the business's own records. Every check
// with its recommendation and breakdown (sub-checks, results, details), the extracted fields, the
// page images, the document portrait and the live face, and the decision. It carries personal
// data and images, so it goes to the print window or a PDF handed to the business, never further.
import type { CheckReport, MediaImage } from '../../../common/ipc/contract';
import { escapeHtml } from './htmlEscape';
import { decisionWords, documentWords, formatUtc, imageDataUrl, pageShell, row } from './printPage';
import { DecisionRecord, REPORT_PAGE, type PrintInput, type PrintPage } from './printTypes';
import { serviceLabelOf } from './serviceLabelOf';

export type ReportInput = PrintInput;

const REPORT_CSS = [
  '@page { size: A4; margin: 15mm; }',
  'body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 9.5pt; margin: 0; color: #000; }',
  'h1 { font-size: 15pt; margin: 0 0 2mm; } h2 { font-size: 12pt; margin: 6mm 0 2mm; border-bottom: 0.3mm solid #000; }',
  'h3 { font-size: 10.5pt; margin: 4mm 0 1mm; }',
  '.service { font-weight: bold; border: 0.4mm solid #000; padding: 1.5mm 3mm; display: inline-block; }',
  'dl { display: grid; grid-template-columns: 45mm 1fr; gap: 1mm 3mm; margin: 0; } dt { font-weight: bold; } dd { margin: 0; }',
  'table { border-collapse: collapse; width: 100%; margin-top: 1mm; } th, td { border: 0.2mm solid #555; padding: 1mm 2mm; text-align: left; vertical-align: top; }',
  '.check { break-inside: avoid; }',
  'figure { display: inline-block; margin: 0 4mm 4mm 0; break-inside: avoid; } figcaption { font-size: 8.5pt; }',
  'img { max-width: 85mm; max-height: 70mm; border: 0.2mm solid #555; }',
].join('\n');

const text = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v) ?? String(v));

function checkSection(check: CheckReport): string {
  const rec = check.recommendation;
  const recRows = [
    row('Recommendation', rec.value),
    row('State', check.state),
    ...(rec.reason ? [row('Reason', rec.reason)] : []),
    ...(rec.recoverySuggestion ? [row('Recovery suggestion', rec.recoverySuggestion)] : []),
  ];
  const breakdown = check.breakdown.length
    ? '<table><thead><tr><th>Sub-check</th><th>Result</th><th>Details</th></tr></thead><tbody>' +
      check.breakdown
        .map(
          (b) =>
            `<tr><td>${escapeHtml(b.subCheck)}</td><td>${escapeHtml(b.result)}</td><td>${b.details
              .map((d) => `${escapeHtml(d.name)}: ${escapeHtml(d.value)}`)
              .join('<br>')}</td></tr>`,
        )
        .join('') +
      '</tbody></table>'
    : '<p>No breakdown given.</p>';
  return `<section class="check"><h3>${escapeHtml(check.type)}</h3><dl>${recRows.join('')}</dl>${breakdown}</section>`;
}

/** " (read from MRZ; BARCODE disagrees)" when the report says where a field came from. */
function sourceNote(report: ReportInput['report'], field: string): string {
  const s = report.fieldSources?.find((f) => f.field === field);
  if (!s) return '';
  const disagree = s.disagreesWith.length ? `; ${s.disagreesWith.join(', ')} disagrees` : '';
  return ` (read from ${s.source}${disagree})`;
}

function captureSection(report: ReportInput['report']): string {
  const notes = report.captureNotes ?? [];
  if (!notes.length) return '<p>The service reported no capture-quality measures.</p>';
  return (
    '<table><thead><tr><th>Page</th><th>Fit to check</th><th>Issues</th><th>Measures</th></tr></thead><tbody>' +
    notes
      .map(
        (n) =>
          `<tr><td>${escapeHtml(n.side)}</td><td>${n.acceptable ? 'yes' : 'no'}</td><td>${escapeHtml(
            n.issues.join(', ') || 'none',
          )}</td><td>${n.metrics.map((m) => `${escapeHtml(m.name)}: ${escapeHtml(m.value)}`).join('<br>')}</td></tr>`,
      )
      .join('') +
    '</tbody></table>'
  );
}

const figure = (caption: string, image: MediaImage): string =>
  `<figure><img src="${escapeHtml(imageDataUrl(image))}" alt="${escapeHtml(caption)}"><figcaption>${escapeHtml(caption)}</figcaption></figure>`;

export function reportPage(input: ReportInput): PrintPage {
  const decision = DecisionRecord.parse(input.decision);
  const { report } = input;
  const decisionRows = [
    row('Decision', decisionWords(decision.decision)),
    row('Reason', decision.reasonLabel ? `${decision.reasonLabel} (${decision.reasonCode})` : decision.reasonCode),
    row('Note', decision.note ?? '—'),
    row('Staff', decision.staffDisplayName),
    row('Time', formatUtc(decision.recordedAt)),
    row('Reference', decision.reference),
    row('Kiosk', decision.kioskId),
  ];
  const sessionRows = [
    ...(report.reference ? [row('Verification reference', report.reference)] : []),
    row('Session state', report.sessionState),
    row('Document', documentWords(report.documentType)),
    row('Issuing country', report.issuingCountry ?? 'Not given'),
    row('Completed', report.completedAt ? formatUtc(report.completedAt) : 'Not completed'),
  ];
  const fields = Object.entries(report.documentFields ?? {});
  const fieldsHtml = fields.length
    ? `<dl>${fields.map(([k, v]) => row(k, text(v) + sourceNote(report, k))).join('')}</dl>`
    : '<p>No fields were extracted.</p>';
  const images = [
    ...report.pages.map((p) => figure(`Document page: ${p.side}`, p.image)),
    ...(report.portrait ? [figure('Document portrait', report.portrait)] : []),
    ...(report.face ? [figure('Live face', report.face)] : []),
  ];
  const body = [
    '<h1>Identity verification report</h1>',
    `<p class="service">${escapeHtml(serviceLabelOf(report.source))}</p>`,
    '<h2>Decision</h2>',
    `<dl>${decisionRows.join('')}</dl>`,
    '<h2>Session</h2>',
    `<dl>${sessionRows.join('')}</dl>`,
    '<h2>Checks</h2>',
    report.checks.length ? report.checks.map(checkSection).join('\n') : '<p>No checks were run.</p>',
    '<h2>Extracted fields</h2>',
    fieldsHtml,
    '<h2>Capture quality</h2>',
    captureSection(report),
    '<h2>Images</h2>',
    images.length ? images.join('\n') : '<p>No images.</p>',
  ].join('\n');
  return { kind: 'report', html: pageShell('Report ' + decision.reference, REPORT_CSS, body), pageSize: REPORT_PAGE };
}
