// The audit log: decisions recorded hash-chained and keyed; verify names the first broken entry for
// each way the file can be tampered with; the retention purge keeps the chain verifiable.
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { entryHash, type ChainVerdict } from '../../../electron/services/audit/auditChain';
import { GENESIS_HASH, type AuditEntry } from '../../../electron/services/audit/auditEntry';
import { AuditError } from '../../../electron/services/audit/auditError';
import { openAuditLog, openAuditReader } from '../../../electron/services/audit/auditLog';
import { canonicalJson } from '../../../electron/services/audit/canonicalJson';
import { hashReport } from '../../../electron/services/audit/reportHash';
import {
  DAY_MS,
  openTestLog,
  recordDecisions,
  removeTempDirs,
  rowEntry,
  staffReport,
  T0,
  tamper,
  writeHead,
  writeRow,
  type TestLog,
} from './auditFixtures';
import { recordingLogger } from '../../support/recordingLogger';

const open: TestLog[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) t.log.close();
  await removeTempDirs();
});

async function logWith(count: number, options: Parameters<typeof openTestLog>[0] = {}): Promise<TestLog> {
  const t = await openTestLog(options);
  open.push(t);
  recordDecisions(t, count);
  return t;
}

/** Both checks, on the file as it is now (read-only, as the IT tool opens it). */
async function verdicts(t: TestLog): Promise<{ hash: ChainVerdict; hmac: ChainVerdict }> {
  const reader = await openAuditReader(t.file);
  try {
    return { hash: reader.verify(null), hmac: reader.verify(t.key) };
  } finally {
    reader.close();
  }
}

function broken(verdict: ChainVerdict): { problem: string; seq: number | null } {
  if (verdict.ok) return { problem: 'none (verify passed)', seq: null };
  return { problem: verdict.problem, seq: verdict.seq };
}

