// Idempotency keys of client-API writes: the first response is kept with the session and replayed
// for a resent request. Rows go with the session (ON DELETE CASCADE).
import { json } from './rowFields';
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
      const row = sql.one('SELECT response FROM idempotency_keys WHERE session_id = ? AND key = ?', [
        sessionId,
        key,
      ]);
      return row ? json(row, 'response') : null;
    },
    remember(sessionId, key, response) {
      assertKey(key);
      sql.transaction(() => {
        if (!sql.one('SELECT 1 AS x FROM sessions WHERE id = ?', [sessionId])) {
          throw new IdvStoreError('NOT_FOUND', `No session ${sessionId}.`);
        }
        const changes = sql.run(
          `INSERT INTO idempotency_keys (session_id, key, response, created_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (session_id, key) DO NOTHING`,
          [sessionId, key, JSON.stringify(response), ctx.now()],
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
