// The IT tool: `verify` and `export` as a child process (exit codes, messages, stdout), and the
// export's date filters and CSV quoting.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDay } from '../../../electron/services/audit/auditCli';
import { csvField } from '../../../electron/services/audit/auditExport';
import { sessionReference } from '../../../electron/services/audit/sessionReference';
import {
  DAY_MS,
  openTestLog,
  recordDecisions,
  removeTempDirs,
  tamper,
  tempDir,
  type TestLog,
} from './auditFixtures';
import { writeFile } from 'node:fs/promises';
import { runAuditCli as run } from './runAuditCli';

/** RFC 4180 rows (quoted fields, doubled quotes, CRLF), to read back what export wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length > 0) throw new Error('CSV does not end with CRLF');
  return rows;
}

const logs: TestLog[] = [];
afterEach(async () => {
  for (const t of logs.splice(0)) t.log.close();
  await removeTempDirs();
});

/** Decisions on 2026-01-10, -11 and -12 (two a day), the kiosk's log closed as IT would find it. */
async function threeDays(): Promise<TestLog> {
  const t = await openTestLog();
  logs.push(t);
  for (let day = 0; day < 3; day++) {
    recordDecisions(t, 2);
    t.clock.now += DAY_MS - 2 * 3_600_000;
  }
  return t;
}

