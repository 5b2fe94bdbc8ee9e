// Media encryption at rest: AES-256-GCM under a random key per media item, wrapped by a random
// per-session data key, itself wrapped (AES-256-GCM) by the master key. The media key lives in the
// media row only, so removing a row (a retaken page) destroys that item's key while the session's
// other media stay readable; media written before v3 are sealed under the data key directly. Each blob has its own random 96-bit nonce, and its AAD names the
// session and media id, so a blob copied under another id or into another session fails to
// authenticate. Destroying a session's wrapped key makes its blobs unreadable even if a file
// survives (e.g. restored from a backup of the media folder only).
//
// Blob file layout (platform/aesGcmEnvelope.ts): "IDVM" | version(1) | nonce(12) | tag(16) | ciphertext.
// Files are written durably (fdatasync + folder fsync) before their metadata row commits.
import { errorMessage } from '../../common/errorMessage';
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import {
  ENVELOPE_KEY_BYTES,
  EnvelopeError,
  openEnvelope,
  sealEnvelope,
  sealEnvelopeParts,
  type EnvelopeFormat,
} from '../../platform/aesGcmEnvelope';
import type { JsonObject } from './types';
import { IdvStoreError } from './types';

// The platform envelope's layout is the one these files always had, so stores written before it
// moved there open unchanged: media blobs carry the "IDVM" magic, wrapped keys and sealed page
// readings none.
const MEDIA_FORMAT: EnvelopeFormat = { magic: Buffer.from('IDVM', 'ascii'), version: 1 };
const KEY_FORMAT: EnvelopeFormat = { version: 1 };
const READING_FORMAT: EnvelopeFormat = { version: 1 };
export const KEY_BYTES = ENVELOPE_KEY_BYTES;

const keyAad = (sessionId: string) => `idv-data-key/v1|${sessionId}`;
const blobAad = (sessionId: string, mediaId: string) => `idv-media/v1|${sessionId}|${mediaId}`;
const readingAad = (sessionId: string, mediaId: string) => `idv-page-reading/v1|${sessionId}|${mediaId}`;
const mediaKeyAad = (sessionId: string, mediaId: string) => `idv-media-key/v1|${sessionId}|${mediaId}`;

/** A fresh key for one media item, and its wrapped form (under the session's data key) to store. */
export function createMediaKey(
  dataKey: Buffer,
  sessionId: string,
  mediaId: string,
): { mediaKey: Buffer; wrapped: Buffer } {
  const mediaKey = randomBytes(KEY_BYTES);
  return { mediaKey, wrapped: sealEnvelope(KEY_FORMAT, dataKey, mediaKey, mediaKeyAad(sessionId, mediaId)) };
}

/** The media item's own key; MEDIA_UNREADABLE if the wrapped key was tampered with or moved. */
export function unwrapMediaKey(
  dataKey: Buffer,
  sessionId: string,
  mediaId: string,
  wrapped: Uint8Array,
): Buffer {
  try {
    const key = openEnvelope(KEY_FORMAT, dataKey, wrapped, mediaKeyAad(sessionId, mediaId));
    if (key.length === KEY_BYTES) return key;
    key.fill(0);
  } catch (cause) {
    throw new IdvStoreError('MEDIA_UNREADABLE', `The key of media ${mediaId} failed authentication.`, {
      cause,
    });
  }
  throw new IdvStoreError('MEDIA_UNREADABLE', `The key of media ${mediaId} is malformed.`);
}

/** A fresh data key for a new session, returned wrapped by the master key (the only form stored). */
export function createWrappedDataKey(masterKey: Buffer, sessionId: string): Buffer {
  const dataKey = randomBytes(KEY_BYTES);
  try {
    return wrapKey(masterKey, sessionId, dataKey);
  } finally {
    dataKey.fill(0);
  }
}

/** A fresh data key and its wrapped form, for a session whose first row is sealed under it. */
export function createDataKey(masterKey: Buffer, sessionId: string): { dataKey: Buffer; wrapped: Buffer } {
  const dataKey = randomBytes(KEY_BYTES);
  return { dataKey, wrapped: wrapKey(masterKey, sessionId, dataKey) };
}

