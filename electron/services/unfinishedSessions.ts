// The sessions this kiosk started and has not yet handed to the outbox for deletion, recorded on
// disk so that a quit or a crash mid-flow does not leave a person's session (their pages, face and
// birth date) alive on the service until its TTL (about 24 h). One sealed file per session
// (platform/aesGcmEnvelope under the outbox key; the AAD is the file name), written durably before
// the person sees the first screen. At the next start every record left is turned into a durable
// "delete this session" outbox item; on quit the kiosk does the same for the sessions still open.
// Nothing personal is in a record: the session id (sealed anyway) and when it was started.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open as openFile, readdir, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { errorMessage } from '../../common/errorMessage';
import { openEnvelope, sealEnvelope, type EnvelopeFormat } from '../../platform/aesGcmEnvelope';

const RECORD_FORMAT: EnvelopeFormat = { magic: Buffer.from('DSKU', 'ascii'), version: 1 };
const SUFFIX = '.session';
const Record = z.object({ v: z.literal(1), sessionId: z.string().min(1).max(128), startedAt: z.number() });

export interface UnfinishedRecord {
  sessionId: string;
  startedAt: number;
}

export interface UnfinishedSessions {
  /** Durable once it resolves (file fsynced, folder fsynced). */
  record(sessionId: string, startedAt: number): Promise<void>;
  /** The session's deletion is safely queued elsewhere (or it is gone): drop its record. */
  forget(sessionId: string): Promise<void>;
  /** Records left by an earlier run (read once at open), oldest first. */
  readonly leftOver: UnfinishedRecord[];
  /** Files that could not be opened (another key, damaged): kept aside in unreadable/, listed here. */
  readonly unreadable: string[];
}

/** The file name: a hash of the id, so the folder listing does not show session ids. */
const fileFor = (sessionId: string) =>
  createHash('sha256').update(`unfinished/v1|${sessionId}`).digest('hex').slice(0, 40) + SUFFIX;

async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const dh = await openFile(dir, 'r');
  try {
    await dh.sync();
  } finally {
    await dh.close();
  }
}

export async function openUnfinishedSessions(opts: {
  dir: string;
  key: Uint8Array;
}): Promise<UnfinishedSessions> {
  await mkdir(opts.dir, { recursive: true, mode: 0o700 });
  const leftOver: UnfinishedRecord[] = [];
  const unreadable: string[] = [];
  for (const name of await readdir(opts.dir)) {
    const full = path.join(opts.dir, name);
    if (name.endsWith('.tmp')) {
      await unlink(full).catch(() => undefined); // never acknowledged: the session was not started
      continue;
    }
    if (!name.endsWith(SUFFIX)) continue;
    try {
      const plain = openEnvelope(RECORD_FORMAT, opts.key, await readFile(full), name);
      const rec = Record.parse(JSON.parse(plain.toString('utf8')));
      if (fileFor(rec.sessionId) !== name) throw new Error('the record does not match its file name');
      leftOver.push({ sessionId: rec.sessionId, startedAt: rec.startedAt });
    } catch (err) {
      const aside = path.join(opts.dir, 'unreadable');
      await mkdir(aside, { recursive: true, mode: 0o700 });
      await rename(full, path.join(aside, name)).catch(() => undefined);
      unreadable.push(`${name}: ${errorMessage(err)}`);
    }
  }
  leftOver.sort((a, b) => a.startedAt - b.startedAt);

  return {
    leftOver,
    unreadable,
    async record(sessionId, startedAt) {
      const name = fileFor(sessionId);
      const sealed = sealEnvelope(
        RECORD_FORMAT,
        opts.key,
        Buffer.from(JSON.stringify({ v: 1, sessionId, startedAt }), 'utf8'),
        name,
      );
      const tmp = path.join(opts.dir, `${name}.${randomBytes(4).toString('hex')}.tmp`);
      const fh = await openFile(tmp, 'wx', 0o600);
      try {
        await fh.writeFile(sealed);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, path.join(opts.dir, name));
      await fsyncDir(opts.dir);
    },
    async forget(sessionId) {
      try {
        await unlink(path.join(opts.dir, fileFor(sessionId)));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        return;
      }
      await fsyncDir(opts.dir).catch(() => undefined);
    },
  };
}
