// The audit log's chain, independent of where it is stored. Each entry's hash is SHA-256 over its
// canonical JSON, which includes its sequence number and the previous entry's hash; each entry,
// the head (the last entry's number and hash) and the anchor (where a purge left the chain's start)
// also carry an HMAC-SHA256 under the kiosk's audit key.
//
// What a check proves:
// - without the key: the stored entries form one unbroken chain from the anchor to the head, so an
//   entry edited, deleted, moved or inserted, or the end cut off, by anyone who did not also
//   rewrite every later hash and the head, is found. It cannot prove who wrote the chain: anyone
//   able to write the file can rebuild a consistent one.
// - with the key: every entry, the head and the anchor were written by a holder of the key (the
//   kiosk), so no rewrite by anyone else passes. Neither check notices the whole file being
//   replaced by an older copy of itself: compare the head with one noted earlier.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AuditEntry, GENESIS_HASH } from './auditEntry';
import { canonicalJson } from './canonicalJson';
import { sha256Hex } from './reportHash';

export const AUDIT_KEY_BYTES = 32;

/** One stored entry as it is on disk: the record's JSON and the hash and HMAC written with it. */
export interface StoredEntry {
  seq: number;
  /** The time column the log filters and purges by: must be the record's own `at`. */
  atMs: number;
  json: string;
  hash: string;
  mac: string;
}

/** The head (last entry) or the anchor (the entry before the first kept one; 0 = the genesis). */
export interface ChainPoint {
  seq: number;
  hash: string;
  mac: string;
}

export type ChainPointKind = 'head' | 'anchor';

export function entryHash(entry: AuditEntry): string {
  return sha256Hex(canonicalJson(entry));
}

function hmac(key: Uint8Array, message: string): string {
  return createHmac('sha256', key).update(message).digest('hex');
}

// Distinct prefixes: an entry's HMAC can never pass for a head's or an anchor's.
export function entryMac(key: Uint8Array, hash: string): string {
  return hmac(key, `doc-scan-kiosk/audit/entry\n${hash}`);
}

export function pointMac(key: Uint8Array, kind: ChainPointKind, seq: number, hash: string): string {
  return hmac(key, `doc-scan-kiosk/audit/${kind}\n${seq}\n${hash}`);
}

/** Names a key without revealing it, so a wrong key is told apart from a tampered entry. */
export function auditKeyId(key: Uint8Array): string {
  return hmac(key, 'doc-scan-kiosk/audit/key-id').slice(0, 16);
}

export const GENESIS_POINT = { seq: 0, hash: GENESIS_HASH } as const;