/** A session's data key moved from one master key to another (the store being re-keyed). */
export function rewrapDataKey(oldMaster: Buffer, newMaster: Buffer, sessionId: string, wrapped: Uint8Array): Buffer {
  const dataKey = unwrapKey(oldMaster, sessionId, wrapped);
  try {
    return wrapKey(newMaster, sessionId, dataKey);
  } finally {
    dataKey.fill(0);
  }
}

function wrapKey(masterKey: Buffer, sessionId: string, dataKey: Buffer): Buffer {
  return sealEnvelope(KEY_FORMAT, masterKey, dataKey, keyAad(sessionId));
}

export function unwrapKey(masterKey: Buffer, sessionId: string, wrapped: Uint8Array): Buffer {
  let key: Buffer;
  try {
    key = openEnvelope(KEY_FORMAT, masterKey, wrapped, keyAad(sessionId));
  } catch (cause) {
    if (cause instanceof EnvelopeError && cause.reason === 'AUTHENTICATION') {
      throw new IdvStoreError(
        'MASTER_KEY_INVALID',
        `The data key of session ${sessionId} does not unwrap with this master key.`,
        { cause },
      );
    }
    throw new IdvStoreError('MEDIA_UNREADABLE', `The data key of session ${sessionId} is malformed.`, {
      cause,
    });
  }
  if (key.length !== KEY_BYTES) {
    key.fill(0);
    throw new IdvStoreError('MEDIA_UNREADABLE', `The data key of session ${sessionId} is malformed.`);
  }
  return key;
}

export interface SealedBlob {
  /** Header (magic, version, nonce, tag) and ciphertext, kept apart to avoid a concat copy. */
  header: Buffer;
  ciphertext: Buffer;
}

/** Encrypts content for (sessionId, mediaId). One pass, one output buffer (the ciphertext). */
export function sealMedia(
  dataKey: Buffer,
  sessionId: string,
  mediaId: string,
  content: Uint8Array,
): SealedBlob {
  return sealEnvelopeParts(MEDIA_FORMAT, dataKey, content, blobAad(sessionId, mediaId));
}

/** Decrypts a blob file's bytes; MEDIA_UNREADABLE if it is not ours, tampered or swapped. */
export function openMedia(dataKey: Buffer, sessionId: string, mediaId: string, blob: Buffer): Buffer {
  try {
    return openEnvelope(MEDIA_FORMAT, dataKey, blob, blobAad(sessionId, mediaId));
  } catch (cause) {
    const authentication = cause instanceof EnvelopeError && cause.reason === 'AUTHENTICATION';
    throw new IdvStoreError(
      'MEDIA_UNREADABLE',
      authentication
        ? `Media ${mediaId} failed authentication (tampered or swapped).`
        : `Media ${mediaId} is not an encrypted media blob.`,
      { cause },
    );
  }
}

/**
 * What the pipeline read from a page at upload (MRZ, barcode, quality) holds personal data: it is
 * sealed under the session's data key like the page itself, bound to the page's media id.
 */
export function sealPageReading(
  dataKey: Buffer,
  sessionId: string,
  mediaId: string,
  reading: JsonObject,
): Buffer {
  const plain = Buffer.from(JSON.stringify(reading), 'utf8');
  try {
    return sealEnvelope(READING_FORMAT, dataKey, plain, readingAad(sessionId, mediaId));
  } finally {
    plain.fill(0);
  }
}

export function openPageReading(
  dataKey: Buffer,
  sessionId: string,
  mediaId: string,
  sealed: Uint8Array,
): JsonObject {
  let plain: Buffer;
  try {
    plain = openEnvelope(READING_FORMAT, dataKey, sealed, readingAad(sessionId, mediaId));
  } catch (cause) {
    throw new IdvStoreError('MEDIA_UNREADABLE', `The reading of page ${mediaId} failed authentication.`, {
      cause,
    });
  }
  try {
    return JSON.parse(plain.toString('utf8')) as JsonObject;
  } finally {
    plain.fill(0);
  }
}

