// A kiosk audit log in a temp folder, a clock the test moves, staff reports to decide on, and a
// raw handle on the SQLite file to tamper with it the way someone with file access could.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { StaffReport } from '../../../common/ipc/contract';
import { entryHash, entryMac, pointMac } from '../../../electron/services/audit/auditChain';
import {
  AuditEntry,
  DEFAULT_AUDIT_POLICY,
  type AuditPolicy,
} from '../../../electron/services/audit/auditEntry';
import { auditLogFile, openAuditLog, type AuditLog } from '../../../electron/services/audit/auditLog';
import { recordingLogger } from '../../support/recordingLogger';

const { Database } = createRequire(import.meta.url)(
  'node-sqlite3-wasm',
) as typeof import('node-sqlite3-wasm');

export const DAY_MS = 86_400_000;
export const T0 = Date.UTC(2026, 0, 10, 9, 30); // 2026-01-10T09:30Z

const dirs: string[] = [];
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'audit-test-'));
  dirs.push(dir);
  return dir;
}
export async function removeTempDirs(): Promise<void> {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

export function staffReport(overrides: Partial<StaffReport> = {}): StaffReport {
  return {
    handle: 'handle_0123456789abcdef',
    source: { kind: 'embedded', label: 'Local IDV service', baseUrl: 'http://127.0.0.1:4100' },
    sessionState: 'COMPLETED',
    documentType: 'PASSPORT',
    issuingCountry: 'UTO',
    checks: [
      {
        type: 'ID_DOCUMENT_AUTHENTICITY',
        state: 'DONE',
        recommendation: { value: 'APPROVE' },
        breakdown: [],
      },
      {
        type: 'LIVENESS',
        state: 'DONE',
        recommendation: { value: 'NOT_AVAILABLE', reason: 'IMAGE_ANALYSIS_UNAVAILABLE' },
        breakdown: [],
      },
    ],
    documentFields: {
      full_name: 'ANNA MARIA ERIKSSON',
      document_number: 'L898902C3',
      date_of_birth: '1974-08-12',
    },
    pages: [
      { side: 'front', image: { bytes: new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3]), mime: 'image/jpeg' } },
    ],
    face: { bytes: new Uint8Array([0xff, 0xd8, 0xff, 4, 5, 6]), mime: 'image/jpeg' },
    portrait: null,
    completedAt: '2026-01-10T09:29:00.000Z',
    ...overrides,
  };
}

export interface TestLog {
  log: AuditLog;
  dataDir: string;
  file: string;
  key: Buffer;
  clock: { now: number };
  policy: AuditPolicy;
  logger: ReturnType<typeof recordingLogger>;
}

export async function openTestLog(
  options: { dataDir?: string; key?: Buffer; policy?: Partial<AuditPolicy> } = {},
): Promise<TestLog> {
  const dataDir = options.dataDir ?? (await tempDir());
  const key = options.key ?? randomBytes(32);
  const clock = { now: T0 };
  const policy: AuditPolicy = { ...DEFAULT_AUDIT_POLICY, ...options.policy };
  const logger = recordingLogger();
  const log = await openAuditLog({
    dataDir,
    key,
    kioskId: 'kiosk-branch-7',
    policy: () => policy,
    now: () => clock.now,
    logger,
  });
  return { log, dataDir, file: auditLogFile(dataDir), key, clock, policy, logger };
}

/** Records `count` decisions an hour apart (the clock moves on after each). */
export function recordDecisions(t: TestLog, count: number): void {
  const decisions = ['approve', 'reject', 'refer'] as const;
  for (let i = 0; i < count; i++) {
    t.log.record(
      {
        decision: decisions[i % 3],
        reasonCode: i % 3 === 0 ? 'DOCUMENT_OK' : 'FACE_MISMATCH',
        note: i === 1 ? 'Customer said, "it is an old photo"' : undefined,
        staffAccountId: `staff-${i % 2}`,
        sessionId: `sess-${i + 1}`,
      },
      staffReport(),
    );
    t.clock.now += 3_600_000;
  }
}

/** Direct SQL on the log file: what someone with write access to the folder could do. */
export function tamper(file: string, fn: (db: InstanceType<typeof Database>) => void): void {
  const db = new Database(file, { fileMustExist: true });
  try {
    fn(db);
  } finally {
    db.close();
  }
}

export function rowEntry(db: InstanceType<typeof Database>, seq: number): AuditEntry {
  return AuditEntry.parse(
    JSON.parse(String(db.get('SELECT entry FROM entries WHERE seq = ?', [seq])?.entry)),
  );
}

/** Writes an entry row with a correct hash (and, given the key, a correct HMAC). */
export function writeRow(db: InstanceType<typeof Database>, entry: AuditEntry, key: Buffer | null): string {
  const hash = entryHash(entry);
  db.run('INSERT OR REPLACE INTO entries (seq, at_ms, entry, hash, mac) VALUES (?, ?, ?, ?, ?)', [
    entry.seq,
    Date.parse(entry.at),
    JSON.stringify(entry),
    hash,
    key ? entryMac(key, hash) : 'f'.repeat(64),
  ]);
  return hash;
}

export function writeHead(
  db: InstanceType<typeof Database>,
  seq: number,
  hash: string,
  key: Buffer | null,
): void {
  db.run("UPDATE meta SET value = ? WHERE key = 'head'", [
    JSON.stringify({ seq, hash, mac: key ? pointMac(key, 'head', seq, hash) : 'f'.repeat(64) }),
  ]);
}
