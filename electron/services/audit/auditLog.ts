// The staff decisions' audit log: append-only (record, and the retention purge, are the only
// writes), hash-chained and keyed (auditChain.ts), in its own SQLite file. The HMAC key comes from
// the caller: the composition root keeps it in the OS key store (Electron safeStorage, which only
// main has); this module never sees where it lives.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import type { StaffReport } from '../../../common/ipc/contract';
import type { Logger } from '../../../platform/logger';
import {
  AUDIT_KEY_BYTES,
  auditKeyId,
  entryHash,
  entryMac,
  GENESIS_POINT,
  pointMac,
  verifyChain,
  type ChainPoint,
  type ChainPointKind,
  type ChainVerdict,
  type StoredEntry,
} from './auditChain';
import {
  AuditEntry,
  AuditPolicy,
  BranchReviewEntry,
  BranchReviewInput,
  DecisionEntry,
  DecisionInput,
  ExpertReviewEntry,
  ExpertReviewInput,
  KeyExportEntry,
  KeyExportInput,
  PurgeEntry,
} from './auditEntry';
import { AuditError } from './auditError';
import { AuditFile, type Row } from './auditFile';
import { hashReport } from './reportHash';

export const AUDIT_FOLDER = 'audit';
export const AUDIT_FILE = 'audit.sqlite';
const DAY_MS = 86_400_000;
const PAGE = 500;

/** Where a kiosk keeps its audit log, given the kiosk data folder. */
export function auditLogFile(kioskDataDir: string): string {
  return path.join(kioskDataDir, AUDIT_FOLDER, AUDIT_FILE);
}

/** Inclusive bounds in epoch ms on the time an entry was recorded. */
export interface AuditRange {
  from?: number;
  to?: number;
}

/** What reading needs: the IT tool opens a log read-only with this and no key. */
export interface AuditReader {
  readonly file: string;
  /** Checks the whole chain; with a key also every HMAC (auditChain.ts says what each proves). */
  verify(key?: Uint8Array | null): ChainVerdict;
  /** Entries in order, with the hash stored with each. */
  entries(range?: AuditRange): AuditRecord[];
  close(): void;
}

export interface AuditRecord {
  entry: AuditEntry;
  hash: string;
}

export interface AuditLog extends Omit<AuditReader, 'verify'> {
  /** Records a staff decision on a report; returns the entry as stored. */
  record(decision: DecisionInput, report: StaffReport): DecisionEntry;
  /** Records an expert's outcome on a check waiting in the local service. */
  recordExpertReview(review: ExpertReviewInput): ExpertReviewEntry;
  /** Records an in-branch visual review or its submit (branch station). */
  recordBranchReview(review: BranchReviewInput): BranchReviewEntry;
  /** Records that an admin exported the log's key to a file (the key itself is not recorded). */
  recordKeyExport(exported: KeyExportInput): KeyExportEntry;
  /**
   * Removes the entries older than the policy's retention and records a purge entry that keeps
   * the chain verifiable from the last one removed. Nothing due: nothing written, null.
   */
  purgeExpired(): { purged: number; entry: PurgeEntry } | null;
  /** Checks the chain with the log's own key. */
  verify(): ChainVerdict;
  head(): { seq: number; hash: string };
}

export interface AuditLogOptions {
  /** The kiosk data folder: the log is <dataDir>/audit/audit.sqlite. */
  dataDir: string;
  /** 32 bytes from the OS key store; the same key for the life of the log. */
  key: Uint8Array;
  kioskId: string;
  /** Read at each record and purge, so a settings change applies at once. */
  policy: () => AuditPolicy;
  /** Epoch ms, floored to whole ms as the record's ISO time holds them. */
  now?: () => number;
  logger: Logger;
}

const META = { head: 'head', anchor: 'anchor', keyId: 'key_id' } as const;

function readPoint(file: AuditFile, name: ChainPointKind): ChainPoint | null {
  const row = file.one('SELECT value FROM meta WHERE key = ?', [META[name]]);
  if (!row) return null;
  try {
    const value = JSON.parse(String(row.value)) as Partial<ChainPoint>;
    if (typeof value.seq === 'number' && typeof value.hash === 'string' && typeof value.mac === 'string')
      return { seq: value.seq, hash: value.hash, mac: value.mac };
  } catch {
    // an unreadable point is as good as none; verify reports it
  }
  return null;
}

function* storedEntries(file: AuditFile): Generator<StoredEntry> {
  let after = -1;
  for (;;) {
    const rows = file.all(
      'SELECT seq, at_ms, entry, hash, mac FROM entries WHERE seq > ? ORDER BY seq LIMIT ?',
      [after, PAGE],
    );
    for (const row of rows)
      yield {
        seq: Number(row.seq),
        atMs: Number(row.at_ms),
        json: String(row.entry),
        hash: String(row.hash),
        mac: String(row.mac),
      };
    if (rows.length < PAGE) return;
    after = Number(rows[rows.length - 1].seq);
  }
}

