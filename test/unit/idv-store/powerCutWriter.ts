// Child process for powerCutDurability.test.ts: opens the store's SQLite file, commits one
// transaction, arms the recorder and commits four more, logging each commit that returned. The
// recorder SIGKILLs it at the cut (or after the last commit). Usage:
//   powerCutWriter.ts DIR LOG CUT_AFTER [store|sync-off]
// "sync-off" runs the same writes with synchronous = OFF (no fsync at all): the test's own proof
// that the simulation catches a store that does not sync.
import path from 'node:path';
import { recordFileOps } from '../../support/faultFs/fileOpRecorder';
import { SqliteFile } from '../../../idv/store/sqliteFile';
import { commitPowerCutRow } from './powerCutRows';

const [dir, logFile, cutAfter, variant = 'store'] = process.argv.slice(2);
const recorder = recordFileOps(dir, logFile);
const sql = await SqliteFile.open(path.join(dir, 'idv.sqlite'), { create: true });
if (variant === 'sync-off') sql.exec('PRAGMA synchronous = OFF');
commitPowerCutRow(sql, 0);
recorder.arm(Number(cutAfter));
for (let i = 1; i <= 4; i++) {
  commitPowerCutRow(sql, i);
  recorder.mark(`committed ${i}`);
}
recorder.cutNow();
