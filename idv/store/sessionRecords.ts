// Personal data a session carries besides its media: the IBV applicant profile, the instructions
// and contact profile, email requests, the biometric consent. Each record is JSON sealed
// (AES-256-GCM, platform/aesGcmEnvelope) under the session's data key, bound to the session and
// the record's kind, so it is unreadable once the session (and its wrapped key) is deleted; rows
// go with the session through ON DELETE CASCADE.
import { openEnvelope, sealEnvelope, type EnvelopeFormat } from '../../platform/aesGcmEnvelope';
import { unwrapKey } from './mediaVault';
import { bytes, int } from './rowFields';
import type { Row } from './sqliteFile';
import type { StoreContext } from './storeContext';
import { IdvStoreError, type JsonObject } from './types';

const RECORD_FORMAT: EnvelopeFormat = { version: 1 };
const recordAad = (sessionId: string, kind: string, seq: number) =>
  `idv-session-record/v1|${sessionId}|${kind}|${seq}`;

export type SessionRecordKind =
  | 'APPLICANT_PROFILE'
  | 'INSTRUCTIONS'
  | 'CONTACT_PROFILE'
  | 'EMAIL_REQUEST'
  | 'BIOMETRIC_CONSENT'
  | 'VISUAL_REVIEW'
  /** Which API created the session (rp or sandbox): sandbox response-configs apply to sandbox sessions only. */
  | 'ORIGIN';

export interface SealedRecord {
  seq: number;
  createdAt: number;
  value: JsonObject;
}

export interface SessionRecordStore {
  /** Replaces the session's one record of that kind. NOT_FOUND if the session is gone. */
  put(sessionId: string, kind: SessionRecordKind, value: JsonObject): void;
  /** Adds one more record of that kind (e.g. each email request). */
  append(sessionId: string, kind: SessionRecordKind, value: JsonObject): SealedRecord;
  /** The latest record of that kind, decrypted, or null. */
  get(sessionId: string, kind: SessionRecordKind): SealedRecord | null;
  list(sessionId: string, kind: SessionRecordKind): SealedRecord[];
}

/** Made at store open: the table is created when absent (it joined the schema after v3). */
const TABLE = `CREATE TABLE IF NOT EXISTS session_records (
  session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  kind TEXT NOT NULL, seq INTEGER NOT NULL, sealed BLOB NOT NULL, created_at INTEGER NOT NULL,
  PRIMARY KEY (session_id, kind, seq)) WITHOUT ROWID;`;

export function createSessionRecordStore(ctx: StoreContext): SessionRecordStore {
  const { sql } = ctx;
  sql.exec(TABLE);

  const withDataKey = <T>(sessionId: string, fn: (key: Buffer) => T): T => {
    const row = sql.one('SELECT wrapped FROM session_keys WHERE session_id = ?', [sessionId]);
    if (!row) throw new IdvStoreError('NOT_FOUND', `No session ${sessionId}.`);
    const key = unwrapKey(ctx.masterKey, sessionId, bytes(row, 'wrapped'));
    try {
      return fn(key);
    } finally {
      key.fill(0);
    }
  };

  const seal = (sessionId: string, kind: string, seq: number, value: JsonObject): Buffer => {
    const plain = Buffer.from(JSON.stringify(value), 'utf8');
    try {
      return withDataKey(sessionId, (key) =>
        sealEnvelope(RECORD_FORMAT, key, plain, recordAad(sessionId, kind, seq)),
      );
    } finally {
      plain.fill(0);
    }
  };

  const open = (sessionId: string, kind: string, seq: number, sealed: Uint8Array): JsonObject => {
    let plain: Buffer;
    try {
      plain = withDataKey(sessionId, (key) =>
        openEnvelope(RECORD_FORMAT, key, sealed, recordAad(sessionId, kind, seq)),
      );
    } catch (cause) {
      if (cause instanceof IdvStoreError) throw cause;
      throw new IdvStoreError('MEDIA_UNREADABLE', `The ${kind} record of session ${sessionId} failed authentication.`, {
        cause,
      });
    }
    try {
      return JSON.parse(plain.toString('utf8')) as JsonObject;
    } finally {
      plain.fill(0);
    }
  };

  const toRecord = (sessionId: string, kind: string, row: Row): SealedRecord => {
    const seq = int(row, 'seq');
    return { seq, createdAt: int(row, 'created_at'), value: open(sessionId, kind, seq, bytes(row, 'sealed')) };
  };

  return {
    put(sessionId, kind, value) {
      const sealed = seal(sessionId, kind, 0, value);
      sql.transaction(() => {
        sql.run('DELETE FROM session_records WHERE session_id = ? AND kind = ?', [sessionId, kind]);
        sql.run('INSERT INTO session_records (session_id, kind, seq, sealed, created_at) VALUES (?, ?, 0, ?, ?)', [
          sessionId,
          kind,
          sealed,
          ctx.now(),
        ]);
      });
    },
    append(sessionId, kind, value) {
      return sql.transaction(() => {
        const last = sql.one('SELECT max(seq) AS n FROM session_records WHERE session_id = ? AND kind = ?', [
          sessionId,
          kind,
        ]);
        const seq = last && typeof last.n === 'number' ? last.n + 1 : 0;
        const createdAt = ctx.now();
        sql.run('INSERT INTO session_records (session_id, kind, seq, sealed, created_at) VALUES (?, ?, ?, ?, ?)', [
          sessionId,
          kind,
          seq,
          seal(sessionId, kind, seq, value),
          createdAt,
        ]);
        return { seq, createdAt, value };
      });
    },
    get(sessionId, kind) {
      const row = sql.one(
        'SELECT seq, sealed, created_at FROM session_records WHERE session_id = ? AND kind = ? ORDER BY seq DESC LIMIT 1',
        [sessionId, kind],
      );
      return row ? toRecord(sessionId, kind, row) : null;
    },
    list(sessionId, kind) {
      return sql
        .all('SELECT seq, sealed, created_at FROM session_records WHERE session_id = ? AND kind = ? ORDER BY seq', [
          sessionId,
          kind,
        ])
        .map((row) => toRecord(sessionId, kind, row));
    },
  };
}
