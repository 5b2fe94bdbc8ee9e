// Idempotency keys of client-API writes: the first response is kept with the session and replayed
// for a resent request, with a hash of the request that used the key (a different request under the
// same key is the client's mistake, not a resend). Rows go with the session (ON DELETE CASCADE).
import { json, textOrNull } from './rowFields';
import type { StoreContext } from './storeContext';
import { IdvStoreError, type IdempotencyRegistry } from './types';

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
      return row ? { response: json(row, 'response'), requestHash: textOrNull(row, 'request_hash') } : null;
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
          [sessionId, key, JSON.stringify(response), ctx.now(), requestHash],
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