describe('recording decisions', () => {
  it('appends entries chained to each other and verifies them with and without the key', async () => {
    const t = await logWith(3);
    const records = t.log.entries();
    expect(records.map((r) => r.entry.seq)).toEqual([1, 2, 3]);
    expect(records[0].entry.prevHash).toBe(GENESIS_HASH);
    expect(records[1].entry.prevHash).toBe(records[0].hash);
    expect(records[2].entry.prevHash).toBe(records[1].hash);
    expect(records.map((r) => r.hash)).toEqual(records.map((r) => entryHash(r.entry)));
    expect(records[1].entry).toEqual({
      seq: 2,
      at: new Date(T0 + 3_600_000).toISOString(),
      prevHash: records[0].hash,
      kioskId: 'kiosk-branch-7',
      kind: 'decision',
      decision: 'reject',
      reasonCode: 'FACE_MISMATCH',
      note: 'Customer said, "it is an old photo"',
      staffAccountId: 'staff-1',
      sessionId: 'sess-2',
      checks: [
        { type: 'ID_DOCUMENT_AUTHENTICITY', recommendation: 'APPROVE' },
        { type: 'LIVENESS', recommendation: 'NOT_AVAILABLE' },
      ],
      reportHash: hashReport(staffReport()),
      documentNumberLast4: null,
    });
    expect(t.log.head()).toEqual({ seq: 3, hash: records[2].hash });
    const { hash, hmac } = await verdicts(t);
    expect(hash).toMatchObject({ ok: true, mode: 'hash', checked: 3, head: { seq: 3 } });
    expect(hmac).toMatchObject({ ok: true, mode: 'hmac', checked: 3, head: { seq: 3 } });
    expect(t.log.verify()).toMatchObject({ ok: true, mode: 'hmac' });
  });

  it('continues the same chain after the log is closed and opened again', async () => {
    const t = await logWith(2);
    t.log.close();
    const again = await openTestLog({ dataDir: t.dataDir, key: t.key });
    open.splice(open.indexOf(t), 1, again);
    recordDecisions(again, 1);
    expect(again.log.entries().map((r) => r.entry.seq)).toEqual([1, 2, 3]);
    expect(again.log.verify()).toMatchObject({ ok: true, checked: 3 });
  });

  it('keeps no personal data by default, and only the last 4 of the document number when allowed', async () => {
    const t = await logWith(1);
    const raw = await readFile(t.file, 'latin1');
    expect(t.log.entries()[0].entry).toMatchObject({ documentNumberLast4: null });
    expect(raw).not.toContain('ERIKSSON');
    expect(raw).not.toContain('L898902C3');
    expect(raw).not.toContain('1974-08-12');
    // The policy is read at each record: an admin's change applies to the next decision.
    t.policy.personalData = 'documentNumberLast4';
    recordDecisions(t, 1);
    expect(t.log.entries()[1].entry).toMatchObject({ documentNumberLast4: '02C3' });
    expect(await readFile(t.file, 'latin1')).not.toContain('L898902C3');
  });

  it('refuses a decision outside the schema and writes nothing', async () => {
    const t = await logWith(1);
    const bad = { decision: 'maybe', reasonCode: 'OK', staffAccountId: 's', sessionId: 'x' } as never;
    expect(() => t.log.record(bad, staffReport())).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    const longNote = {
      decision: 'approve',
      reasonCode: 'OK',
      note: 'x'.repeat(501),
      staffAccountId: 's',
      sessionId: 'x',
    } as const;
    expect(() => t.log.record(longNote, staffReport())).toThrow(/at most 500 characters/);
    expect(t.log.head().seq).toBe(1);
  });

  it('refuses a key of the wrong size, and a log written with another key', async () => {
    const t = await logWith(1);
    const options = { dataDir: t.dataDir, kioskId: 'k', policy: () => t.policy, logger: recordingLogger() };
    await expect(openAuditLog({ ...options, key: randomBytes(16) })).rejects.toMatchObject({
      code: 'KEY_INVALID',
    });
    await expect(openAuditLog({ ...options, key: randomBytes(32) })).rejects.toThrow(AuditError);
    await expect(openAuditLog({ ...options, key: randomBytes(32) })).rejects.toMatchObject({
      code: 'KEY_MISMATCH',
    });
  });
});

