// A deleted session cannot be opened again from what stays on disk (issue 12, data at rest): its
// wrapped data key and its sealed columns are overwritten, not left in SQLite's free pages or its
// journal, where anyone holding the master key (the kiosk's, in its key store) could unwrap them.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openIdvStore } from '../../../idv/store';
import { SqliteFile } from '../../../idv/store/sqliteFile';
import { bareSession, passportDocument, registerTestApp } from '../../support/idvStoreSessions';

const MRZ = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'idv-deleted-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** Every byte of the data folder's files (the database, its journal, media), one buffer per file. */
async function filesOf(root: string): Promise<Array<{ name: string; bytes: Buffer }>> {
  const out: Array<{ name: string; bytes: Buffer }> = [];
  for (const e of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const full = path.join(e.parentPath, e.name);
    out.push({ name: path.relative(root, full), bytes: await readFile(full) });
  }
  return out;
}

it("leaves neither the wrapped key nor the sealed MRZ of a deleted session in the database's free pages or journal", async () => {
  const masterKey = Buffer.alloc(32, 9);
  let store = await openIdvStore({ dataDir: dir, masterKey });
  const sdkId = registerTestApp(store, 'deleted');
  const session = bareSession(store, sdkId);
  const doc = passportDocument(store, session.id);
  store.resources.setMrz(session.id, doc.id, MRZ);
  store.close();

  // The bytes a thief would look for: the wrapped key and the sealed value, as stored.
  const sql = await SqliteFile.open(path.join(dir, 'idv.sqlite'), { create: false });
  const wrapped = Buffer.from(
    sql.one('SELECT wrapped FROM session_keys WHERE session_id = ?', [session.id])!.wrapped as Uint8Array,
  );
  const sealedMrz = Buffer.from(
    sql.one('SELECT mrz FROM resources WHERE id = ?', [doc.id])!.mrz as Uint8Array,
  );
  sql.close();
  expect(wrapped.length).toBeGreaterThanOrEqual(32);
  expect(sealedMrz.length).toBeGreaterThan(MRZ.join('').length);
  const holding = async (needle: Buffer) =>
    (await filesOf(dir)).filter((f) => f.bytes.includes(needle)).map((f) => f.name);
  // Before the delete both are there (so the scan below can see them).
  expect(await holding(wrapped)).toEqual(['idv.sqlite']);
  expect(await holding(sealedMrz)).toEqual(['idv.sqlite']);

  store = await openIdvStore({ dataDir: dir, masterKey });
  expect(await store.sessions.delete(session.id)).toBe(true);
  expect(store.sessions.get(session.id)).toBeNull();
  store.close();

  expect(await holding(wrapped)).toEqual([]);
  expect(await holding(sealedMrz)).toEqual([]);
});
