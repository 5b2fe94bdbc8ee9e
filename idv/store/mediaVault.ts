// Media encryption at rest: AES-256-GCM under a random per-session data key, itself wrapped
// (AES-256-GCM) by the master key. Each blob has its own random 96-bit nonce, and its AAD names the
// session and media id, so a blob copied under another id or into another session fails to
// authenticate. Destroying a session's wrapped key makes its blobs unreadable even if a file
// survives (e.g. restored from a backup of the media folder only).
//
// Blob file layout: "IDVM" | version(1) | nonce(12) | tag(16) | ciphertext.
// Files are written durably (fdatasync + folder fsync) before their metadata row commits.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import { IdvStoreError } from './types';

const MAGIC = Buffer.from('IDVM', 'ascii');
const VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = MAGIC.length + 1 + NONCE_BYTES + TAG_BYTES;
export const KEY_BYTES = 32;

/** Wrapped data key layout: version(1) | nonce(12) | tag(16) | encrypted key(32). */
const WRAPPED_KEY_BYTES = 1 + NONCE_BYTES + TAG_BYTES + KEY_BYTES;

function keyAad(sessionId: string): Buffer {
  return Buffer.from(`idv-data-key/v1|${sessionId}`, 'utf8');
}

function blobAad(sessionId: string, mediaId: string): Buffer {
  return Buffer.from(`idv-media/v1|${sessionId}|${mediaId}`, 'utf8');
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

export function wrapKey(masterKey: Buffer, sessionId: string, dataKey: Buffer): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', masterKey, nonce);
  cipher.setAAD(keyAad(sessionId));
  const encrypted = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return Buffer.concat([Buffer.of(VERSION), nonce, cipher.getAuthTag(), encrypted]);
}

export function unwrapKey(masterKey: Buffer, sessionId: string, wrapped: Uint8Array): Buffer {
  const w = Buffer.from(wrapped.buffer, wrapped.byteOffset, wrapped.byteLength);
  if (w.length !== WRAPPED_KEY_BYTES || w[0] !== VERSION) {
    throw new IdvStoreError('MEDIA_UNREADABLE', `The data key of session ${sessionId} is malformed.`);
  }
  const nonce = w.subarray(1, 1 + NONCE_BYTES);
  const tag = w.subarray(1 + NONCE_BYTES, 1 + NONCE_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', masterKey, nonce);
  decipher.setAAD(keyAad(sessionId));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(w.subarray(1 + NONCE_BYTES + TAG_BYTES)), decipher.final()]);
  } catch (cause) {
    throw new IdvStoreError(
      'MASTER_KEY_INVALID',
      `The data key of session ${sessionId} does not unwrap with this master key.`,
      { cause },
    );
  }
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
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', dataKey, nonce);
  cipher.setAAD(blobAad(sessionId, mediaId));
  const ciphertext = cipher.update(content);
  const rest = cipher.final(); // GCM is a stream mode: final() yields nothing, checked to stay honest
  const header = Buffer.allocUnsafe(HEADER_BYTES);
  MAGIC.copy(header, 0);
  header[MAGIC.length] = VERSION;
  nonce.copy(header, MAGIC.length + 1);
  cipher.getAuthTag().copy(header, MAGIC.length + 1 + NONCE_BYTES);
  return { header, ciphertext: rest.length === 0 ? ciphertext : Buffer.concat([ciphertext, rest]) };
}

/** Decrypts a blob file's bytes; MEDIA_UNREADABLE if it is not ours, tampered or swapped. */
export function openMedia(dataKey: Buffer, sessionId: string, mediaId: string, blob: Buffer): Buffer {
  if (
    blob.length < HEADER_BYTES ||
    !blob.subarray(0, MAGIC.length).equals(MAGIC) ||
    blob[MAGIC.length] !== VERSION
  ) {
    throw new IdvStoreError('MEDIA_UNREADABLE', `Media ${mediaId} is not an encrypted media blob.`);
  }
  const nonce = blob.subarray(MAGIC.length + 1, MAGIC.length + 1 + NONCE_BYTES);
  const tag = blob.subarray(MAGIC.length + 1 + NONCE_BYTES, HEADER_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', dataKey, nonce);
  decipher.setAAD(blobAad(sessionId, mediaId));
  decipher.setAuthTag(tag);
  const plain = decipher.update(blob.subarray(HEADER_BYTES));
  try {
    const rest = decipher.final();
    return rest.length === 0 ? plain : Buffer.concat([plain, rest]);
  } catch (cause) {
    plain.fill(0);
    throw new IdvStoreError(
      'MEDIA_UNREADABLE',
      `Media ${mediaId} failed authentication (tampered or swapped).`,
      {
        cause,
      },
    );
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
      throw new IdvStoreError('IO_FAILED', `Could not write media ${mediaId}: ${String(cause)}`, { cause });
    }
  }

  /** The blob's bytes, or null if the file is gone. */
  async read(sessionId: string, mediaId: string): Promise<Buffer | null> {
    try {
      return await readFile(this.blobPath(sessionId, mediaId));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new IdvStoreError('IO_FAILED', `Could not read media ${mediaId}: ${String(err)}`, { cause: err });
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