describe('verify catches tampering', () => {
  it('an edited field', async () => {
    const t = await logWith(5);
    tamper(t.file, (db) =>
      db.run(`UPDATE entries SET entry = json_set(entry, '$.decision', 'approve') WHERE seq = 2`),
    );
    const { hash, hmac } = await verdicts(t);
    expect(broken(hash)).toEqual({ problem: 'ENTRY_ALTERED', seq: 2 });
    expect(broken(hmac)).toEqual({ problem: 'ENTRY_ALTERED', seq: 2 });
    expect(hash.ok === false && hash.message).toBe(
      "entry 2's content does not match its hash: it was edited",
    );
  });

  it('an edited entry whose hash was recomputed: the next link breaks, and the HMAC is wrong', async () => {
    const t = await logWith(5);
    tamper(t.file, (db) => writeRow(db, { ...rowEntry(db, 2), decision: 'approve' } as AuditEntry, null));
    const { hash, hmac } = await verdicts(t);
    expect(broken(hash)).toEqual({ problem: 'CHAIN_BROKEN', seq: 3 });
    expect(broken(hmac)).toEqual({ problem: 'ENTRY_MAC_INVALID', seq: 2 });
  });

  it('a chain rebuilt from an edited entry on: only the key tells', async () => {
    const t = await logWith(4);
    tamper(t.file, (db) => {
      let prev = String(db.get('SELECT hash FROM entries WHERE seq = 1')?.hash);
      for (let seq = 2; seq <= 4; seq++) {
        const entry = { ...rowEntry(db, seq), prevHash: prev } as AuditEntry;
        prev = writeRow(db, seq === 2 ? ({ ...entry, decision: 'approve' } as AuditEntry) : entry, null);
      }
      writeHead(db, 4, prev, null);
    });
    const { hash, hmac } = await verdicts(t);
    // Consistent without the key: that check cannot know who wrote the chain.
    expect(hash).toMatchObject({ ok: true, checked: 4 });
    expect(broken(hmac)).toEqual({ problem: 'HEAD_MAC_INVALID', seq: 4 });
  });

  it('the last entry replaced by one with a recomputed hash: it is not the one the head names', async () => {
    const t = await logWith(3);
    tamper(t.file, (db) => writeRow(db, { ...rowEntry(db, 3), decision: 'approve' } as AuditEntry, null));
    const { hash, hmac } = await verdicts(t);
    expect(broken(hash)).toEqual({ problem: 'HEAD_MISMATCH', seq: 3 });
    expect(broken(hmac)).toEqual({ problem: 'ENTRY_MAC_INVALID', seq: 3 });
  });

  it("an entry's time column moved (which filters and purges go by)", async () => {
    const t = await logWith(3);
    tamper(t.file, (db) => db.run('UPDATE entries SET at_ms = 0 WHERE seq <= 2'));
    const { hash, hmac } = await verdicts(t);
    expect(broken(hash)).toEqual({ problem: 'ENTRY_ALTERED', seq: 1 });
    expect(broken(hmac)).toEqual({ problem: 'ENTRY_ALTERED', seq: 1 });
  });

  it('a deleted entry', async () => {
    const t = await logWith(5);
    tamper(t.file, (db) => db.run('DELETE FROM entries WHERE seq = 3'));
    const { hash, hmac } = await verdicts(t);
    expect(broken(hash)).toEqual({ problem: 'ENTRY_MISSING', seq: 3 });
    expect(broken(hmac)).toEqual({ problem: 'ENTRY_MISSING', seq: 3 });
    expect(hash.ok === false && hash.message).toBe('entry 3 is missing: entry 4 follows entry 2 (deleted)');
  });

  it('the first entry deleted', async () => {
    const t = await logWith(3);
    tamper(t.file, (db) => db.run('DELETE FROM entries WHERE seq = 1'));
    expect(broken((await verdicts(t)).hash)).toEqual({ problem: 'ENTRY_MISSING', seq: 1 });
  });

  it('two entries reordered', async () => {
    const t = await logWith(5);
    tamper(t.file, (db) => {
      // Swap everything stored for entries 2 and 3 but their places.
      db.run('UPDATE entries SET seq = -2 WHERE seq = 2');
      db.run('UPDATE entries SET seq = 2 WHERE seq = 3');
      db.run('UPDATE entries SET seq = 3 WHERE seq = -2');
    });
    const { hash, hmac } = await verdicts(t);
    expect(broken(hash)).toEqual({ problem: 'ENTRY_MOVED', seq: 2 });
    expect(broken(hmac)).toEqual({ problem: 'ENTRY_MOVED', seq: 2 });
  });

  it('the log truncated at the end', async () => {
    const t = await logWith(5);
    tamper(t.file, (db) => db.run('DELETE FROM entries WHERE seq >= 4'));
    const { hash, hmac } = await verdicts(t);
    expect(broken(hash)).toEqual({ problem: 'TRUNCATED', seq: 4 });
    expect(broken(hmac)).toEqual({ problem: 'TRUNCATED', seq: 4 });
    expect(hash.ok === false && hash.message).toBe(
      'the log ends at entry 3 but its head is entry 5: entries 4-5 are missing (truncated)',
    );
  });

  it('the log truncated and its head moved back: only the key tells', async () => {
    const t = await logWith(5);
    tamper(t.file, (db) => {
      db.run('DELETE FROM entries WHERE seq >= 4');
      writeHead(db, 3, String(db.get('SELECT hash FROM entries WHERE seq = 3')?.hash), null);
    });
    const { hash, hmac } = await verdicts(t);
    expect(hash).toMatchObject({ ok: true, checked: 3 });
    expect(broken(hmac)).toEqual({ problem: 'HEAD_MAC_INVALID', seq: 3 });
  });

  it('every entry and the head removed', async () => {
    const t = await logWith(2);
    tamper(t.file, (db) => {
      db.run('DELETE FROM entries');
      db.run("DELETE FROM meta WHERE key = 'head'");
    });
    expect(broken((await verdicts(t)).hash)).toEqual({ problem: 'HEAD_MISSING', seq: null });
  });

  it('an entry inserted in the middle (later ones renumbered)', async () => {
    const t = await logWith(4);
    tamper(t.file, (db) => {
      for (let seq = 4; seq >= 3; seq--) db.run('UPDATE entries SET seq = ? WHERE seq = ?', [seq + 1, seq]);
      const forged = {
        ...rowEntry(db, 2),
        seq: 3,
        prevHash: String(db.get('SELECT hash FROM entries WHERE seq = 2')?.hash),
        decision: 'approve',
      };
      writeRow(db, forged as AuditEntry, null);
    });
    const { hash, hmac } = await verdicts(t);
    expect(broken(hash)).toEqual({ problem: 'ENTRY_MOVED', seq: 4 });
    expect(broken(hmac)).toEqual({ problem: 'ENTRY_MAC_INVALID', seq: 3 });
  });

  it('an entry appended after the head', async () => {
    const t = await logWith(3);
    tamper(t.file, (db) => {
      const last = String(db.get('SELECT hash FROM entries WHERE seq = 3')?.hash);
      writeRow(db, { ...rowEntry(db, 3), seq: 4, prevHash: last } as AuditEntry, null);
    });
    const { hash, hmac } = await verdicts(t);
    expect(broken(hash)).toEqual({ problem: 'ENTRY_AFTER_HEAD', seq: 4 });
    expect(broken(hmac)).toEqual({ problem: 'ENTRY_AFTER_HEAD', seq: 4 });
  });

  it('an entry that is not a valid record', async () => {
    const t = await logWith(2);
    tamper(t.file, (db) => db.run(`UPDATE entries SET entry = '{"seq":2' WHERE seq = 2`));
    expect(broken((await verdicts(t)).hash)).toEqual({ problem: 'ENTRY_INVALID', seq: 2 });
  });

  it('a record outside the schema, even with its hash and the head recomputed', async () => {
    const t = await logWith(2);
    tamper(t.file, (db) => {
      const hash = writeRow(db, { ...rowEntry(db, 2), decision: 'maybe' } as unknown as AuditEntry, null);
      writeHead(db, 2, hash, null);
    });
    expect(broken((await verdicts(t)).hash)).toEqual({ problem: 'ENTRY_INVALID', seq: 2 });
  });

  it('the wrong key', async () => {
    const t = await logWith(2);
    const reader = await openAuditReader(t.file);
    try {
      expect(broken(reader.verify(randomBytes(32)))).toEqual({ problem: 'KEY_MISMATCH', seq: null });
      expect(reader.verify(t.key)).toMatchObject({ ok: true });
    } finally {
      reader.close();
    }
  });

  it('a wrong key whose id was written into the log', async () => {
    const t = await logWith(2);
    const other = randomBytes(32);
    const { auditKeyId } = await import('../../../electron/services/audit/auditChain');
    tamper(t.file, (db) => db.run("UPDATE meta SET value = ? WHERE key = 'key_id'", [auditKeyId(other)]));
    const reader = await openAuditReader(t.file);
    try {
      expect(broken(reader.verify(other))).toEqual({ problem: 'HEAD_MAC_INVALID', seq: 2 });
    } finally {
      reader.close();
    }
  });

  it('is reported when the kiosk opens a tampered log', async () => {
    const t = await logWith(3);
    t.log.close();
    tamper(t.file, (db) => db.run('DELETE FROM entries WHERE seq = 2'));
    const again = await openTestLog({ dataDir: t.dataDir, key: t.key });
    open.splice(open.indexOf(t), 1, again);
    expect(again.logger.lines.filter((l) => l.level === 'error').map((l) => l.fields)).toEqual([
      { problem: 'ENTRY_MISSING', seq: 2 },
    ]);
  });
});

