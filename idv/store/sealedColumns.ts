// JSON columns that can hold a person's data (check results with the birth date, a scanner's MRZ,
// replayed upload answers, notification auth tokens, the specification as sent) are stored sealed
// under the session's data key (AES-256-GCM, platform/aesGcmEnvelope), never as clear JSON. The AAD
// names the table, column, session and row, so a sealed value moved to another row does not open.
// Destroying the session's wrapped key (session delete, TTL) makes every one of them unreadable.
//
// SQLite stores the sealed value as a BLOB even in a column declared TEXT, so no schema change is
// needed; a TEXT value is a row written before sealing (read as is, then sealed by
// sealLegacyColumns when the store opens).
import type { SQLiteValue } from 'node-sqlite3-wasm';
import { openEnvelope, sealEnvelope, type EnvelopeFormat } from '../../platform/aesGcmEnvelope';
import { unwrapKey } from './mediaVault';
import { bytes } from './rowFields';
import type { StoreContext } from './storeContext';
import { IdvStoreError } from './types';

const COLUMN_FORMAT: EnvelopeFormat = { magic: Buffer.from('IDVC', 'ascii'), version: 1 };

/** Where a sealed value lives: its AAD. */
export interface ColumnPlace {
  column: SealedColumn;
  sessionId: string;
  /** The row within the session (resource id, media id, idempotency key); '' for the session row. */
  row: string;
}

export type SealedColumn =
  | 'sessions.specification'
  | 'sessions.notifications'
  | 'sessions.results'
  | 'sessions.response_config'
  | 'resources.mrz'
  | 'pages.feedback'
  | 'idempotency_keys.response'
  | 'resource_chip.sealed';

const aad = (p: ColumnPlace) => `idv-column/v1|${p.column}|${p.sessionId}|${p.row}`;

/** The session's data key, unwrapped for one operation; the caller zeroes it. */
export function sessionDataKey(ctx: StoreContext, sessionId: string): Buffer | null {
  const row = ctx.sql.one('SELECT wrapped FROM session_keys WHERE session_id = ?', [sessionId]);
  return row ? unwrapKey(ctx.masterKey, sessionId, bytes(row, 'wrapped')) : null;
}

/** Runs `fn` with the session's data key and zeroes it afterwards; NOT_FOUND without a key. */
export function withDataKey<T>(ctx: StoreContext, sessionId: string, fn: (key: Buffer) => T): T {
  const key = sessionDataKey(ctx, sessionId);
  if (!key) throw new IdvStoreError('NOT_FOUND', `No session ${sessionId}.`);
  try {
    return fn(key);
  } finally {
    key.fill(0);
  }
}

export function sealJson(dataKey: Buffer, place: ColumnPlace, value: unknown): Buffer | null {
  if (value === null || value === undefined) return null;
  const plain = Buffer.from(JSON.stringify(value), 'utf8');
  try {
    return sealEnvelope(COLUMN_FORMAT, dataKey, plain, aad(place));
  } finally {
    plain.fill(0);
  }
}

/** The stored value opened: a BLOB is unsealed, a TEXT (written before sealing) parsed as is. */
export function openJson<T>(
  dataKey: Buffer | null,
  place: ColumnPlace,
  stored: SQLiteValue | undefined,
): T | null {
  if (stored === null || stored === undefined) return null;
  let text: string;
  if (typeof stored === 'string') text = stored;
  else if (stored instanceof Uint8Array) {
    if (!dataKey)
      throw new IdvStoreError('MEDIA_UNREADABLE', `The key of session ${place.sessionId} is gone.`);
    let plain: Buffer;
    try {
      plain = openEnvelope(COLUMN_FORMAT, dataKey, stored, aad(place));
    } catch (cause) {
      throw new IdvStoreError(
        'STORE_CORRUPT',
        `Stored ${place.column} of session ${place.sessionId} failed authentication.`,
        { cause },
      );
    }
    text = plain.toString('utf8');
    plain.fill(0);
  } else {
    throw new IdvStoreError('STORE_CORRUPT', `Stored column "${place.column}" is not sealed JSON.`);
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new IdvStoreError('STORE_CORRUPT', `Stored column "${place.column}" is not JSON.`);
  }
}

/**
 * Seals values a store written before this change kept as clear JSON, in one transaction at open
 * (secure_delete overwrites the old cells). Returns how many values were sealed.
 */
export function sealLegacyColumns(ctx: StoreContext): number {
  const { sql } = ctx;
  const legacy: Array<{
    table: string;
    key: string;
    columns: SealedColumn[];
    sessionCol: string;
    rowCol: string | null;
  }> = [
    {
      table: 'sessions',
      key: 'id',
      sessionCol: 'id',
      rowCol: null,
      columns: [
        'sessions.specification',
        'sessions.notifications',
        'sessions.results',
        'sessions.response_config',
      ],
    },
    { table: 'resources', key: 'id', sessionCol: 'session_id', rowCol: 'id', columns: ['resources.mrz'] },
    {
      table: 'idempotency_keys',
      key: 'key',
      sessionCol: 'session_id',
      rowCol: 'key',
      columns: ['idempotency_keys.response'],
    },
  ];
  let sealed = 0;
  sql.transaction(() => {
    for (const t of legacy) {
      for (const column of t.columns) {
        const name = column.split('.')[1];
        const rows = sql.all(
          `SELECT ${t.sessionCol} AS s, ${t.rowCol ?? "''"} AS r, ${name} AS v FROM ${t.table} WHERE typeof(${name}) = 'text'`,
        );
        for (const row of rows) {
          const place: ColumnPlace = { column, sessionId: String(row.s), row: String(row.r) };
          const key = sessionDataKey(ctx, place.sessionId);
          if (!key) continue;
          try {
            const value = sealJson(key, place, JSON.parse(String(row.v)));
            sql.run(
              `UPDATE ${t.table} SET ${name} = ? WHERE ${t.sessionCol} = ?${t.rowCol ? ` AND ${t.rowCol} = ?` : ''}`,
              t.rowCol ? [value, place.sessionId, place.row] : [value, place.sessionId],
            );
            sealed++;
          } finally {
            key.fill(0);
          }
        }
      }
    }
    // Pages are keyed by their media id.
    const pages = sql.all(
      `SELECT r.session_id AS s, p.media_id AS m, p.feedback AS v FROM pages p
       JOIN resources r ON r.id = p.resource_id WHERE typeof(p.feedback) = 'text'`,
    );
    for (const row of pages) {
      const place: ColumnPlace = { column: 'pages.feedback', sessionId: String(row.s), row: String(row.m) };
      const key = sessionDataKey(ctx, place.sessionId);
      if (!key) continue;
      try {
        sql.run('UPDATE pages SET feedback = ? WHERE media_id = ?', [
          sealJson(key, place, JSON.parse(String(row.v))),
          place.row,
        ]);
        sealed++;
      } finally {
        key.fill(0);
      }
    }
  });
  return sealed;
}
