// Media content: encrypted blob files (mediaVault) plus a metadata row in SQLite, written so that
// either both exist or neither is visible. Blobs go to files rather than SQLite BLOBs: through the
// WASM VFS a 1.5 MB BLOB is copied into WASM memory and written as 4 KiB pages both to the journal
// and the database, while a file takes one writev and one fdatasync (see test/bench/idv.ts).
import { randomUUID } from 'node:crypto';
import {
  createMediaKey,
  openMedia,
  openPageReading,
  sealMedia,
  sealPageReading,
  unwrapMediaKey,
} from './mediaVault';
import { applyMediaLink, checkMediaLink } from './resourceRepository';
import { sessionDataKey } from './sealedColumns';
import { bytes, int, intOrNull, text, textOrNull } from './rowFields';
import type { Row } from './sqliteFile';
import type { StoreContext } from './storeContext';
import {
  IdvStoreError,
  type IdvStoreTx,
  type MediaPurpose,
  type MediaRecord,
  type MediaStore,
} from './types';

const PURPOSES: readonly MediaPurpose[] = [
  'PAGE',
  'LIVENESS_FRAME',
  'FACE_CAPTURE',
  'DOCUMENT_FIELDS',
  'PIPELINE_OTHER',
];
const CONTENT_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,62}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/i;

function toMedia(row: Row): MediaRecord {
  return {
    id: text(row, 'id'),
    sessionId: text(row, 'session_id'),
    resourceId: textOrNull(row, 'resource_id'),
    purpose: text(row, 'purpose') as MediaPurpose,
    contentType: text(row, 'content_type'),
    size: int(row, 'size'),
    createdAt: int(row, 'created_at'),
    contentDeletedAt: intOrNull(row, 'content_deleted_at'),
  };
}

/** The session's data key, unwrapped for one operation; the caller zeroes it after use. */
const dataKeyOf = sessionDataKey;