describe('retention purge', () => {
  async function purgedLog(): Promise<TestLog> {
    const t = await logWith(3, { policy: { retentionDays: 30 } });
    t.clock.now = T0 + 40 * DAY_MS;
    recordDecisions(t, 2);
    return t;
  }

  it('removes the entries past retention and records a purge entry the chain verifies from', async () => {
    const t = await purgedLog();
    const before = t.log.entries();
    const result = t.log.purgeExpired();
    expect(result?.purged).toBe(3);
    expect(result?.entry).toMatchObject({
      seq: 6,
      kind: 'purge',
      purgedThroughSeq: 3,
      purgedCount: 3,
      lastPurgedHash: before[2].hash,
      prevHash: before[4].hash,
      retentionDays: 30,
      cutoff: new Date(T0 + 10 * DAY_MS + 2 * 3_600_000).toISOString(),
    });
    expect(t.log.entries().map((r) => r.entry.seq)).toEqual([4, 5, 6]);
    const { hash, hmac } = await verdicts(t);
    expect(hash).toMatchObject({
      ok: true,
      checked: 3,
      anchor: { seq: 3, hash: before[2].hash },
      head: { seq: 6 },
    });
    expect(hmac).toMatchObject({ ok: true, checked: 3 });
    // Purged rows are gone from the file itself (secure_delete), not only from the table.
    const raw = await readFile(t.file, 'latin1');
    expect(raw).toContain('{"seq":4,"at":');
    for (const seq of [1, 2, 3]) expect(raw).not.toContain(`{"seq":${seq},"at":`);
  });

  it('writes nothing when nothing is due', async () => {
    const t = await purgedLog();
    t.log.purgeExpired();
    const head = t.log.head();
    expect(t.log.purgeExpired()).toBeNull();
    expect(t.log.head()).toEqual(head);
  });

  it('purges everything, earlier purge entries included, and still verifies', async () => {
    const t = await purgedLog();
    t.log.purgeExpired();
    t.clock.now += 100 * DAY_MS;
    expect(t.log.purgeExpired()).toMatchObject({ purged: 3, entry: { seq: 7, purgedThroughSeq: 6 } });
    expect(t.log.entries().map((r) => r.entry.seq)).toEqual([7]);
    recordDecisions(t, 1);
    const { hash, hmac } = await verdicts(t);
    expect(hash).toMatchObject({ ok: true, checked: 2, anchor: { seq: 6 } });
    expect(hmac).toMatchObject({ ok: true, checked: 2 });
  });

  it('follows a retention change at once and refuses a bad one without deleting anything', async () => {
    const t = await purgedLog();
    t.policy.retentionDays = 0;
    expect(() => t.log.purgeExpired()).toThrow(/audit retention must be at least 1 day/);
    expect(t.log.entries()).toHaveLength(5);
    t.policy.retentionDays = 60;
    expect(t.log.purgeExpired()).toBeNull();
  });

  it('refuses to purge a log that fails verification, and deletes nothing', async () => {
    const t = await purgedLog();
    tamper(t.file, (db) => db.run('DELETE FROM entries WHERE seq = 2'));
    expect(() => t.log.purgeExpired()).toThrow(
      expect.objectContaining({ code: 'LOG_BROKEN', message: expect.stringContaining('entry 2 is missing') }),
    );
    expect(t.log.entries().map((r) => r.entry.seq)).toEqual([1, 3, 4, 5]);
  });

  it('catches entries removed from the start with the anchor moved to match', async () => {
    const t = await purgedLog();
    t.log.purgeExpired();
    tamper(t.file, (db) => {
      const four = String(db.get('SELECT hash FROM entries WHERE seq = 4')?.hash);
      db.run('DELETE FROM entries WHERE seq = 4');
      db.run("UPDATE meta SET value = ? WHERE key = 'anchor'", [
        JSON.stringify({ seq: 4, hash: four, mac: 'f'.repeat(64) }),
      ]);
    });
    const { hash, hmac } = await verdicts(t);
    expect(broken(hash)).toEqual({ problem: 'ANCHOR_UNRECORDED', seq: 5 });
    expect(broken(hmac)).toEqual({ problem: 'ANCHOR_MAC_INVALID', seq: 4 });
  });

  it("catches an old head's record replayed as the anchor after entries were removed from the start", async () => {
    const t = await logWith(2);
    let oldHead = '';
    tamper(t.file, (db) => (oldHead = String(db.get("SELECT value FROM meta WHERE key = 'head'")?.value)));
    recordDecisions(t, 2);
    tamper(t.file, (db) => {
      db.run('DELETE FROM entries WHERE seq <= 2');
      db.run("INSERT INTO meta (key, value) VALUES ('anchor', ?)", [oldHead]);
    });
    const { hash, hmac } = await verdicts(t);
    expect(broken(hash)).toEqual({ problem: 'ANCHOR_UNRECORDED', seq: 3 });
    // An HMAC made for a head never passes for an anchor.
    expect(broken(hmac)).toEqual({ problem: 'ANCHOR_MAC_INVALID', seq: 2 });
  });

  it('catches a purged entry put back', async () => {
    const t = await purgedLog();
    const second = t.log.entries()[1];
    t.log.purgeExpired();
    tamper(t.file, (db) => writeRow(db, second.entry, t.key));
    const { hash, hmac } = await verdicts(t);
    expect(broken(hash)).toEqual({ problem: 'ENTRY_BEFORE_ANCHOR', seq: 2 });
    expect(broken(hmac)).toEqual({ problem: 'ENTRY_BEFORE_ANCHOR', seq: 2 });
  });

  it('catches the first kept entry deleted after a purge', async () => {
    const t = await purgedLog();
    t.log.purgeExpired();
    tamper(t.file, (db) => db.run('DELETE FROM entries WHERE seq = 4'));
    const { hash } = await verdicts(t);
    expect(hash.ok === false && hash.message).toBe(
      'entry 4 is missing: the log starts at entry 5 but its anchor is entry 3 (deleted)',
    );
  });
});