function readerOn(file: AuditFile): AuditReader {
  return {
    file: file.path,
    verify(key) {
      return file.read(() =>
        verifyChain({
          head: readPoint(file, 'head'),
          anchor: readPoint(file, 'anchor'),
          keyId:
            (file.one('SELECT value FROM meta WHERE key = ?', [META.keyId])?.value as string | undefined) ??
            null,
          entries: storedEntries(file),
          key: key ?? null,
        }),
      );
    },
    entries(range = {}) {
      const rows: Row[] = file.all(
        'SELECT entry, hash FROM entries WHERE at_ms >= ? AND at_ms <= ? ORDER BY seq',
        [range.from ?? Number.MIN_SAFE_INTEGER, range.to ?? Number.MAX_SAFE_INTEGER],
      );
      // A stored record that is not a valid entry is left out here; verify names it.
      return rows.flatMap((row) => {
        let json: unknown;
        try {
          json = JSON.parse(String(row.entry));
        } catch {
          return [];
        }
        const parsed = AuditEntry.safeParse(json);
        return parsed.success ? [{ entry: parsed.data, hash: String(row.hash) }] : [];
      });
    },
    close: () => file.close(),
  };
}

function parsedInput<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new AuditError('INVALID_INPUT', `not a valid ${what}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return parsed.data;
}

/** Opens a log for reading only (the IT tool); never creates or changes the file. */
export async function openAuditReader(file: string): Promise<AuditReader> {
  return readerOn(await AuditFile.open(file, { create: false, readOnly: true }));
}

/** Opens (creating when absent) the kiosk's audit log. */
export async function openAuditLog(options: AuditLogOptions): Promise<AuditLog> {
  const { key, logger } = options;
  if (key.byteLength !== AUDIT_KEY_BYTES)
    throw new AuditError(
      'KEY_INVALID',
      `the audit key must be ${AUDIT_KEY_BYTES} bytes (got ${key.byteLength})`,
    );
  const now = options.now ?? Date.now;
  const filePath = auditLogFile(options.dataDir);
  await mkdir(path.dirname(filePath), { recursive: true, mode: 0o700 });
  const file = await AuditFile.open(filePath, { create: true });
  const reader = readerOn(file);
  const keyId = auditKeyId(key);

  try {
    file.transaction(() => {
      const stored = file.one('SELECT value FROM meta WHERE key = ?', [META.keyId])?.value;
      if (stored === undefined) {
        if (file.one('SELECT 1 AS x FROM entries LIMIT 1'))
          throw new AuditError(
            'LOG_CORRUPT',
            `${filePath} holds entries but no key id: it is not a log this kiosk wrote`,
          );
        file.run('INSERT INTO meta (key, value) VALUES (?, ?)', [META.keyId, keyId]);
        writePoint('head', GENESIS_POINT.seq, GENESIS_POINT.hash);
      } else if (stored !== keyId) {
        throw new AuditError(
          'KEY_MISMATCH',
          `${filePath} was written with another key (id ${String(stored)}, this key ${keyId}); it was left untouched`,
        );
      }
    });
  } catch (err) {
    file.close();
    throw err;
  }
  const opened = reader.verify(key);
  if (!opened.ok)
    logger.error(`audit log ${filePath} fails verification: ${opened.message}`, {
      problem: opened.problem,
      seq: opened.seq,
    });

  /** A bad setting must never purge too much: it is refused before anything is written. */
  function policy(): AuditPolicy {
    const parsed = AuditPolicy.safeParse(options.policy());
    if (!parsed.success)
      throw new AuditError(
        'INVALID_INPUT',
        `audit settings: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
      );
    return parsed.data;
  }

  function writePoint(kind: ChainPointKind, seq: number, hash: string): void {
    const value = JSON.stringify({ seq, hash, mac: pointMac(key, kind, seq, hash) });
    file.run(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      [META[kind], value],
    );
  }

  function currentHead(): ChainPoint {
    const head = readPoint(file, 'head');
    // Appending needs a head; a log whose head was removed is reported by verify, not rebuilt.
    if (!head)
      throw new AuditError('LOG_CORRUPT', `${filePath} has lost its head record; run "audit verify"`);
    return head;
  }

  /** Appends one entry after the head, in the caller's transaction. */
  function append<E extends AuditEntry>(build: (seq: number, prevHash: string) => E, atMs: number): E {
    const head = currentHead();
    const entry = build(head.seq + 1, head.hash);
    const hash = entryHash(entry);
    file.run('INSERT INTO entries (seq, at_ms, entry, hash, mac) VALUES (?, ?, ?, ?, ?)', [
      entry.seq,
      atMs,
      JSON.stringify(entry),
      hash,
      entryMac(key, hash),
    ]);
    writePoint('head', entry.seq, hash);
    return entry;
  }

  return {
    file: filePath,
    entries: reader.entries,
    close: reader.close,
    verify: () => reader.verify(key),
    head() {
      const { seq, hash } = currentHead();
      return { seq, hash };
    },

    record(decision, report) {
      const input = DecisionInput.safeParse(decision);
      if (!input.success)
        throw new AuditError(
          'INVALID_INPUT',
          `not a valid decision: ${input.error.issues.map((i) => i.message).join('; ')}`,
        );
      const { personalData } = policy();
      const atMs = Math.floor(now());
      const documentNumber = report.documentFields?.document_number;
      return file.transaction(() =>
        append<DecisionEntry>(
          (seq, prevHash) =>
            DecisionEntry.parse({
              seq,
              at: new Date(atMs).toISOString(),
              prevHash,
              kioskId: options.kioskId,
              kind: 'decision',
              decision: input.data.decision,
              reasonCode: input.data.reasonCode,
              note: input.data.note?.trim() || null,
              staffAccountId: input.data.staffAccountId,
              sessionId: input.data.sessionId,
              checks: report.checks.map((c) => ({ type: c.type, recommendation: c.recommendation.value })),
              reportHash: hashReport(report),
              documentNumberLast4:
                personalData === 'documentNumberLast4' &&
                typeof documentNumber === 'string' &&
                documentNumber.length > 0
                  ? documentNumber.slice(-4)
                  : null,
            }),
          atMs,
        ),
      );
    },

    recordExpertReview(review) {
      const input = parsedInput(ExpertReviewInput, review, 'expert review');
      const atMs = Math.floor(now());
      return file.transaction(() =>
        append<ExpertReviewEntry>(
          (seq, prevHash) =>
            ExpertReviewEntry.parse({
              seq,
              at: new Date(atMs).toISOString(),
              prevHash,
              kioskId: options.kioskId,
              kind: 'expertReview',
              ...input,
            }),
          atMs,
        ),
      );
    },

    recordBranchReview(review) {
      const input = parsedInput(BranchReviewInput, review, 'branch review');
      const atMs = Math.floor(now());
      return file.transaction(() =>
        append<BranchReviewEntry>(
          (seq, prevHash) =>
            BranchReviewEntry.parse({
              seq,
              at: new Date(atMs).toISOString(),
              prevHash,
              kioskId: options.kioskId,
              kind: 'branchReview',
              stage: input.stage,
              staffAccountId: input.staffAccountId,
              sessionId: input.sessionId,
              decision: input.decision,
              points: input.points,
              note: input.note?.trim() || null,
              checks: input.checks,
              reportHash: input.reportHash,
            }),
          atMs,
        ),
      );
    },

    recordKeyExport(exported) {
      const input = parsedInput(KeyExportInput, exported, 'key export');
      const atMs = Math.floor(now());
      return file.transaction(() =>
        append<KeyExportEntry>(
          (seq, prevHash) =>
            KeyExportEntry.parse({
              seq,
              at: new Date(atMs).toISOString(),
              prevHash,
              kioskId: options.kioskId,
              kind: 'keyExport',
              staffAccountId: input.staffAccountId,
              keyId,
              file: input.file,
            }),
          atMs,
        ),
      );
    },

    purgeExpired() {
      const { retentionDays } = policy();
      const atMs = Math.floor(now());
      const cutoffMs = atMs - retentionDays * DAY_MS;
      return file.transaction(() => {
        // Purging a log that fails verification would destroy the evidence and sign over the gap.
        const verdict = reader.verify(key);
        if (!verdict.ok)
          throw new AuditError(
            'LOG_BROKEN',
            `the audit log fails verification, so nothing is purged: ${verdict.message}`,
          );
        // A prefix only (by seq, not by time): the chain must stay one piece even if the clock
        // once went back and a younger entry precedes an older one.
        const firstKept = file.one('SELECT min(seq) AS seq FROM entries WHERE at_ms >= ?', [cutoffMs])?.seq;
        const last = file.one(
          firstKept === null || firstKept === undefined
            ? 'SELECT seq, hash FROM entries ORDER BY seq DESC LIMIT 1'
            : 'SELECT seq, hash FROM entries WHERE seq < ? ORDER BY seq DESC LIMIT 1',
          firstKept === null || firstKept === undefined ? [] : [firstKept],
        );
        if (!last) return null;
        const lastSeq = Number(last.seq);
        const count = Number(file.one('SELECT count(*) AS n FROM entries WHERE seq <= ?', [lastSeq])?.n ?? 0);
        const lastHash = String(last.hash);
        const entry = append<PurgeEntry>(
          (seq, prevHash) =>
            PurgeEntry.parse({
              seq,
              at: new Date(atMs).toISOString(),
              prevHash,
              kioskId: options.kioskId,
              kind: 'purge',
              purgedThroughSeq: lastSeq,
              purgedCount: count,
              lastPurgedHash: lastHash,
              cutoff: new Date(cutoffMs).toISOString(),
              retentionDays,
            }),
          atMs,
        );
        const purged = file.run('DELETE FROM entries WHERE seq <= ?', [lastSeq]);
        writePoint('anchor', lastSeq, lastHash);
        logger.info(`audit log: purged ${purged} entries older than ${retentionDays} days`, {
          throughSeq: lastSeq,
        });
        return { purged, entry };
      });
    },
  };
}
