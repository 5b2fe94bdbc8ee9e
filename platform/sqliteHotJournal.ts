// Makes node-sqlite3-wasm roll back a hot journal (issue 12). Its VFS answers SQLite's
// xCheckReservedLock with "does <db>.lock exist?", but it takes that same directory for every
// lock level, SHARED included, and SQLite asks only from hasHotJournal(), while holding SHARED.
// So the answer was always "another connection holds RESERVED", SQLite took every leftover
// journal for a live writer's and never rolled one back: a process killed (or a power cut) while a
// commit was writing its pages left a half-written file that the next open found malformed
// (native SQLite rolls the same files back cleanly). The same bug, fixed upstream in wa-sqlite's
// WebLocks VFS (rhashimoto/wa-sqlite#182), is still in node-sqlite3-wasm 0.8.60, the latest.
//
// The VFS calls `fs.accessSync("<db>.lock")` for that question and nowhere else, at each call on
// the shared node:fs object. For the files registered here the wrapper answers "absent": when it
// is asked, this connection holds the lock directory itself, and since the directory excludes
// everyone else no other connection can hold RESERVED. Every other path goes to the real call.
import fs from 'node:fs';
import path from 'node:path';

const lockDirs = new Set<string>();
let realAccessSync: typeof fs.accessSync | null = null;

function install(): void {
  if (realAccessSync) return;
  const real = fs.accessSync;
  realAccessSync = real;
  fs.accessSync = function accessSync(p: fs.PathLike, mode?: number): void {
    if (typeof p === 'string' && lockDirs.has(p)) {
      throw Object.assign(new Error(`ENOENT: no reserved lock held by another connection, access '${p}'`), {
        code: 'ENOENT',
      });
    }
    real(p, mode);
  };
}

/**
 * Lets SQLite see a hot journal of `file` (the path as given to node-sqlite3-wasm). Call before
 * opening; the registration lasts for the process (it is right for any connection to the file).
 */
export function recoverHotJournalsOf(file: string): void {
  // The VFS names the lock after its full path name (path.resolve of the name SQLite was given).
  lockDirs.add(`${path.resolve(file)}.lock`);
  install();
}
