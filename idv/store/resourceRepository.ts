// Resources of a session (ID documents with their pages and MRZ, liveness with frames, face
// capture with one image) and the rules for attaching uploaded media to them.
import { MAX_MRZ_LINE_LENGTH, MRZ_SIZES } from '../../vision/mrz/mrzLayout';
import { randomUUID } from 'node:crypto';
import { CAPTURE_METHODS, DOCUMENT_TYPES, PAGE_SIDES } from '../../common/documents';
import { int, json, jsonOrNull, text, textOrNull } from './rowFields';
import { openJson, sealJson, sessionDataKey, withDataKey } from './sealedColumns';
import type { Row, SqliteFile } from './sqliteFile';
import type { StoreContext } from './storeContext';
import {
  IdvStoreError,
  type CaptureMethod,
  type DocumentType,
  type IdDocumentResource,
  type JsonObject,
  type MediaLink,
  type MediaRecord,
  type MrzRecord,
  type PageRecord,
  type PageSide,
  type ResourceRecord,
  type ResourceRepository,
} from './types';

const MAX_MRZ_LINES = Math.max(...MRZ_SIZES.map((s) => s.lines));
/**
 * Frames one liveness resource holds. Checked inside the transaction that adds a frame, so that
 * parallel uploads cannot each see room for one more (30 at once stored 30 before).
 */
export const MAX_LIVENESS_FRAMES = 10;
const MAX_MRZ_LINE = MAX_MRZ_LINE_LENGTH;

/** A writable session: exists and has not been submitted or ended. */
export function assertWritableSession(sql: SqliteFile, sessionId: string): void {
  const row = sql.one('SELECT state, submitted_at FROM sessions WHERE id = ?', [sessionId]);
  if (!row) throw new IdvStoreError('NOT_FOUND', `No session ${sessionId}.`);
  if (row.submitted_at !== null) {
    throw new IdvStoreError(
      'CONFLICT',
      `Session ${sessionId} was already submitted; it takes no more uploads.`,
    );
  }
  if (row.state !== 'ONGOING') {
    throw new IdvStoreError(
      'CONFLICT',
      `Session ${sessionId} is ${String(row.state)}; it takes no more uploads.`,
    );
  }
}

function loadResource(ctx: StoreContext, row: Row, dataKey?: Buffer | null): ResourceRecord {
  const base = { id: text(row, 'id'), sessionId: text(row, 'session_id'), createdAt: int(row, 'created_at') };
  const kind = text(row, 'kind');
  if (kind === 'ID_DOCUMENT') {
    // The MRZ and the pages' feedback are sealed: one unwrap of the session key for the lot.
    const key = dataKey === undefined ? sessionDataKey(ctx, base.sessionId) : dataKey;
    try {
      return loadIdDocument(ctx, row, base, key);
    } finally {
      if (dataKey === undefined) key?.fill(0);
    }
  }
  return loadOther(ctx, row, base, kind);
}

function loadIdDocument(
  ctx: StoreContext,
  row: Row,
  base: { id: string; sessionId: string; createdAt: number },
  key: Buffer | null,
): IdDocumentResource {
  const { sql } = ctx;
  {
    const kind = 'ID_DOCUMENT' as const;
    const requiredPages = json<PageSide[]>(row, 'required_pages');
    const pages: PageRecord[] = sql
      .all(
        `SELECT p.side, p.media_id, p.capture_method, p.feedback, p.created_at, m.content_type
         FROM pages p JOIN media m ON m.id = p.media_id WHERE p.resource_id = ?`,
        [base.id],
      )
      .map((p) => ({
        side: text(p, 'side') as PageSide,
        mediaId: text(p, 'media_id'),
        contentType: text(p, 'content_type'),
        captureMethod: text(p, 'capture_method') as CaptureMethod,
        feedback: openJson<JsonObject>(
          key,
          { column: 'pages.feedback', sessionId: base.sessionId, row: text(p, 'media_id') },
          p.feedback,
        ),
        createdAt: int(p, 'created_at'),
      }))
      .sort((a, b) => requiredPages.indexOf(a.side) - requiredPages.indexOf(b.side));
    return {
      ...base,
      kind,
      issuingCountry: text(row, 'issuing_country'),
      documentType: text(row, 'document_type') as DocumentType,
      requiredPages,
      pages,
      mrz: openJson<MrzRecord>(
        key,
        { column: 'resources.mrz', sessionId: base.sessionId, row: base.id },
        row.mrz,
      ),
      attemptsUsed: jsonOrNull<Record<string, number>>(row, 'attempts_used') ?? {},
    };
  }
}

