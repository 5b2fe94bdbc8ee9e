// Request nonces seen per app, kept until their timestamp window closes. Stored in the file so a
// restart (or a crash) does not let a captured request be replayed.
import type { StoreContext } from './storeContext';
import { IdvStoreError, type NonceRegistry } from './types';

const MAX_NONCE = 256;

export function createNonceRegistry(ctx: StoreContext): NonceRegistry {
  const { sql } = ctx;
  return {
    remember(sdkId, nonce, expiresAt) {
      if (typeof nonce !== 'string' || nonce.length === 0 || nonce.length > MAX_NONCE) {
        throw new IdvStoreError('INVALID_INPUT', `A nonce must be 1-${MAX_NONCE} characters.`);
      }
      if (!Number.isFinite(expiresAt))
        throw new IdvStoreError('INVALID_INPUT', 'expiresAt must be a number.');
      // Inserts, or reuses a row whose window has closed; an unexpired row means a replay (0 changes).
      const changes = sql.run(
        `INSERT INTO nonces (sdk_id, nonce, expires_at) VALUES (?, ?, ?)
         ON CONFLICT (sdk_id, nonce) DO UPDATE SET expires_at = excluded.expires_at
         WHERE nonces.expires_at <= ?`,
        [sdkId, nonce, Math.trunc(expiresAt), ctx.now()],
      );
      return changes === 1;
    },
  };
}
