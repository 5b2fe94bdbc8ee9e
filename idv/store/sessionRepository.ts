// Sessions: the specification as received, TTLs, state, submit flag, pipeline results. The client
// session token is generated here, handed back once, and only its SHA-256 is kept. The JSON columns
// (specification, notifications with their auth token, results with the birth date, the sandbox
// response config) are sealed under the session's data key (sealedColumns.ts).
import { SESSION_STATES } from '../../common/documents';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createDataKey } from './mediaVault';
import { int, intOrNull, text, textOrNull } from './rowFields';
import { openJson, sealJson, sessionDataKey, withDataKey, type SealedColumn } from './sealedColumns';
import type { Row } from './sqliteFile';
import type { StoreContext } from './storeContext';
import {
  IdvStoreError,
  type NotificationSettings,
  type SessionRecord,
  type SessionRepository,
  type SessionState,
  type TokenHash,
  type JsonObject,
} from './types';

const STATES: readonly SessionState[] = SESSION_STATES;
/** Ten years: anything longer is a unit mistake (ms for s), not a policy. */
const MAX_TTL_SECONDS = 10 * 365 * 24 * 3600;

export function hashClientSessionToken(token: string): TokenHash {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function toSession(ctx: StoreContext, row: Row): SessionRecord {
  const state = text(row, 'state') as SessionState;
  const id = text(row, 'id');
  const key = sessionDataKey(ctx, id);
  const open = <T>(column: SealedColumn, name: string): T | null =>
    openJson<T>(key, { column, sessionId: id, row: '' }, row[name]);
  try {
    return sessionFrom(row, state, id, open);
  } finally {
    key?.fill(0);
  }
}

function sessionFrom(
  row: Row,
  state: SessionState,
  id: string,
  open: <T>(column: SealedColumn, name: string) => T | null,
): SessionRecord {
  const specification = open<JsonObject>('sessions.specification', 'specification');
  if (specification === null)
    throw new IdvStoreError('STORE_CORRUPT', 'Stored column "specification" is empty.');
  return {
    id,
    sdkId: text(row, 'sdk_id'),
    specification,
    clientSessionTokenTtl: int(row, 'token_ttl'),
    resourcesTtl: int(row, 'resources_ttl'),
    userTrackingId: textOrNull(row, 'user_tracking_id'),
    notifications: open<NotificationSettings>('sessions.notifications', 'notifications'),
    clientSessionTokenHash: text(row, 'token_hash'),
    state,
    createdAt: int(row, 'created_at'),
    clientSessionTokenExpiresAt: int(row, 'token_expires_at'),
    resourcesExpireAt: int(row, 'resources_expire_at'),
    submitted: intOrNull(row, 'submitted_at') !== null,
    submittedAt: intOrNull(row, 'submitted_at'),
    completedAt: intOrNull(row, 'completed_at'),
    results: open<JsonObject>('sessions.results', 'results'),
    responseConfig: open<JsonObject>('sessions.response_config', 'response_config'),
  };
}

function assertTtl(name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0 || value > MAX_TTL_SECONDS) {
    throw new IdvStoreError(
      'INVALID_INPUT',
      `${name} must be a positive whole number of seconds (got ${value}).`,
    );
  }
}

