// The writer's half of the power-cut simulation (see fileOpLog.ts): wraps node:fs's synchronous
// calls (node-sqlite3-wasm's VFS calls them on the `fs` module object at each use, so replacing
// them there sees every write, truncate, fsync, creation and unlink), logs each call on a file
// under the folder, with its bytes, through the real fs, and SIGKILLs the process at the cut: the
// call that would have been number `cutAfter` since arming never happens.
import fs from 'node:fs';
import fsp, { type FileHandle } from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
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
      if (rel !== undefined && armed)
        log({ t: 'fsync', p: rel, ...(fs.fstatSync(fd).isDirectory() ? { dir: true } : {}) });
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

  // The media vault writes through node:fs/promises file handles: the same record, per handle.
  const realPromises = { open: fsp.open, mkdir: fsp.mkdir, unlink: fsp.unlink, rm: fsp.rm };
  const wrapHandle = (handle: FileHandle, rel: string, isDir: boolean): FileHandle => {
    let cursor = 0; // files are opened new ('wx') and written from the start
    const logWrite = (data: Uint8Array, position: number) => {
      spend();
      log({ t: 'write', p: rel, pos: position, data: Buffer.from(data).toString('base64') });
    };
    return new Proxy(handle, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (!armed || typeof value !== 'function')
          return typeof value === 'function' ? value.bind(target) : value;
        if (prop === 'writev')
          return async (buffers: Uint8Array[], position?: number | null) => {
            const at = typeof position === 'number' ? position : cursor;
            logWrite(Buffer.concat(buffers), at);
            const r = await target.writev(buffers, at);
            cursor = at + r.bytesWritten;
            return r;
          };
        if (prop === 'write')
          return async (
            buffer: Uint8Array,
            offset = 0,
            length = buffer.length - offset,
            position?: number | null,
          ) => {
            const at = typeof position === 'number' ? position : cursor;
            logWrite(buffer.subarray(offset, offset + length), at);
            const r = await target.write(buffer, offset, length, at);
            cursor = at + r.bytesWritten;
            return r;
          };
        if (prop === 'sync' || prop === 'datasync')
          return async () => {
            spend();
            await (target[prop] as () => Promise<void>)();
            log({ t: 'fsync', p: rel, ...(isDir ? { dir: true } : {}) });
          };
        if (prop === 'truncate') throw new Error('fileOpRecorder: FileHandle.truncate is not modelled');
        return value.bind(target);
      },
    });
  };
  Object.assign(fsp, {
    async open(p: fs.PathLike, flags?: string | number, mode?: fs.Mode) {
      const rel = relative(p);
      if (rel === null || !armed) return realPromises.open(p, flags, mode);
      const creates = !fs.existsSync(p);
      if (creates) spend();
      const handle = await realPromises.open(p, flags, mode);
      if (creates) log({ t: 'create', p: rel });
      return wrapHandle(handle, rel, (await handle.stat()).isDirectory());
    },
    async mkdir(p: fs.PathLike, options?: fs.MakeDirectoryOptions) {
      const rel = relative(p);
      if (rel === null || !armed) return realPromises.mkdir(p, options);
      // Each level made is a new name in its parent folder.
      const missing: string[] = [];
      for (let at = path.resolve(String(p)); !fs.existsSync(at) && relative(at); at = path.dirname(at))
        missing.unshift(at);
      for (const level of missing) {
        spend();
        await realPromises.mkdir(level, { mode: options?.mode });
        log({ t: 'mkdir', p: relative(level)! });
      }
      return missing[0];
    },
    async unlink(p: fs.PathLike) {
      const rel = relative(p);
      if (rel !== null && armed) {
        spend();
        log({ t: 'unlink', p: rel });
      }
      return realPromises.unlink(p);
    },
    async rm(p: fs.PathLike, options?: fs.RmOptions) {
      if (relative(p) !== null && armed) throw new Error('fileOpRecorder: rm is not modelled');
      return realPromises.rm(p, options);
    },
  });
  syncBuiltinESMExports(); // so `import { open } from 'node:fs/promises'` sees the wrappers

  /** Every file under the folder, with its path relative to it. */
  const walk = (at: string): string[] =>
    fs.readdirSync(at, { withFileTypes: true }).flatMap((e) => {
      const abs = path.join(at, e.name);
      if (relative(abs) === null) return [];
      return e.isDirectory() ? walk(abs) : e.isFile() ? [abs] : [];
    });

  return {
    arm(cutAfter) {
      for (const abs of walk(root))
        log({ t: 'base', p: relative(abs)!, data: fs.readFileSync(abs).toString('base64') });
      budget = cutAfter;
      armed = true;
    },
    mark(m) {
      log({ t: 'mark', m });
    },
    cutNow: cut,
  };
}
