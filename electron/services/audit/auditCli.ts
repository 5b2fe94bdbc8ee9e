// The audit log's command line for IT: `verify` and `export`. Opens the log read-only, so it may run
// while the kiosk does. Exit codes: 0 fine, 1 the log fails verification, 2 bad arguments,
// 3 the log cannot be read.
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { errorMessage } from '../../../common/errorMessage';
import { AUDIT_KEY_BYTES, type ChainVerdict } from './auditChain';
import { AuditError } from './auditError';
import { EXPORT_FORMATS, exportRecords, type ExportFormat } from './auditExport';
import { parseKey } from './auditKeyFile';
import { auditLogFile, openAuditReader, type AuditRange } from './auditLog';
import { sessionReference } from './sessionReference';

const EXIT = { ok: 0, broken: 1, usage: 2, unreadable: 3 } as const;

const DATA_HELP = `  --data DIR       the kiosk data folder (the log is DIR/audit/audit.sqlite); on the kiosk it is
                   "<user data>/kiosk-data", e.g. ~/.config/Doc Scan Kiosk/kiosk-data on Linux,
                   %APPDATA%\\Doc Scan Kiosk\\kiosk-data on Windows`;

const HELP = {
  main: `Usage: npm run -s audit -- <command> [options]

Commands:
  verify   check that the staff decisions' audit log is whole and unchanged
  export   print the log's entries as CSV or JSON

Run "npm run -s audit -- <command> --help" for a command's options.
Exit codes: 0 ok, 1 the log fails verification, 2 bad arguments, 3 the log cannot be read.`,
  verify: `Usage: npm run -s audit -- verify --data DIR [--key-file FILE] [--json]

Walks the hash chain from its start (or the last retention purge) to its head and names the first
broken entry: edited, deleted, reordered, inserted, or the end cut off.
${DATA_HELP}
  --key-file FILE  the kiosk's audit key (32 bytes as 64 hex digits or base64): also checks every
                   HMAC, which proves the kiosk wrote the entries. Without it the check proves the
                   chain is consistent, not who wrote it (anyone able to write the file could
                   rebuild a consistent chain). The key can also forge entries: keep it secret.
  --json           print the verdict as one JSON object

Exit 0 when the log holds, 1 when it does not (the message names the entry and what is wrong).
The head printed on success (entry number and hash) is worth noting: a later verify whose head is
older than one noted means the whole file was replaced by an old copy.`,
  export: `Usage: npm run -s audit -- export --data DIR [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--reference V-XXXXX-XXXXX] --format csv|json

Prints the entries recorded between the dates (UTC days, both included), oldest first: decisions
and retention purges. Does not verify the log: run "verify" for that.
${DATA_HELP}
  --from DAY       first day to include
  --to DAY         last day to include
  --reference REF  only the decisions on the verification a person quotes (the V-… reference of
                   their done screen, receipt and report)
  --format F       csv (RFC 4180, a header row) or json (an array of the records as stored)`,
};

class UsageError extends Error {}

function help(topic: keyof typeof HELP): number {
  process.stdout.write(`${HELP[topic]}\n`);
  return EXIT.ok;
}

function parse<T extends Record<string, { type: 'string' | 'boolean' }>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean' } }, strict: true }).values;
  } catch (err) {
    throw new UsageError(errorMessage(err));
  }
}

/** A UTC day: its first millisecond, or (end) its last. */
export function parseDay(value: string, option: string, end: boolean): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const [y, m, d] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  const start = Date.UTC(y, m - 1, d);
  if (!match || new Date(start).getUTCDate() !== d || new Date(start).getUTCMonth() !== m - 1)
    throw new UsageError(`${option} ${value} is not a date as YYYY-MM-DD`);
  return end ? Date.UTC(y, m - 1, d + 1) - 1 : start;
}

async function readKey(file: string): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new UsageError(`cannot read --key-file ${file}: ${errorMessage(err)}`);
  }
  const key = parseKey(bytes);
  if (!key)
    throw new UsageError(`--key-file ${file} holds no ${AUDIT_KEY_BYTES}-byte key (64 hex digits or base64)`);
  return key;
}

function dataFile(data: string | undefined, command: string): string {
  if (!data) throw new UsageError(`${command} needs --data DIR`);
  return auditLogFile(data);
}

