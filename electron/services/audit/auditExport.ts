// The IT tool's export: CSV (RFC 4180, one row per entry) or JSON (the records as stored).
import type { AuditRecord } from './auditLog';

export const EXPORT_FORMATS = ['csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const CSV_COLUMNS = [
  'seq',
  'at',
  'kind',
  'kioskId',
  'decision',
  'reasonCode',
  'note',
  'staffAccountId',
  'sessionId',
  'checks',
  'reportHash',
  'documentNumberLast4',
  'purgedThroughSeq',
  'purgedCount',
  'checkId',
  'checkType',
  'outcome',
  'keyId',
  'file',
  'prevHash',
  'hash',
] as const;
type CsvColumn = (typeof CSV_COLUMNS)[number];

/**
 * Quotes a field when it must be (comma, quote, CR or LF) and doubles its quotes. A field a
 * spreadsheet would run as a formula (=, +, -, @, tab or CR first: a staff note can be anything)
 * gets a leading apostrophe, as OWASP advises against CSV injection.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csvRow(record: AuditRecord): Record<CsvColumn, string> {
  const { entry, hash } = record;
  const common = {
    seq: String(entry.seq),
    at: entry.at,
    kind: entry.kind,
    kioskId: entry.kioskId,
    prevHash: entry.prevHash,
    hash,
  };
  const none = {
    decision: '',
    reasonCode: '',
    note: '',
    staffAccountId: '',
    sessionId: '',
    checks: '',
    reportHash: '',
    documentNumberLast4: '',
    purgedThroughSeq: '',
    purgedCount: '',
    checkId: '',
    checkType: '',
    outcome: '',
    keyId: '',
    file: '',
  };
  if (entry.kind === 'purge')
    return {
      ...none,
      ...common,
      purgedThroughSeq: String(entry.purgedThroughSeq),
      purgedCount: String(entry.purgedCount),
    };
  if (entry.kind === 'expertReview')
    return {
      ...none,
      ...common,
      reasonCode: entry.reasonCode ?? '',
      staffAccountId: entry.staffAccountId,
      sessionId: entry.sessionId,
      checkId: entry.checkId,
      checkType: entry.checkType,
      outcome: entry.outcome,
    };
  if (entry.kind === 'branchReview')
    return {
      ...none,
      ...common,
      decision: entry.decision,
      reasonCode: entry.stage === 'review' ? 'BRANCH_VISUAL_REVIEW' : 'BRANCH_SUBMIT',
      note: entry.note ?? '',
      staffAccountId: entry.staffAccountId,
      sessionId: entry.sessionId,
      checks: [
        ...Object.entries(entry.points).map(([point, yes]) => `${point}=${yes ? 'yes' : 'no'}`),
        ...entry.checks.map((c) => `${c.type}=${c.recommendation}`),
      ].join(';'),
      reportHash: entry.reportHash,
      outcome: entry.stage,
    };
  if (entry.kind === 'keyExport')
    return { ...none, ...common, staffAccountId: entry.staffAccountId, keyId: entry.keyId, file: entry.file };
  return {
    ...none,
    ...common,
    decision: entry.decision,
    reasonCode: entry.reasonCode,
    note: entry.note ?? '',
    staffAccountId: entry.staffAccountId,
    sessionId: entry.sessionId,
    checks: entry.checks.map((c) => `${c.type}=${c.recommendation}`).join(';'),
    reportHash: entry.reportHash,
    documentNumberLast4: entry.documentNumberLast4 ?? '',
  };
}

export function exportRecords(records: readonly AuditRecord[], format: ExportFormat): string {
  if (format === 'json')
    return `${JSON.stringify(
      records.map((r) => ({ ...r.entry, hash: r.hash })),
      null,
      2,
    )}\n`;
  const lines = [CSV_COLUMNS.join(',')];
  for (const record of records) {
    const row = csvRow(record);
    lines.push(CSV_COLUMNS.map((column) => csvField(row[column])).join(','));
  }
  // CRLF, as RFC 4180 has it.
  return `${lines.join('\r\n')}\r\n`;
}
