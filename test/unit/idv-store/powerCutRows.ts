// The transaction the power-cut test commits (one per step): a row spanning several pages and an
// overwritten counter, so a torn or half-applied commit shows as a row without its counter or the
// reverse, and an overflowing row as a malformed file.
import type { SqliteFile } from '../../../idv/store/sqliteFile';

export function commitPowerCutRow(sql: SqliteFile, i: number): void {
  sql.transaction(() => {
    sql.run('INSERT INTO nonces (sdk_id, nonce, expires_at) VALUES (?, ?, ?)', [
      'power',
      `n${i}-${'x'.repeat(6000)}`,
      i,
    ]);
    sql.run(
      "INSERT INTO meta (key, value) VALUES ('counter', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      [Buffer.from(String(i))],
    );
  });
}

/** The master key of the media scenario (a test key: the parent reopens the store with it). */
export const MEDIA_POWER_CUT_KEY = Buffer.alloc(32, 0x5a);

/** Page i's bytes: distinct per page, so a blob swapped or torn shows. */
export const mediaPowerCutContent = (i: number): Buffer => Buffer.alloc(20_000, 0x30 + i);