export function createMediaStore(ctx: StoreContext, tx: IdvStoreTx): MediaStore {
  const { sql, blobs } = ctx;

  const describe = (sessionId: string, mediaId: string): MediaRecord | null => {
    const row = sql.one('SELECT * FROM media WHERE id = ? AND session_id = ?', [mediaId, sessionId]);
    return row ? toMedia(row) : null;
  };

  return {
    async put(input, link, then) {
      if (!PURPOSES.includes(input.purpose)) {
        throw new IdvStoreError('INVALID_INPUT', `Unknown media purpose ${String(input.purpose)}.`);
      }
      if (typeof input.contentType !== 'string' || !CONTENT_TYPE.test(input.contentType)) {
        throw new IdvStoreError('INVALID_INPUT', 'contentType must be a MIME type such as image/jpeg.');
      }
      if (!(input.content instanceof Uint8Array) || input.content.byteLength === 0) {
        throw new IdvStoreError('INVALID_INPUT', 'Media content must be non-empty bytes.');
      }
      // Fail fast before spending time on encryption and fsync; re-checked in the transaction.
      const dataKey = sql.read(() => {
        if (link) checkMediaLink(ctx, input.sessionId, link);
        return dataKeyOf(ctx, input.sessionId);
      });
      if (!dataKey) throw new IdvStoreError('NOT_FOUND', `No session ${input.sessionId}.`);

      const media: MediaRecord = {
        id: randomUUID(),
        sessionId: input.sessionId,
        resourceId: link ? link.resourceId : (input.resourceId ?? null),
        purpose: input.purpose,
        contentType: input.contentType.toLowerCase(),
        size: input.content.byteLength,
        createdAt: ctx.now(),
        contentDeletedAt: null,
      };
      let sealed;
      let wrappedKey: Buffer;
      let sealedReading: Buffer | null = null;
      try {
        const { mediaKey, wrapped } = createMediaKey(dataKey, media.sessionId, media.id);
        wrappedKey = wrapped;
        try {
          sealed = sealMedia(mediaKey, media.sessionId, media.id, input.content);
        } finally {
          mediaKey.fill(0);
        }
        if (link?.kind === 'PAGE' && link.reading)
          sealedReading = sealPageReading(dataKey, media.sessionId, media.id, link.reading);
      } finally {
        dataKey.fill(0);
      }
      try {
        await blobs.writeDurably(media.sessionId, media.id, sealed);
      } catch (err) {
        // A session deleted meanwhile takes its folder with it: report that, not an I/O fault.
        if (!sql.one('SELECT 1 AS x FROM session_keys WHERE session_id = ?', [media.sessionId])) {
          throw new IdvStoreError('NOT_FOUND', `Session ${media.sessionId} was deleted.`, { cause: err });
        }
        throw err;
      }
      let replaced: string | null = null;
      try {
        sql.transaction(() => {
          // The session may have been deleted while the blob was being written.
          if (!sql.one('SELECT 1 AS x FROM session_keys WHERE session_id = ?', [media.sessionId])) {
            throw new IdvStoreError('NOT_FOUND', `Session ${media.sessionId} was deleted.`);
          }
          if (media.resourceId !== null && !link) {
            const owner = sql.one('SELECT 1 AS x FROM resources WHERE id = ? AND session_id = ?', [
              media.resourceId,
              media.sessionId,
            ]);
            if (!owner)
              throw new IdvStoreError('NOT_FOUND', `No resource ${media.resourceId} in this session.`);
          }
          sql.run(
            `INSERT INTO media (id, session_id, resource_id, purpose, content_type, size, created_at, wrapped_key)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
            [
              media.id,
              media.sessionId,
              media.resourceId,
              media.purpose,
              media.contentType,
              media.size,
              media.createdAt,
              wrappedKey,
            ],
          );
          if (link) replaced = applyMediaLink(ctx, media, link, sealedReading);
          if (then) then(tx, media);
        });
      } catch (err) {
        await blobs.remove(media.sessionId, media.id).catch(() => undefined);
        throw err;
      }
      // The retaken item's row and key went with the commit; its file is now unreadable and goes
      // too (a crash before this leaves an orphan that the next open's sweep removes).
      if (replaced !== null) await blobs.remove(media.sessionId, replaced).catch(() => undefined);
      return media;
    },

    async get(sessionId, mediaId) {
      const record = describe(sessionId, mediaId);
      if (!record || record.contentDeletedAt !== null) return null;
      const blob = await blobs.read(sessionId, mediaId);
      if (!blob) {
        // Row deleted meanwhile (session or content delete): not found. Otherwise the file was lost.
        const again = describe(sessionId, mediaId);
        if (!again || again.contentDeletedAt !== null) return null;
        throw new IdvStoreError('MEDIA_UNREADABLE', `The encrypted file of media ${mediaId} is missing.`);
      }
      const wrapped = sql.one('SELECT wrapped_key FROM media WHERE id = ? AND session_id = ?', [
        mediaId,
        sessionId,
      ]);
      const dataKey = dataKeyOf(ctx, sessionId);
      if (!dataKey || !wrapped) return null;
      let key: Buffer = dataKey;
      try {
        // Media from before per-item keys (schema v2) were sealed under the data key itself.
        if (wrapped.wrapped_key !== null)
          key = unwrapMediaKey(dataKey, sessionId, mediaId, bytes(wrapped, 'wrapped_key'));
        return { record, content: openMedia(key, sessionId, mediaId, blob) };
      } finally {
        key.fill(0);
        dataKey.fill(0);
      }
    },

    pageReading(sessionId, mediaId) {
      const row = sql.one(
        `SELECT p.reading FROM pages p JOIN resources r ON r.id = p.resource_id
         WHERE p.media_id = ? AND r.session_id = ?`,
        [mediaId, sessionId],
      );
      if (!row || row.reading === null) return null;
      const dataKey = dataKeyOf(ctx, sessionId);
      if (!dataKey) return null;
      try {
        return openPageReading(dataKey, sessionId, mediaId, bytes(row, 'reading'));
      } finally {
        dataKey.fill(0);
      }
    },

    describe,

    list(sessionId) {
      return sql
        .all('SELECT * FROM media WHERE session_id = ? ORDER BY created_at, rowid', [sessionId])
        .map(toMedia);
    },

    async deleteContent(sessionId, mediaId) {
      const changes = sql.run(
        `UPDATE media SET content_deleted_at = ?, wrapped_key = NULL
         WHERE id = ? AND session_id = ? AND content_deleted_at IS NULL`,
        [ctx.now(), mediaId, sessionId],
      );
      if (changes === 0) return false;
      await blobs.remove(sessionId, mediaId);
      return true;
    },
  };
}
