// Child process for crashRecovery.test.ts: starts a write and is SIGKILLed in the middle of it,
// the way a power cut or a crash would stop the service. Usage: crashWriter.ts MODE DATA_DIR
import { openIdvStore } from '../../../idv/store/index';

const [mode, dataDir] = process.argv.slice(2);
const store = await openIdvStore({ dataDir });
const app = store.apps.list()[0];
const die = () => process.kill(process.pid, 'SIGKILL');

if (mode === 'transaction') {
  // Big enough to overflow SQLite's 2 MB page cache, so pages reach the database file (with the
  // rollback journal holding their old content) before the kill.
  const bulky = { padding: 'x'.repeat(64 * 1024) };
  store.transaction((tx) => {
    for (let i = 0; i < 80; i++) {
      tx.sessions.create({
        sdkId: app.sdkId,
        specification: { ...bulky, i },
        clientSessionTokenTtl: 600,
        resourcesTtl: 90_000,
        userTrackingId: null,
        notifications: null,
      });
    }
    die();
  });
} else if (mode === 'media') {
  const session = store.sessions.listForApp(app.sdkId)[0];
  await store.media.put(
    { sessionId: session.id, purpose: 'PAGE', contentType: 'image/jpeg', content: Buffer.alloc(100_000, 1) },
    undefined,
    () => die(), // the blob is on disk, its row not yet committed
  );
}
console.error('crashWriter: should have been killed');
process.exit(3);
