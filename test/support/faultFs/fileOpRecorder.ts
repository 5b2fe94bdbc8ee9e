// The writer's half of the power-cut simulation (see fileOpLog.ts): wraps node:fs's synchronous
// calls (node-sqlite3-wasm's VFS calls them on the `fs` module object at each use, so replacing
// them there sees every write, truncate, fsync, creation and unlink), logs each call on a file
// under the folder, with its bytes, through the real fs, and SIGKILLs the process at the cut: the
// call that would have been number `cutAfter` since arming never happens.
import fs from 'node:fs';
import path from 'node:path';
import type { FileOp } from './fileOpLog';

export interface FileOpRecorder {
  /** What is on disk now counts as synced; the cut comes after `cutAfter` more calls. */
  arm(cutAfter: number): void;
  /** The writer's own progress, in order with the calls ("committed 3"). */
  mark(m: string): void;
  /** A power cut now (after every call so far). */
  cutNow(): never;
}

export function recordFileOps(dir: string, logFile: string): FileOpRecorder {
  const real = {
    openSync: fs.openSync,
    writeSync: fs.writeSync,
    ftruncateSync: fs.ftruncateSync,
    fsyncSync: fs.fsyncSync,
    unlinkSync: fs.unlinkSync,
    closeSync: fs.closeSync,
  };
  const root = path.resolve(dir);
  const logFd = real.openSync(logFile, 'a');
  const log = (op: FileOp) => {
    const line = Buffer.from(`${JSON.stringify(op)}\n`);
    for (let at = 0; at < line.length;) at += real.writeSync(logFd, line, at, line.length - at);
  };
  /** '' for the folder itself, the relative name for a file in it (SQLite's locks excluded). */
  const relative = (p: unknown): string | null => {
    if (typeof p !== 'string') return null;
    const abs = path.resolve(p);
    if (abs === root) return '';
    if (!abs.startsWith(`${root}${path.sep}`) || abs.endsWith('.lock')) return null;
    return path.relative(root, abs);
  };
  const fdPath = new Map<number, string>();
  let armed = false;
  let budget = Infinity;
  const cut = (): never => {
    process.kill(process.pid, 'SIGKILL');
    throw new Error('unreachable: SIGKILL did not stop the writer');
  };
  /** Counts one call; at the cut the process dies before the call reaches the disk. */
  const spend = () => {
    if (!armed) return;
    if (--budget < 0) cut();
  };

  const patched = {
    closeSync(fd: number) {
      fdPath.delete(fd); // the number may next name another file
      real.closeSync(fd);
    },
    openSync(p: fs.PathLike, flags?: fs.OpenMode, mode?: fs.Mode) {
      const rel = relative(p);
      const creates = rel !== null && rel !== '' && !fs.existsSync(p);
      if (creates && armed) {
        spend();
      }
      const fd = real.openSync(p, flags ?? 'r', mode);
      if (rel !== null) {
        fdPath.set(fd, rel);
        if (creates && armed) log({ t: 'create', p: rel });
      }
      return fd;
    },
    writeSync(fd: number, buffer: Uint8Array, offset?: number, length?: number, position?: number | null) {
      const rel = fdPath.get(fd);
      if (rel !== undefined && armed) {
        if (typeof position !== 'number')
          throw new Error('fileOpRecorder: only positioned writes are modelled');
        spend();
        const start = offset ?? 0;
        const end = length === undefined ? buffer.length : start + length;
        log({
          t: 'write',
          p: rel,
          pos: position,
          data: Buffer.from(buffer.subarray(start, end)).toString('base64'),
        });
      }
      return (real.writeSync as (...a: unknown[]) => number)(fd, buffer, offset, length, position);
    },
    ftruncateSync(fd: number, size?: number) {
      const rel = fdPath.get(fd);
      if (rel !== undefined && armed) {
        spend();
        log({ t: 'truncate', p: rel, size: size ?? 0 });
      }
      real.ftruncateSync(fd, size);
    },
    fsyncSync(fd: number) {
      const rel = fdPath.get(fd);
      if (rel !== undefined && armed) spend();
      real.fsyncSync(fd);
      // Logged once the fsync returned: a cut during it counts as before it.
      if (rel !== undefined && armed) log({ t: 'fsync', p: rel === '' ? '' : rel });
    },
    unlinkSync(p: fs.PathLike) {
      const rel = relative(p);
      if (rel !== null && armed) {
        spend();
        log({ t: 'unlink', p: rel });
      }
      real.unlinkSync(p);
    },
  };
  Object.assign(fs, patched);

  return {
    arm(cutAfter) {
      for (const name of fs.readdirSync(root)) {
        const abs = path.join(root, name);
        if (relative(abs) === null || !fs.statSync(abs).isFile()) continue;
        log({ t: 'base', p: name, data: fs.readFileSync(abs).toString('base64') });
      }
      budget = cutAfter;
      armed = true;
    },
    mark(m) {
      log({ t: 'mark', m });
    },
    cutNow: cut,
  };
}