export function macMatches(expected: string, actual: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(actual, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

export type AuditProblem =
  /** The head record (last entry and count) is gone, so a cut-off end could not be seen. */
  | 'HEAD_MISSING'
  /** The key given is not the one this log was written with. */
  | 'KEY_MISMATCH'
  /** The head's or the anchor's HMAC is wrong: rewritten without the key. */
  | 'HEAD_MAC_INVALID'
  | 'ANCHOR_MAC_INVALID'
  /** An entry in the purged range (at or before the anchor) is present. */
  | 'ENTRY_BEFORE_ANCHOR'
  /** A sequence number is skipped: an entry was deleted. */
  | 'ENTRY_MISSING'
  /** The record is not JSON or not a valid entry. */
  | 'ENTRY_INVALID'
  /** A place holds another entry's record: entries reordered, moved or inserted. */
  | 'ENTRY_MOVED'
  /** The record does not match its stored hash: edited. */
  | 'ENTRY_ALTERED'
  /** The record does not name the previous entry's hash: the chain was cut or rebuilt here. */
  | 'CHAIN_BROKEN'
  /** The entry's HMAC is wrong: written or rewritten without the key. */
  | 'ENTRY_MAC_INVALID'
  /** An entry lies after the head: appended outside the log. */
  | 'ENTRY_AFTER_HEAD'
  /** Entries between the last one present and the head are gone: the log was truncated. */
  | 'TRUNCATED'
  /** The last entry is not the one the head names. */
  | 'HEAD_MISMATCH'
  /** The chain starts after entry 1 but no purge entry in it says so. */
  | 'ANCHOR_UNRECORDED';

export interface ChainSummary {
  /** 'hmac' when a key was given and checked, 'hash' for the keyless check. */
  mode: 'hash' | 'hmac';
  /** Entries checked before the end or the first problem. */
  checked: number;
  anchor: { seq: number; hash: string } | null;
  head: { seq: number; hash: string } | null;
}

export type ChainVerdict =
  | (ChainSummary & { ok: true })
  | (ChainSummary & {
      ok: false;
      problem: AuditProblem;
      /** The first broken entry's sequence number; null when the problem is not one entry's. */
      seq: number | null;
      message: string;
    });

export interface ChainInput {
  head: ChainPoint | null;
  /** Absent means nothing was ever purged: the chain starts at the genesis. */
  anchor: ChainPoint | null;
  /** The key id the log was created with (checked when a key is given). */
  keyId: string | null;
  /** Entries in ascending seq order; read lazily, so a long log is never all in memory. */
  entries: Iterable<StoredEntry>;
  key: Uint8Array | null;
}

/** Walks the chain from the anchor to the head and names the first thing wrong. */
export function verifyChain(input: ChainInput): ChainVerdict {
  const { head, key } = input;
  const anchor = input.anchor ?? { ...GENESIS_POINT, mac: '' };
  const summary: ChainSummary = {
    mode: key ? 'hmac' : 'hash',
    checked: 0,
    anchor: { seq: anchor.seq, hash: anchor.hash },
    head: head ? { seq: head.seq, hash: head.hash } : null,
  };
  const fail = (problem: AuditProblem, seq: number | null, message: string): ChainVerdict => ({
    ...summary,
    ok: false,
    problem,
    seq,
    message,
  });

  if (!head)
    return fail(
      'HEAD_MISSING',
      null,
      'the log has no head record (the last entry and its hash): it was removed',
    );
  if (key) {
    const id = auditKeyId(key);
    if (input.keyId !== id)
      return fail(
        'KEY_MISMATCH',
        null,
        `the key given (id ${id}) is not this log's key (id ${input.keyId ?? 'not recorded'})`,
      );
    if (!macMatches(pointMac(key, 'head', head.seq, head.hash), head.mac))
      return fail(
        'HEAD_MAC_INVALID',
        head.seq,
        `the head (entry ${head.seq}) has a wrong HMAC: it was rewritten without the key`,
      );
    if (input.anchor && !macMatches(pointMac(key, 'anchor', anchor.seq, anchor.hash), anchor.mac))
      return fail(
        'ANCHOR_MAC_INVALID',
        anchor.seq,
        `the purge anchor (entry ${anchor.seq}) has a wrong HMAC: it was rewritten without the key`,
      );
  }

  let expected = anchor.seq + 1;
  let prevHash = anchor.hash;
  let anchorRecorded = anchor.seq === 0;
  for (const row of input.entries) {
    if (row.seq <= anchor.seq)
      return fail(
        'ENTRY_BEFORE_ANCHOR',
        row.seq,
        `entry ${row.seq} is present although entries up to ${anchor.seq} were purged: it was inserted`,
      );
    if (row.seq > head.seq)
      return fail(
        'ENTRY_AFTER_HEAD',
        row.seq,
        `entry ${row.seq} lies after the head (entry ${head.seq}): it was added outside the log`,
      );
    if (row.seq > expected) {
      const missing =
        row.seq - 1 === expected ? `entry ${expected} is` : `entries ${expected}-${row.seq - 1} are`;
      return fail(
        'ENTRY_MISSING',
        expected,
        expected === anchor.seq + 1
          ? `${missing} missing: the log starts at entry ${row.seq} but its anchor is entry ${anchor.seq} (deleted)`
          : `${missing} missing: entry ${row.seq} follows entry ${expected - 1} (deleted)`,
      );
    }
    let entry: AuditEntry;
    try {
      entry = AuditEntry.parse(JSON.parse(row.json));
    } catch {
      return fail('ENTRY_INVALID', row.seq, `entry ${row.seq} is not a valid audit record`);
    }
    if (entry.seq !== row.seq)
      return fail(
        'ENTRY_MOVED',
        row.seq,
        `entry ${row.seq}'s place holds the record of entry ${entry.seq}: entries were reordered, moved or inserted`,
      );
    const hash = entryHash(entry);
    if (hash !== row.hash)
      return fail(
        'ENTRY_ALTERED',
        row.seq,
        `entry ${row.seq}'s content does not match its hash: it was edited`,
      );
    if (Date.parse(entry.at) !== row.atMs)
      return fail(
        'ENTRY_ALTERED',
        row.seq,
        `entry ${row.seq}'s stored time (which export filters and purge goes by) is not its record's time: it was edited`,
      );
    if (entry.prevHash !== prevHash)
      return fail(
        'CHAIN_BROKEN',
        row.seq,
        `entry ${row.seq} does not follow entry ${row.seq - 1}: it names a different previous hash (entries removed, replaced or rebuilt)`,
      );
    if (key && !macMatches(entryMac(key, hash), row.mac))
      return fail(
        'ENTRY_MAC_INVALID',
        row.seq,
        `entry ${row.seq} has a wrong HMAC: it was written or rewritten without the key`,
      );
    if (
      entry.kind === 'purge' &&
      entry.purgedThroughSeq === anchor.seq &&
      entry.lastPurgedHash === anchor.hash
    )
      anchorRecorded = true;
    prevHash = hash;
    expected++;
    summary.checked++;
  }
  const last = expected - 1;
  if (last < head.seq) {
    const missing = last + 1 === head.seq ? `entry ${head.seq} is` : `entries ${last + 1}-${head.seq} are`;
    return fail(
      'TRUNCATED',
      last + 1,
      `the log ends at entry ${last} but its head is entry ${head.seq}: ${missing} missing (truncated)`,
    );
  }
  if (prevHash !== head.hash)
    return fail(
      'HEAD_MISMATCH',
      head.seq,
      `entry ${head.seq} is not the entry the head names (its hash differs)`,
    );
  if (!anchorRecorded)
    return fail(
      'ANCHOR_UNRECORDED',
      anchor.seq + 1,
      `the log starts after entry ${anchor.seq} but no purge entry records removing entries up to ${anchor.seq}`,
    );
  return { ...summary, ok: true };
}