function assertNotifications(n: NotificationSettings | null): void {
  if (n === null) return;
  let url: URL;
  try {
    url = new URL(n.endpoint);
  } catch {
    throw new IdvStoreError('INVALID_INPUT', 'The notification endpoint is not a URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new IdvStoreError('INVALID_INPUT', 'The notification endpoint must be http(s).');
  }
  if (n.authType !== null && n.authType !== 'BASIC' && n.authType !== 'BEARER') {
    throw new IdvStoreError('INVALID_INPUT', 'The notification auth type must be BASIC or BEARER.');
  }
  if (!Array.isArray(n.topics) || n.topics.some((t) => typeof t !== 'string')) {
    throw new IdvStoreError('INVALID_INPUT', 'Notification topics must be strings.');
  }
}

export type SyncSessionRepository = Omit<SessionRepository, 'delete'>;

export function createSessionRepository(ctx: StoreContext): SyncSessionRepository {
  const { sql } = ctx;

  const get = (sessionId: string): SessionRecord | null => {
    const row = sql.one('SELECT * FROM sessions WHERE id = ?', [sessionId]);
    return row ? toSession(ctx, row) : null;
  };
  const mustGet = (sessionId: string): SessionRecord => {
    const session = get(sessionId);
    if (!session) throw new IdvStoreError('NOT_FOUND', `No session ${sessionId}.`);
    return session;
  };
  const findByTokenHash = (tokenHash: string): SessionRecord | null => {
    const row = sql.one('SELECT * FROM sessions WHERE token_hash = ?', [tokenHash]);
    return row ? toSession(ctx, row) : null;
  };

  return {
    create(input) {
      assertTtl('clientSessionTokenTtl', input.clientSessionTokenTtl);
      assertTtl('resourcesTtl', input.resourcesTtl);
      assertNotifications(input.notifications);
      if (input.userTrackingId !== null && typeof input.userTrackingId !== 'string') {
        throw new IdvStoreError('INVALID_INPUT', 'userTrackingId must be a string or null.');
      }
      const id = randomUUID();
      const clientSessionToken = randomBytes(32).toString('base64url');
      const createdAt = ctx.now();
      const { dataKey, wrapped } = createDataKey(ctx.masterKey, id);
      const seal = (column: SealedColumn, value: unknown) =>
        sealJson(dataKey, { column, sessionId: id, row: '' }, value);
      let specification: Buffer | null;
      let notifications: Buffer | null;
      try {
        specification = seal('sessions.specification', input.specification);
        notifications = seal('sessions.notifications', input.notifications);
      } finally {
        dataKey.fill(0);
      }
      return sql.transaction(() => {
        if (!sql.one('SELECT 1 AS x FROM apps WHERE sdk_id = ?', [input.sdkId])) {
          throw new IdvStoreError('NOT_FOUND', `No app ${input.sdkId}.`);
        }
        sql.run(
          `INSERT INTO sessions (id, sdk_id, specification, token_ttl, resources_ttl, user_tracking_id,
             notifications, token_hash, state, created_at, token_expires_at, resources_expire_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'ONGOING', ?, ?, ?)`,
          [
            id,
            input.sdkId,
            specification,
            input.clientSessionTokenTtl,
            input.resourcesTtl,
            input.userTrackingId,
            notifications,
            hashClientSessionToken(clientSessionToken),
            createdAt,
            createdAt + input.clientSessionTokenTtl * 1000,
            createdAt + input.resourcesTtl * 1000,
          ],
        );
        sql.run('INSERT INTO session_keys (session_id, wrapped) VALUES (?, ?)', [id, wrapped]);
        return { session: mustGet(id), clientSessionToken };
      });
    },
    get,
    getForApp(sdkId, sessionId) {
      const session = get(sessionId);
      return session && session.sdkId === sdkId ? session : null;
    },
    findByClientToken(token) {
      if (typeof token !== 'string' || token.length === 0) return null;
      return findByTokenHash(hashClientSessionToken(token));
    },
    findByTokenHash,
    isTokenExpired(session) {
      return session.state === 'EXPIRED' || ctx.now() >= session.clientSessionTokenExpiresAt;
    },
    listForApp(sdkId) {
      return sql
        .all('SELECT * FROM sessions WHERE sdk_id = ? ORDER BY created_at, rowid', [sdkId])
        .map((row) => toSession(ctx, row));
    },
    markSubmitted(sessionId) {
      return sql.transaction(() => {
        const session = mustGet(sessionId);
        if (session.submitted)
          throw new IdvStoreError('CONFLICT', `Session ${sessionId} was already submitted.`);
        if (session.state !== 'ONGOING') {
          throw new IdvStoreError(
            'CONFLICT',
            `Session ${sessionId} is ${session.state}; it cannot be submitted.`,
          );
        }
        sql.run('UPDATE sessions SET submitted_at = ? WHERE id = ?', [ctx.now(), sessionId]);
        return mustGet(sessionId);
      });
    },
    setState(sessionId, state) {
      if (!STATES.includes(state))
        throw new IdvStoreError('INVALID_INPUT', `Unknown session state ${state}.`);
      return sql.transaction(() => {
        mustGet(sessionId);
        sql.run(
          `UPDATE sessions SET state = ?,
             completed_at = CASE WHEN ? = 'COMPLETED' THEN coalesce(completed_at, ?) ELSE completed_at END
           WHERE id = ?`,
          [state, state, ctx.now(), sessionId],
        );
        return mustGet(sessionId);
      });
    },
    saveResults(sessionId, results, state) {
      if (state !== undefined && !STATES.includes(state)) {
        throw new IdvStoreError('INVALID_INPUT', `Unknown session state ${state}.`);
      }
      return sql.transaction(() => {
        const current = mustGet(sessionId);
        const next = state ?? current.state;
        sql.run(
          `UPDATE sessions SET results = ?, state = ?,
             completed_at = CASE WHEN ? = 'COMPLETED' THEN coalesce(completed_at, ?) ELSE completed_at END
           WHERE id = ?`,
          [
            withDataKey(ctx, sessionId, (k) =>
              sealJson(k, { column: 'sessions.results', sessionId, row: '' }, results),
            ),
            next,
            next,
            ctx.now(),
            sessionId,
          ],
        );
        return mustGet(sessionId);
      });
    },
    setResponseConfig(sessionId, config) {
      const key = sessionDataKey(ctx, sessionId);
      if (!key) throw new IdvStoreError('NOT_FOUND', `No session ${sessionId}.`);
      let sealed: Buffer | null;
      try {
        sealed = sealJson(key, { column: 'sessions.response_config', sessionId, row: '' }, config);
      } finally {
        key.fill(0);
      }
      const changes = sql.run('UPDATE sessions SET response_config = ? WHERE id = ?', [sealed, sessionId]);
      if (changes === 0) throw new IdvStoreError('NOT_FOUND', `No session ${sessionId}.`);
    },
  };
}

/** Deletes the rows (wrapped key first, in the same transaction), then the blob folder. */
export async function deleteSession(ctx: StoreContext, sessionId: string): Promise<boolean> {
  const existed = ctx.sql.transaction(() => {
    ctx.sql.run('DELETE FROM session_keys WHERE session_id = ?', [sessionId]);
    return ctx.sql.run('DELETE FROM sessions WHERE id = ?', [sessionId]) > 0;
  });
  // The session's pages (zeroed by secure_delete) go back to the file system, so a kiosk's data
  // folder is back to its size when the person's session is deleted, not only at the next sweep.
  if (existed) ctx.sql.releaseFreePages();
  // With the key gone the blobs are already unreadable; removing them reclaims the space. A crash
  // here leaves files that the orphan sweep removes at the next open.
  await ctx.blobs.removeSession(sessionId);
  return existed;
}