function loadOther(
  ctx: StoreContext,
  row: Row,
  base: { id: string; sessionId: string; createdAt: number },
  kind: string,
): ResourceRecord {
  const { sql } = ctx;
  if (kind === 'LIVENESS') {
    const frames = sql
      .all(
        `SELECT f.media_id, f.created_at, m.content_type
         FROM liveness_frames f JOIN media m ON m.id = f.media_id WHERE f.resource_id = ? ORDER BY f.rowid`,
        [base.id],
      )
      .map((f) => ({
        mediaId: text(f, 'media_id'),
        contentType: text(f, 'content_type'),
        createdAt: int(f, 'created_at'),
      }));
    return { ...base, kind, livenessType: text(row, 'liveness_type'), frames };
  }
  if (kind === 'FACE_CAPTURE') {
    const imageId = textOrNull(row, 'image_media_id');
    const media = imageId
      ? sql.one('SELECT content_type, created_at FROM media WHERE id = ?', [imageId])
      : null;
    return {
      ...base,
      kind,
      requirementId: textOrNull(row, 'requirement_id'),
      image:
        imageId && media
          ? {
              mediaId: imageId,
              contentType: text(media, 'content_type'),
              createdAt: int(media, 'created_at'),
            }
          : null,
    };
  }
  throw new IdvStoreError('STORE_CORRUPT', `Resource ${base.id} has unknown kind ${kind}.`);
}

function getResource(ctx: StoreContext, sessionId: string, resourceId: string): ResourceRecord | null {
  const row = ctx.sql.one('SELECT * FROM resources WHERE id = ? AND session_id = ?', [resourceId, sessionId]);
  return row ? loadResource(ctx, row) : null;
}

function mustGetKind<K extends ResourceRecord['kind']>(
  ctx: StoreContext,
  sessionId: string,
  resourceId: string,
  kind: K,
): Extract<ResourceRecord, { kind: K }> {
  const resource = getResource(ctx, sessionId, resourceId);
  if (!resource) throw new IdvStoreError('NOT_FOUND', `No resource ${resourceId} in session ${sessionId}.`);
  if (resource.kind !== kind) {
    throw new IdvStoreError('CONFLICT', `Resource ${resourceId} is ${resource.kind}, not ${kind}.`);
  }
  return resource as Extract<ResourceRecord, { kind: K }>;
}

/**
 * Checks that `link` can be applied now (used before encrypting, to fail fast) — the same checks
 * run again inside the transaction in applyMediaLink, which is authoritative.
 */
export function checkMediaLink(ctx: StoreContext, sessionId: string, link: MediaLink): void {
  const { sql } = ctx;
  assertWritableSession(sql, sessionId);
  if (link.kind === 'PAGE') {
    const doc = mustGetKind(ctx, sessionId, link.resourceId, 'ID_DOCUMENT');
    if (!PAGE_SIDES.includes(link.side) || !doc.requiredPages.includes(link.side)) {
      throw new IdvStoreError(
        'INVALID_INPUT',
        `A ${doc.documentType} has no ${String(link.side)} page (pages: ${doc.requiredPages.join(', ')}).`,
      );
    }
    if (!CAPTURE_METHODS.includes(link.captureMethod)) {
      throw new IdvStoreError('INVALID_INPUT', `Unknown capture method ${String(link.captureMethod)}.`);
    }
    const current = doc.pages.find((p) => p.side === link.side)?.mediaId ?? null;
    assertReplaces(current, link.replaces ?? null, `the ${link.side} page of resource ${link.resourceId}`);
  } else if (link.kind === 'LIVENESS_FRAME') {
    const live = mustGetKind(ctx, sessionId, link.resourceId, 'LIVENESS');
    if (link.replaces && !live.frames.some((f) => f.mediaId === link.replaces)) {
      throw new IdvStoreError(
        'CONFLICT',
        `Liveness resource ${link.resourceId} has no frame ${link.replaces}.`,
      );
    }
  } else {
    const face = mustGetKind(ctx, sessionId, link.resourceId, 'FACE_CAPTURE');
    assertReplaces(face.image?.mediaId ?? null, link.replaces ?? null, `face capture ${link.resourceId}`);
  }
}

/**
 * A slot (page side, face image) takes a first upload when empty, and a retake only of the media
 * that is in it now: anything else means another upload got there first.
 */
function assertReplaces(current: string | null, replaces: string | null, what: string): void {
  if (current === replaces) return;
  throw new IdvStoreError(
    'CONFLICT',
    current === null
      ? `The retake of ${what} replaces ${String(replaces)}, which is not there.`
      : replaces === null
        ? `${what} was already uploaded.`
        : `The retake of ${what} replaces ${replaces}, but ${current} is there now.`,
  );
}

/** Removes a retaken media row (its wrapped key with it); its blob file goes after the commit. */
function dropReplaced(sql: SqliteFile, sessionId: string, mediaId: string): void {
  sql.run('DELETE FROM media WHERE id = ? AND session_id = ?', [mediaId, sessionId]);
}