describe('report hash', () => {
  it('is the same for the same result and changes with any image byte or field', () => {
    const base = hashReport(staffReport());
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(hashReport(staffReport({ handle: 'handle_ffffffffffffffff' }))).toBe(base);
    const face = { bytes: new Uint8Array([0xff, 0xd8, 0xff, 4, 5, 7]), mime: 'image/jpeg' as const };
    expect(hashReport(staffReport({ face }))).not.toBe(base);
    expect(hashReport(staffReport({ issuingCountry: 'GBR' }))).not.toBe(base);
  });
});

describe('canonical JSON (what each hash is taken over)', () => {
  it('sorts keys at every depth, keeps array order, drops undefined and has no whitespace', () => {
    const value = { b: 1.5, a: [{ d: true, c: null }, 'z'], skipped: undefined, é: 'say "x"' };
    expect(canonicalJson(value)).toBe('{"a":[{"c":null,"d":true},"z"],"b":1.5,"é":"say \\"x\\""}');
    expect(() => canonicalJson({ n: Number.NaN })).toThrow('canonical JSON has no NaN');
  });

  it("is what an entry's stored hash is the SHA-256 of", async () => {
    const t = await logWith(1);
    const [{ entry, hash }] = t.log.entries();
    const shuffled = Object.fromEntries(Object.entries(entry).reverse()) as AuditEntry;
    expect(createHash('sha256').update(canonicalJson(shuffled)).digest('hex')).toBe(hash);
  });
});
