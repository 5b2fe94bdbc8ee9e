// Child process for powerCutDurability.test.ts. The recorder SIGKILLs it at the cut (or after its
// last write). Usage: powerCutWriter.ts DIR LOG CUT_AFTER [store|sync-off|media]
// - store: opens the store's SQLite file, commits one transaction, arms the recorder and commits
//   four more, logging each commit that returned;
// - sync-off: the same with synchronous = OFF (no fsync at all): the test's own proof that the
//   simulation catches a store that does not sync;
// - media: the whole store (openIdvStore) storing pages (encrypted blob written, fdatasynced, its
//   folder fsynced, then its row committed), one in a session whose media folder already exists,
//   two in a new session (a new folder), logging each put that returned.
import { generateKeyPairSync } from 'node:crypto';
import path from 'node:path';
import { recordFileOps } from '../../support/faultFs/fileOpRecorder';
import { openIdvStore } from '../../../idv/store/index';
import { SqliteFile } from '../../../idv/store/sqliteFile';
import { commitPowerCutRow, MEDIA_POWER_CUT_KEY, mediaPowerCutContent } from './powerCutRows';

const [dir, logFile, cutAfter, variant = 'store'] = process.argv.slice(2);
const recorder = recordFileOps(dir, logFile);
if (variant === 'media') {
  const store = await openIdvStore({ dataDir: dir, masterKey: MEDIA_POWER_CUT_KEY });
  const publicKeyPem = generateKeyPairSync('rsa', { modulusLength: 2048 })
    .publicKey.export({ type: 'spki', format: 'pem' })
    .toString();
  const app = store.apps.register({ name: 'power', publicKeyPem });
  const newSession = () =>
    store.sessions.create({
      sdkId: app.sdkId,
      specification: { requested_checks: [] },
      clientSessionTokenTtl: 600,
      resourcesTtl: 90_000,
      userTrackingId: null,
      notifications: null,
    }).session;
  const put = (sessionId: string, i: number) =>
    store.media.put({
      sessionId,
      purpose: 'PAGE',
      contentType: 'image/jpeg',
      content: mediaPowerCutContent(i),
    });
  const first = newSession();
  recorder.mark(`session ${first.id}`);
  await put(first.id, 0);
  recorder.arm(Number(cutAfter));
  const m1 = await put(first.id, 1);
  recorder.mark(`committed ${first.id} ${m1.id} 1`);
  const second = newSession();
  recorder.mark(`session ${second.id}`);
  for (const i of [2, 3]) {
    const m = await put(second.id, i);
    recorder.mark(`committed ${second.id} ${m.id} ${i}`);
  }
  recorder.cutNow();
}
const sql = await SqliteFile.open(path.join(dir, 'idv.sqlite'), { create: true });
if (variant === 'sync-off') sql.exec('PRAGMA synchronous = OFF');
commitPowerCutRow(sql, 0);
recorder.arm(Number(cutAfter));
for (let i = 1; i <= 4; i++) {
  commitPowerCutRow(sql, i);
  recorder.mark(`committed ${i}`);
}
recorder.cutNow();