describe('audit verify (child process)', () => {
  it('exits 0 on an intact log, with and without the key file', async () => {
    const t = await threeDays();
    const keyFile = path.join(await tempDir(), 'audit.key');
    await writeFile(keyFile, `${t.key.toString('hex')}\n`);
    const plain = await run(['verify', '--data', t.dataDir], 'npm');
    expect(plain).toMatchObject({ code: 0, stderr: '' });
    expect(plain.stdout).toContain(
      'OK, hash chain holds (HMACs not checked: no --key-file); 6 entries (1-6)',
    );
    const keyed = await run(['verify', '--data', t.dataDir, '--key-file', keyFile]);
    expect(keyed).toMatchObject({ code: 0, stderr: '' });
    expect(keyed.stdout).toContain(
      `OK, hash chain and HMACs hold; 6 entries (1-6); head entry 6 ${t.log.head().hash}`,
    );
  });

  it('exits 1 and names the first broken entry', async () => {
    const t = await threeDays();
    tamper(t.file, (db) =>
      db.run(`UPDATE entries SET entry = json_set(entry, '$.reasonCode', 'DOCUMENT_OK') WHERE seq = 4`),
    );
    const result = await run(['verify', '--data', t.dataDir]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      `audit log ${t.file}: BROKEN at entry 4: entry 4's content does not match its hash: it was edited [ENTRY_ALTERED]\n`,
    );
  });

  it('exits 1 on a truncated log and says so as JSON with --json', async () => {
    const t = await threeDays();
    tamper(t.file, (db) => db.run('DELETE FROM entries WHERE seq = 6'));
    const result = await run(['verify', '--data', t.dataDir, '--json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: false,
      problem: 'TRUNCATED',
      seq: 6,
      mode: 'hash',
    });
  });

  it('exits 1 with a key file holding another key', async () => {
    const t = await threeDays();
    const keyFile = path.join(await tempDir(), 'other.key');
    await writeFile(keyFile, Buffer.alloc(32, 7).toString('base64'));
    const result = await run(['verify', '--data', t.dataDir, '--key-file', keyFile]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('[KEY_MISMATCH]');
  });

  it('exits 2 on bad arguments and 3 when there is no log', async () => {
    const dir = await tempDir();
    const noData = await run(['verify']);
    expect(noData).toMatchObject({ code: 2, stdout: '' });
    expect(noData.stderr).toContain('audit: verify needs --data DIR');
    const unknown = await run(['verify', '--data', dir, '--force']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--force'");
    const badKey = await run(['verify', '--data', dir, '--key-file', path.join(dir, 'absent.key')]);
    expect(badKey.code).toBe(2);
    expect(badKey.stderr).toContain('cannot read --key-file');
    expect(await run(['frobnicate'])).toMatchObject({ code: 2 });
    const missing = await run(['verify', '--data', dir]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain(`no audit log at ${path.join(dir, 'audit', 'audit.sqlite')}`);
  });

  it('prints help for each command and exits 0', async () => {
    const verify = await run(['verify', '--help']);
    expect(verify).toMatchObject({ code: 0, stderr: '' });
    expect(verify.stdout).toMatch(/^Usage: npm run -s audit -- verify --data DIR \[--key-file FILE\]/);
    const exp = await run(['export', '--help']);
    expect(exp.code).toBe(0);
    expect(exp.stdout).toMatch(/^Usage: npm run -s audit -- export --data DIR \[--from YYYY-MM-DD\]/);
  });
});

describe('audit export', () => {
  it('prints CSV, properly quoted, filtered to the days asked for', async () => {
    const t = await threeDays();
    const result = await run([
      'export',
      '--data',
      t.dataDir,
      '--from',
      '2026-01-11',
      '--to',
      '2026-01-11',
      '--format',
      'csv',
    ]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    // The header line as a spreadsheet or script sees it: every column, in this order.
    expect(result.stdout.slice(0, result.stdout.indexOf('\r\n'))).toBe(
      'seq,at,kind,kioskId,decision,reasonCode,note,staffAccountId,sessionId,checks,reportHash,documentNumberLast4,' +
        'purgedThroughSeq,purgedCount,checkId,checkType,outcome,keyId,file,prevHash,hash',
    );
    const [header, ...rows] = parseCsv(result.stdout);
    const column = (name: string) => rows.map((r) => r[header.indexOf(name)]);
    expect(column('seq')).toEqual(['3', '4']);
    expect(column('at')).toEqual(['2026-01-11T09:30:00.000Z', '2026-01-11T10:30:00.000Z']);
    expect(column('note')).toEqual(['', 'Customer said, "it is an old photo"']);
    expect(column('checks')).toEqual([
      'ID_DOCUMENT_AUTHENTICITY=APPROVE;LIVENESS=NOT_AVAILABLE',
      'ID_DOCUMENT_AUTHENTICITY=APPROVE;LIVENESS=NOT_AVAILABLE',
    ]);
    expect(column('hash')).toEqual(
      t.log
        .entries()
        .slice(2, 4)
        .map((r) => r.hash),
    );
  });

  it('prints JSON, from a day on or up to a day', async () => {
    const t = await threeDays();
    const from = await run(['export', '--data', t.dataDir, '--from', '2026-01-12', '--format', 'json']);
    expect(from.code).toBe(0);
    const fromEntries = JSON.parse(from.stdout) as { seq: number; hash: string; sessionId: string }[];
    expect(fromEntries.map((e) => e.seq)).toEqual([5, 6]);
    expect(fromEntries[0]).toMatchObject({
      kind: 'decision',
      sessionId: 'sess-1',
      hash: t.log.entries()[4].hash,
    });
    const to = await run(['export', '--data', t.dataDir, '--to', '2026-01-10', '--format', 'json']);
    expect((JSON.parse(to.stdout) as { seq: number }[]).map((e) => e.seq)).toEqual([1, 2]);
  });

  it('finds the decisions on the verification a person quotes (--reference), in any case', async () => {
    const t = await threeDays();
    const ref = sessionReference('sess-1');
    const found = await run(['export', '--data', t.dataDir, '--reference', ref.toLowerCase(), '--format', 'json']);
    expect(found.code).toBe(0);
    const entries = JSON.parse(found.stdout) as { seq: number; sessionId: string }[];
    expect(entries.map((e) => [e.seq, e.sessionId])).toEqual([
      [1, 'sess-1'],
      [3, 'sess-1'],
      [5, 'sess-1'],
    ]);
    const bad = await run(['export', '--data', t.dataDir, '--reference', '000001-R', '--format', 'json']);
    expect({ code: bad.code, stderr: bad.stderr.split('\n')[0] }).toEqual({
      code: 2,
      stderr: 'audit: --reference 000001-R is not a verification reference such as V-X4WAZ-D4BR7',
    });
  });

  it('refuses bad dates and formats with exit 2', async () => {
    const t = await threeDays();
    const cases: [string[], string][] = [
      [['--format', 'xml'], '--format xml is not one of csv, json'],
      [[], 'export needs --format csv|json'],
      [['--format', 'csv', '--from', '2026-02-30'], '--from 2026-02-30 is not a date as YYYY-MM-DD'],
      [['--format', 'csv', '--to', '12/01/2026'], '--to 12/01/2026 is not a date as YYYY-MM-DD'],
      [
        ['--format', 'csv', '--from', '2026-01-12', '--to', '2026-01-11'],
        '--from 2026-01-12 is after --to 2026-01-11',
      ],
    ];
    for (const [args, message] of cases) {
      const result = await run(['export', '--data', t.dataDir, ...args]);
      expect({
        args,
        code: result.code,
        stdout: result.stdout,
        stderr: result.stderr.split('\n')[0],
      }).toEqual({
        args,
        code: 2,
        stdout: '',
        stderr: `audit: ${message}`,
      });
    }
  });
});

describe('export building blocks', () => {
  it('reads a day as UTC, the end of the day inclusive', () => {
    expect(parseDay('2026-01-11', '--from', false)).toBe(Date.UTC(2026, 0, 11));
    expect(parseDay('2026-01-11', '--to', true)).toBe(Date.UTC(2026, 0, 12) - 1);
    expect(() => parseDay('2026-13-01', '--from', false)).toThrow(
      '--from 2026-13-01 is not a date as YYYY-MM-DD',
    );
  });

  it('quotes CSV fields only where needed and defuses spreadsheet formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
  });
});
