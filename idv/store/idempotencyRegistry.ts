// Idempotency keys of client-API writes: the first response is kept with the session and replayed
// for a resent request, with a hash of the request that used the key (a different request under the
// same key is the client's mistake, not a resend). Rows go with the session (ON DELETE CASCADE).
// The response can repeat what the person sent (a scanner's MRZ): it is sealed under the session's
// data key (sealedColumns.ts).
import { textOrNull } from './rowFields';
import { openJson, sealJson, sessionDataKey, withDataKey } from './sealedColumns';
import type { StoreContext } from './storeContext';
import { IdvStoreError, type IdempotencyRegistry, type JsonObject } from './types';

const MAX_KEY = 200;

function assertKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY) {
    throw new IdvStoreError('INVALID_INPUT', `An idempotency key must be 1-${MAX_KEY} characters.`);
  }
}

export function createIdempotencyRegistry(ctx: StoreContext): IdempotencyRegistry {
  const { sql } = ctx;
  return {
    recall(sessionId, key) {
      assertKey(key);
      const row = sql.one(
        'SELECT response, request_hash FROM idempotency_keys WHERE session_id = ? AND key = ?',
        [sessionId, key],
      );
      if (!row) return null;
      const dataKey = sessionDataKey(ctx, sessionId);
      try {
        const response = openJson<JsonObject>(
          dataKey,
          { column: 'idempotency_keys.response', sessionId, row: key },
          row.response,
        );
        if (response === null) throw new IdvStoreError('STORE_CORRUPT', 'Stored column "response" is empty.');
        return { response, requestHash: textOrNull(row, 'request_hash') };
      } finally {
        dataKey?.fill(0);
      }
    },
    remember(sessionId, key, response, requestHash = null) {
      assertKey(key);
      sql.transaction(() => {
        if (!sql.one('SELECT 1 AS x FROM sessions WHERE id = ?', [sessionId])) {
          throw new IdvStoreError('NOT_FOUND', `No session ${sessionId}.`);
        }
        const changes = sql.run(
          `INSERT INTO idempotency_keys (session_id, key, response, created_at, request_hash)
           VALUES (?, ?, ?, ?, ?) ON CONFLICT (session_id, key) DO NOTHING`,
          [
            sessionId,
            key,
            withDataKey(ctx, sessionId, (k) =>
              sealJson(k, { column: 'idempotency_keys.response', sessionId, row: key }, response),
            ),
            ctx.now(),
            requestHash,
          ],
        );
        if (changes === 0) {
          throw new IdvStoreError(
            'CONFLICT',
            `Idempotency key ${key} was already used in session ${sessionId}.`,
          );
        }
      });
    },
  };
}
