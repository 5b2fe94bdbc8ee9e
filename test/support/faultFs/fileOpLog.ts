// The power-cut simulation in two halves (issue 12). A writer process records every file call it
// makes under one folder (writes with their bytes, truncates, fsyncs, creations, unlinks) to a side
// log through the real fs, and SIGKILLs itself at the cut: nothing of it lives on to write on close
// or to hold locks in memory, as the earlier same-process simulation did. The parent then rebuilds
// each file as a disk would have it after the power came back: its content at the last fsync, plus
// a chosen subset of the calls after it, and opens the store fresh in a clean folder.
//
// Log: one JSON object per line. Paths are relative to the folder ('' is the folder itself, '/' in
// paths of subfolders).
//   {"t":"base","p":"idv.sqlite","data":"<base64>"}   what each file held when armed
//   {"t":"create","p":…} (a new file) {"t":"mkdir","p":…} (a new folder)
//   {"t":"write","p":…,"pos":N,"data":"<base64>"} {"t":"truncate","p":…,"size":N}
//   {"t":"fsync","p":…,"dir":true?} (a file; or a folder: its new and removed names are durable)
//   {"t":"unlink","p":…} {"t":"mark","m":"committed 3"} (the writer's own progress)
export type FileOp =
  | { t: 'base'; p: string; data: string | null }
  | { t: 'create'; p: string }
  | { t: 'mkdir'; p: string }
  | { t: 'write'; p: string; pos: number; data: string }
  | { t: 'truncate'; p: string; size: number }
  | { t: 'fsync'; p: string; dir?: boolean }
  | { t: 'unlink'; p: string }
  | { t: 'mark'; m: string };

export function parseFileOpLog(text: string): FileOp[] {
  const ops: FileOp[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    try {
      ops.push(JSON.parse(line) as FileOp);
    } catch {
      // The writer was killed while appending its last line: that call never happened.
      break;
    }
  }
  return ops;
}

/** An operation after the arm point that a disk could have kept or lost. */
export interface PendingOp {
  /** Its index among the log's operations (stable, for replaying a chosen subset). */
  index: number;
  op: Exclude<FileOp, { t: 'base' } | { t: 'mark' }>;
}

/**
 * The state after the cut: for each file, its last synced content and the calls after that fsync;
 * for the folder, which creations and unlinks a folder fsync made durable.
 */
export interface CutState {
  /** Content each file had at its last fsync (null: absent then). */
  synced: Map<string, Buffer | null>;
  /** Per file, the calls after its last fsync, in order. */
  unsynced: Map<string, PendingOp[]>;
  /** Names created or unlinked since their folder's last fsync: the disk may not have them. */
  unsyncedNames: PendingOp[];
  /** Folders made since the arm point. */
  dirs: Set<string>;
  marks: string[];
}

const parentOf = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');

/** Folds the log into the synced state of every file and what came after it. */
export function cutState(ops: FileOp[]): CutState {
  const synced = new Map<string, Buffer | null>();
  const unsynced = new Map<string, PendingOp[]>();
  let unsyncedNames: PendingOp[] = [];
  const marks: string[] = [];
  const dirs = new Set<string>();
  ops.forEach((op, index) => {
    switch (op.t) {
      case 'base':
        synced.set(op.p, op.data === null ? null : Buffer.from(op.data, 'base64'));
        unsynced.set(op.p, []);
        break;
      case 'mark':
        marks.push(op.m);
        break;
      case 'create':
        // An empty file once its name is on the disk (until then its folder's fsync decides).
        if (!synced.get(op.p)) synced.set(op.p, Buffer.alloc(0));
        unsyncedNames.push({ index, op });
        break;
      case 'mkdir':
        dirs.add(op.p);
        unsyncedNames.push({ index, op });
        break;
      case 'unlink':
        unsynced.set(op.p, [...(unsynced.get(op.p) ?? []), { index, op }]);
        unsyncedNames.push({ index, op });
        break;
      case 'write':
      case 'truncate':
        unsynced.set(op.p, [...(unsynced.get(op.p) ?? []), { index, op }]);
        break;
      case 'fsync': {
        if (op.dir) {
          // The folder's entries are on the disk now: an unlink is final, a creation stays.
          const here = (name: PendingOp) => parentOf(name.op.p) === op.p;
          for (const name of unsyncedNames) {
            if (name.op.t !== 'unlink' || !here(name)) continue;
            synced.set(name.op.p, null);
            unsynced.set(
              name.op.p,
              (unsynced.get(name.op.p) ?? []).filter((o) => o.index > name.index),
            );
          }
          unsyncedNames = unsyncedNames.filter((name) => !here(name));
          break;
        }
        // Everything written to this file so far is on the disk now.
        const content = apply(synced.get(op.p) ?? null, unsynced.get(op.p) ?? [], () => true);
        synced.set(op.p, content);
        unsynced.set(op.p, []);
        break;
      }
    }
  });
  return { synced, unsynced, unsyncedNames, marks, dirs };
}

function apply(base: Buffer | null, ops: PendingOp[], keep: (op: PendingOp) => boolean): Buffer | null {
  let content = base === null ? null : Buffer.from(base);
  for (const pending of ops) {
    if (!keep(pending)) continue;
    const op = pending.op;
    if (op.t === 'unlink') {
      content = null;
    } else if (op.t === 'truncate') {
      content = (content ?? Buffer.alloc(0)).subarray(0, op.size);
      if (content.length < op.size)
        content = Buffer.concat([content, Buffer.alloc(op.size - content.length)]);
    } else if (op.t === 'write') {
      const data = Buffer.from(op.data, 'base64');
      content ??= Buffer.alloc(0);
      const end = op.pos + data.length;
      if (content.length < end) content = Buffer.concat([content, Buffer.alloc(end - content.length)]);
      data.copy(content, op.pos);
    }
  }
  return content;
}

/**
 * Each file's content after the reboot: synced content plus the unsynced calls `keep` chooses
 * (an unlink the disk lost leaves the file as it was). A file or folder created since its folder's
 * last fsync exists only if `keep` keeps its creation.
 */
export function rebuild(state: CutState, keep: (op: PendingOp) => boolean): Map<string, Buffer | null> {
  const decided = new Map<number, boolean>();
  const kept = (op: PendingOp) => {
    let k = decided.get(op.index);
    if (k === undefined) decided.set(op.index, (k = keep(op)));
    return k;
  };
  const files = new Map<string, Buffer | null>();
  for (const [p, base] of state.synced) files.set(p, apply(base, state.unsynced.get(p) ?? [], kept));
  for (const op of state.unsyncedNames) {
    if (op.op.t === 'create' && !kept(op)) files.set(op.op.p, null);
    // A folder the disk lost takes everything in it along.
    if (op.op.t === 'mkdir' && !kept(op))
      for (const p of files.keys()) if (p.startsWith(`${op.op.p}/`)) files.set(p, null);
  }
  return files;
}

/** A small deterministic generator, so a failing case can be replayed. */
export function mulberry32(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