/**
 * Attaches stored media; runs inside the media row's transaction. `sealedReading` is a page's
 * upload-time reading already encrypted by the media store.
 */
export function applyMediaLink(
  ctx: StoreContext,
  media: MediaRecord,
  link: MediaLink,
  sealedReading: Uint8Array | null = null,
): string | null {
  const { sql } = ctx;
  checkMediaLink(ctx, media.sessionId, link);
  const replaced = link.replaces ?? null;
  if (replaced !== null) dropReplaced(sql, media.sessionId, replaced);
  if (link.kind === 'PAGE') {
    // The retaken page's row goes with its feedback and sealed reading.
    if (replaced !== null)
      sql.run('DELETE FROM pages WHERE resource_id = ? AND side = ?', [link.resourceId, link.side]);
    sql.run(
      `INSERT INTO pages (resource_id, side, media_id, capture_method, feedback, created_at, reading)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [
        link.resourceId,
        link.side,
        media.id,
        link.captureMethod,
        withDataKey(ctx, media.sessionId, (k) =>
          sealJson(k, { column: 'pages.feedback', sessionId: media.sessionId, row: media.id }, link.feedback),
        ),
        media.createdAt,
        sealedReading,
      ],
    );
  } else if (link.kind === 'LIVENESS_FRAME' && replaced !== null) {
    // In place: the frame keeps its position among the others.
    sql.run(
      'UPDATE liveness_frames SET media_id = ?, created_at = ? WHERE resource_id = ? AND media_id = ?',
      [media.id, media.createdAt, link.resourceId, replaced],
    );
  } else if (link.kind === 'LIVENESS_FRAME') {
    const held = sql.one('SELECT count(*) AS n FROM liveness_frames WHERE resource_id = ?', [
      link.resourceId,
    ]);
    if (Number(held?.n ?? 0) >= MAX_LIVENESS_FRAMES) {
      throw new IdvStoreError(
        'CONFLICT',
        `A liveness capture takes at most ${MAX_LIVENESS_FRAMES} frames; resource ${link.resourceId} has them.`,
      );
    }
    sql.run('INSERT INTO liveness_frames (resource_id, media_id, created_at) VALUES (?, ?, ?)', [
      link.resourceId,
      media.id,
      media.createdAt,
    ]);
  } else {
    sql.run('UPDATE resources SET image_media_id = ? WHERE id = ?', [media.id, link.resourceId]);
  }
  return replaced;
}

/**
 * The chip data of an ID document (DG1, DG2 portrait, SOD: personal data), sealed under the
 * session's key. Its own table, made at open when absent (it joined the schema after v3), so
 * listing resources does not decrypt portraits; rows go with the resource (ON DELETE CASCADE).
 */
const CHIP_TABLE = `CREATE TABLE IF NOT EXISTS resource_chip (
  resource_id TEXT PRIMARY KEY REFERENCES resources (id) ON DELETE CASCADE,
  sealed BLOB NOT NULL, created_at INTEGER NOT NULL) WITHOUT ROWID;`;

export function createResourceRepository(ctx: StoreContext): ResourceRepository {
  const { sql } = ctx;
  sql.exec(CHIP_TABLE);

  const insert = (
    sessionId: string,
    kind: ResourceRecord['kind'],
    columns: Record<string, string | null>,
  ) => {
    const id = randomUUID();
    const names = Object.keys(columns);
    sql.run(
      `INSERT INTO resources (id, session_id, kind, created_at${names.map((n) => `, ${n}`).join('')})
       VALUES (?, ?, ?, ?${names.map(() => ', ?').join('')})`,
      [id, sessionId, kind, ctx.now(), ...names.map((n) => columns[n] ?? null)],
    );
    return id;
  };

  return {
    createIdDocument({ sessionId, issuingCountry, documentType, requiredPages }) {
      if (typeof issuingCountry !== 'string' || !/^[A-Z]{3}$/.test(issuingCountry)) {
        throw new IdvStoreError('INVALID_INPUT', 'issuingCountry must be an ISO 3166-1 alpha-3 code.');
      }
      if (!DOCUMENT_TYPES.includes(documentType)) {
        throw new IdvStoreError('INVALID_INPUT', `Unknown document type ${String(documentType)}.`);
      }
      if (
        !Array.isArray(requiredPages) ||
        requiredPages.length === 0 ||
        new Set(requiredPages).size !== requiredPages.length ||
        requiredPages.some((p) => !PAGE_SIDES.includes(p))
      ) {
        throw new IdvStoreError('INVALID_INPUT', 'requiredPages must list distinct sides: front, back.');
      }
      return sql.transaction(() => {
        assertWritableSession(sql, sessionId);
        const id = insert(sessionId, 'ID_DOCUMENT', {
          issuing_country: issuingCountry,
          document_type: documentType,
          required_pages: JSON.stringify(requiredPages),
        });
        return mustGetKind(ctx, sessionId, id, 'ID_DOCUMENT');
      });
    },
    createLiveness({ sessionId, livenessType }) {
      if (typeof livenessType !== 'string' || !/^[A-Z_]{1,40}$/.test(livenessType)) {
        throw new IdvStoreError('INVALID_INPUT', 'livenessType must be an upper-case name such as STATIC.');
      }
      return sql.transaction(() => {
        assertWritableSession(sql, sessionId);
        const id = insert(sessionId, 'LIVENESS', { liveness_type: livenessType });
        return mustGetKind(ctx, sessionId, id, 'LIVENESS');
      });
    },
    createFaceCapture({ sessionId, requirementId }) {
      return sql.transaction(() => {
        assertWritableSession(sql, sessionId);
        const id = insert(sessionId, 'FACE_CAPTURE', { requirement_id: requirementId });
        return mustGetKind(ctx, sessionId, id, 'FACE_CAPTURE');
      });
    },
    get(sessionId, resourceId) {
      return sql.read(() => getResource(ctx, sessionId, resourceId));
    },
    list(sessionId) {
      // One snapshot: a resource and its pages/frames are read together.
      return sql.read(() =>
        sql
          .all('SELECT * FROM resources WHERE session_id = ? ORDER BY created_at, rowid', [sessionId])
          .map((row) => loadResource(ctx, row)),
      );
    },
    setMrz(sessionId, resourceId, lines): IdDocumentResource {
      if (
        !Array.isArray(lines) ||
        lines.length === 0 ||
        lines.length > MAX_MRZ_LINES ||
        lines.some((l) => typeof l !== 'string' || l.length === 0 || l.length > MAX_MRZ_LINE)
      ) {
        throw new IdvStoreError(
          'INVALID_INPUT',
          `MRZ must be 1-${MAX_MRZ_LINES} non-empty lines of at most ${MAX_MRZ_LINE} characters.`,
        );
      }
      return sql.transaction(() => {
        assertWritableSession(sql, sessionId);
        mustGetKind(ctx, sessionId, resourceId, 'ID_DOCUMENT');
        const mrz: MrzRecord = { lines: [...lines], source: 'SCANNER', createdAt: ctx.now() };
        const sealed = withDataKey(ctx, sessionId, (k) =>
          sealJson(k, { column: 'resources.mrz', sessionId, row: resourceId }, mrz),
        );
        sql.run('UPDATE resources SET mrz = ? WHERE id = ?', [sealed, resourceId]);
        return mustGetKind(ctx, sessionId, resourceId, 'ID_DOCUMENT');
      });
    },
    setChip(sessionId, resourceId, body): void {
      sql.transaction(() => {
        assertWritableSession(sql, sessionId);
        mustGetKind(ctx, sessionId, resourceId, 'ID_DOCUMENT');
        const sealed = withDataKey(ctx, sessionId, (k) =>
          sealJson(k, { column: 'resource_chip.sealed', sessionId, row: resourceId }, body),
        );
        sql.run(
          `INSERT INTO resource_chip (resource_id, sealed, created_at) VALUES (?, ?, ?)
           ON CONFLICT (resource_id) DO UPDATE SET sealed = excluded.sealed, created_at = excluded.created_at`,
          [resourceId, sealed, ctx.now()],
        );
      });
    },
    chipOf(sessionId, resourceId): JsonObject | null {
      return sql.read(() => {
        const row = sql.one(
          `SELECT c.sealed FROM resource_chip c JOIN resources r ON r.id = c.resource_id
           WHERE c.resource_id = ? AND r.session_id = ?`,
          [resourceId, sessionId],
        );
        if (!row) return null;
        const key = sessionDataKey(ctx, sessionId);
        try {
          return openJson<JsonObject>(key, { column: 'resource_chip.sealed', sessionId, row: resourceId }, row.sealed);
        } finally {
          key?.fill(0);
        }
      });
    },
    useAttempt(sessionId, resourceId, category): IdDocumentResource {
      if (typeof category !== 'string' || !/^[A-Z_]{1,40}$/.test(category)) {
        throw new IdvStoreError(
          'INVALID_INPUT',
          'An attempts category is an upper-case name such as GENERIC.',
        );
      }
      return sql.transaction(() => {
        assertWritableSession(sql, sessionId);
        const doc = mustGetKind(ctx, sessionId, resourceId, 'ID_DOCUMENT');
        const used = { ...doc.attemptsUsed, [category]: (doc.attemptsUsed[category] ?? 0) + 1 };
        sql.run('UPDATE resources SET attempts_used = ? WHERE id = ?', [JSON.stringify(used), resourceId]);
        return mustGetKind(ctx, sessionId, resourceId, 'ID_DOCUMENT');
      });
    },
  };
}
