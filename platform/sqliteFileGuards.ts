// What every SQLite file of the project (the IDV store, the kiosk's audit log) checks before
// node-sqlite3-wasm opens it: that a non-empty file really is SQLite (a file that is not must be
// refused untouched, never "repaired" into an empty database), and that a lock left by a process
// that died mid-statement is cleared (the WASM VFS locks with a "<file>.lock" directory).
import { open as openFile, rmdir, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

export type SqliteFileState = 'missing' | 'empty' | 'sqlite' | 'not-sqlite';

const SQLITE_MAGIC = 'SQLite format 3\0';

/** Reads the file's header; an empty file is what a crash during the very first create leaves. */
export async function sqliteFileState(file: string): Promise<SqliteFileState> {
  let handle;
  try {
    handle = await openFile(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw err;
  }
  try {
    const header = Buffer.alloc(16);
    const { bytesRead } = await handle.read(header, 0, 16, 0);
    if (bytesRead === 0) return 'empty';
    return bytesRead === 16 && header.toString('latin1') === SQLITE_MAGIC ? 'sqlite' : 'not-sqlite';
  } finally {
    await handle.close();
  }
}

/**
 * Removes "<file>.lock" once it has stayed unchanged for `staleMs`: its owner died. Released, or
 * released and taken again (a new inode or ctime), means a live process is using the file.
 */
export async function clearStaleSqliteLock(file: string, staleMs: number): Promise<void> {
  const lockDir = `${file}.lock`;
  const first = await stat(lockDir).catch(() => null);
  if (!first) return;
  const deadline = Date.now() + staleMs;
  while (Date.now() < deadline) {
    await sleep(50);
    const now = await stat(lockDir).catch(() => null);
    if (!now || now.ino !== first.ino || now.ctimeMs !== first.ctimeMs) return;
  }
  await rmdir(lockDir).catch(() => undefined);
}