function describe(verdict: ChainVerdict, file: string): string {
  const what =
    verdict.mode === 'hmac'
      ? 'hash chain and HMACs hold'
      : 'hash chain holds (HMACs not checked: no --key-file)';
  if (!verdict.ok)
    return `audit log ${file}: BROKEN at ${verdict.seq === null ? 'the log' : `entry ${verdict.seq}`}: ${verdict.message} [${verdict.problem}]`;
  const range =
    verdict.checked === 0
      ? 'no entries'
      : `${verdict.checked} entries (${(verdict.anchor?.seq ?? 0) + 1}-${verdict.head?.seq ?? 0})`;
  return `audit log ${file}: OK, ${what}; ${range}; head entry ${verdict.head?.seq ?? 0} ${verdict.head?.hash ?? ''}`;
}

async function verify(argv: string[]): Promise<number> {
  const values = parse(argv, {
    data: { type: 'string' },
    'key-file': { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) return help('verify');
  const file = dataFile(values.data as string | undefined, 'verify');
  const keyFile = values['key-file'] as string | undefined;
  const key = keyFile === undefined ? null : await readKey(keyFile);
  const reader = await openAuditReader(file);
  try {
    const verdict = reader.verify(key);
    process.stdout.write(
      values.json ? `${JSON.stringify({ file, ...verdict })}\n` : `${describe(verdict, file)}\n`,
    );
    return verdict.ok ? EXIT.ok : EXIT.broken;
  } finally {
    reader.close();
  }
}

async function exportLog(argv: string[]): Promise<number> {
  const values = parse(argv, {
    data: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    format: { type: 'string' },
    reference: { type: 'string' },
  });
  if (values.help) return help('export');
  const file = dataFile(values.data as string | undefined, 'export');
  const format = values.format as string | undefined;
  if (!format) throw new UsageError('export needs --format csv|json');
  if (!(EXPORT_FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--format ${format} is not one of ${EXPORT_FORMATS.join(', ')}`);
  const range: AuditRange = {};
  if (values.from !== undefined) range.from = parseDay(values.from as string, '--from', false);
  if (values.to !== undefined) range.to = parseDay(values.to as string, '--to', true);
  if (range.from !== undefined && range.to !== undefined && range.from > range.to)
    throw new UsageError(`--from ${String(values.from)} is after --to ${String(values.to)}`);
  const reference = (values.reference as string | undefined)?.trim().toUpperCase();
  if (reference !== undefined && !/^V-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/.test(reference))
    throw new UsageError(`--reference ${reference} is not a verification reference such as V-X4WAZ-D4BR7`);
  const reader = await openAuditReader(file);
  try {
    const records = reader.entries(range);
    // The reference is derived from the session id, so the entries are matched by computing it.
    const chosen =
      reference === undefined
        ? records
        : records.filter(
            (r) =>
              (r.entry.kind === 'decision' || r.entry.kind === 'expertReview' || r.entry.kind === 'branchReview') &&
              sessionReference(r.entry.sessionId) === reference,
          );
    process.stdout.write(exportRecords(chosen, format as ExportFormat));
    return EXIT.ok;
  } finally {
    reader.close();
  }
}

export async function runAuditCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'verify') return await verify(rest);
    if (command === 'export') return await exportLog(rest);
    if (command === '--help' || command === '-h' || command === 'help') return help('main');
    if (command === undefined) throw new UsageError('no command given (verify, export)');
    throw new UsageError(`unknown command "${command}" (verify, export)`);
  } catch (err) {
    if (err instanceof UsageError) {
      const topic = command === 'verify' || command === 'export' ? `${command} ` : '';
      process.stderr.write(`audit: ${err.message}\nRun "npm run -s audit -- ${topic}--help" for usage.\n`);
      return EXIT.usage;
    }
    if (err instanceof AuditError) {
      const hint =
        err.code === 'LOG_NOT_FOUND'
          ? ' (--data is the kiosk data folder, which holds audit/audit.sqlite)'
          : '';
      process.stderr.write(`audit: ${err.message}${hint}\n`);
      return EXIT.unreadable;
    }
    process.stderr.write(`audit: ${errorMessage(err)}\n`);
    return EXIT.unreadable;
  }
}

// Run as a program (tsx electron/services/audit/auditCli.ts), not when imported by a test.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void runAuditCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