/** Where blobs live: DATA_DIR/media/<sessionId>/<mediaId>.blob. Ids are UUIDs made by the store. */
export class BlobFiles {
  readonly root: string;
  private readonly knownDirs = new Set<string>();

  constructor(dataDir: string) {
    this.root = path.join(dataDir, 'media');
  }

  sessionDir(sessionId: string): string {
    return path.join(this.root, sessionId);
  }

  blobPath(sessionId: string, mediaId: string): string {
    return path.join(this.root, sessionId, `${mediaId}.blob`);
  }

  /** Creates media/<session>/ durably (the new entry in media/ is fsynced once per session). */
  private async ensureSessionDir(sessionId: string): Promise<string> {
    const dir = this.sessionDir(sessionId);
    if (this.knownDirs.has(dir)) return dir;
    const created = await mkdir(dir, { recursive: true, mode: 0o700 });
    if (created !== undefined) {
      await fsyncDir(this.root);
      await fsyncDir(path.dirname(this.root));
    }
    if (this.knownDirs.size >= 1024) this.knownDirs.clear(); // a cache, not a registry: stay bounded
    this.knownDirs.add(dir);
    return dir;
  }

  /**
   * Durable write of a new blob: create with O_EXCL, writev header + ciphertext, fdatasync, fsync
   * the folder. No temp file + rename: a blob becomes visible only when its row commits, which
   * happens after this resolves, so a torn file left by a crash is never referenced (the orphan
   * sweep removes it). That saves a rename and a second directory journal commit per page.
   */
  async writeDurably(sessionId: string, mediaId: string, sealed: SealedBlob): Promise<void> {
    const dir = this.sessionDir(sessionId);
    const finalPath = path.join(dir, `${mediaId}.blob`);
    let handle;
    let created = false;
    try {
      await this.ensureSessionDir(sessionId);
      handle = await open(finalPath, 'wx', 0o600);
      created = true;
      const parts = [sealed.header, sealed.ciphertext];
      const total = sealed.header.length + sealed.ciphertext.length;
      let written = (await handle.writev(parts)).bytesWritten;
      // writev may write short: finish with positioned writes from where it stopped.
      while (written < total) {
        const rest =
          written < sealed.header.length
            ? Buffer.concat([sealed.header.subarray(written), sealed.ciphertext])
            : sealed.ciphertext.subarray(written - sealed.header.length);
        const { bytesWritten } = await handle.write(rest, 0, rest.length, written);
        if (bytesWritten === 0) throw new Error(`short write (${written}/${total} bytes)`);
        written += bytesWritten;
      }
      await handle.datasync();
      await handle.close();
      handle = undefined;
      await fsyncDir(dir);
    } catch (cause) {
      if (handle) await handle.close().catch(() => undefined);
      if (created) await unlink(finalPath).catch(() => undefined);
      this.knownDirs.delete(dir);
      throw new IdvStoreError('IO_FAILED', `Could not write media ${mediaId}: ${errorMessage(cause)}`, {
        cause,
      });
    }
  }

  /** The blob's bytes, or null if the file is gone. */
  async read(sessionId: string, mediaId: string): Promise<Buffer | null> {
    try {
      return await readFile(this.blobPath(sessionId, mediaId));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new IdvStoreError('IO_FAILED', `Could not read media ${mediaId}: ${errorMessage(err)}`, {
        cause: err,
      });
    }
  }

  async remove(sessionId: string, mediaId: string): Promise<void> {
    const dir = this.sessionDir(sessionId);
    try {
      await unlink(this.blobPath(sessionId, mediaId));
      await fsyncDir(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }

  async removeSession(sessionId: string): Promise<void> {
    const dir = this.sessionDir(sessionId);
    this.knownDirs.delete(dir);
    await rm(dir, { recursive: true, force: true });
    await fsyncDir(this.root).catch(() => undefined);
  }
}

export async function fsyncDir(dir: string): Promise<void> {
  // Directories cannot be opened for fsync on Windows; there rename is durable via NTFS journaling.
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
