// Runs the HTTP and IPC fuzz (issue 12) and reports what the bench and the bounded test assert on:
// the status histogram, every 5xx, connections left unanswered, IPC answers by code, INTERNAL
// answers, thrown dispatches, unhandled errors in the process, RSS before and after, and whether
// the session made before the fuzz still reads the same.
import { exchange, protectedSnapshot, startFuzzService } from './fuzzHarness';
import { httpFuzzCases, prepareBombs } from './httpFuzzCases';
import { ipcFuzzCases, startKioskForFuzz } from './ipcFuzz';
import { mulberry32 } from '../faultFs/fileOpLog';

export interface FuzzReport {
  seed: number;
  http: {
    cases: number;
    by_category: Record<string, number>;
    statuses: Record<string, number>;
    server_errors: string[];
    no_answer: string[];
    logged_errors: string[];
  };
  ipc: {
    cases: number;
    codes: Record<string, number>;
    internal: string[];
    thrown: string[];
    logged_errors: string[];
  };
  unhandled: string[];
  /** The one process holding fuzzer, service and kiosk. */
  rss_mib: { before: number; after_http: number; after_ipc: number };
  protected_session_intact: boolean;
  protected_session: { before: string; after: string };
}

const rssMib = () => Math.round((process.memoryUsage().rss / 2 ** 20) * 10) / 10;
const bump = (m: Record<string, number>, k: string) => void (m[k] = (m[k] ?? 0) + 1);

/** Runs `tasks` with at most `width` in flight. */
async function pool<T>(items: T[], width: number, run: (item: T, index: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        await run(items[i], i);
      }
    }),
  );
}

export async function runFuzz(options: {
  httpCases: number;
  ipcCases: number;
  seed: number;
  concurrency?: number;
}): Promise<FuzzReport> {
  const unhandled: string[] = [];
  const onUnhandled = (err: unknown) =>
    void unhandled.push(String((err as Error)?.stack ?? err).slice(0, 400));
  const rng = mulberry32(options.seed);
  prepareBombs(); // so RSS before/after compares the service, not the fuzzer's own set-up
  const before = rssMib();
  const f = await startFuzzService();
  let report: FuzzReport;
  process.on('uncaughtException', onUnhandled);
  process.on('unhandledRejection', onUnhandled);
  try {
    const snapshotBefore = await protectedSnapshot(f);
    const cases = httpFuzzCases(rng, f, options.httpCases);
    const statuses: Record<string, number> = {};
    const byCategory: Record<string, number> = {};
    const serverErrors: string[] = [];
    const noAnswer: string[] = [];
    await pool(cases, options.concurrency ?? 6, async (c, i) => {
      bump(byCategory, c.category);
      const outcome = await exchange(f, c);
      bump(statuses, String(outcome.status));
      const where = `#${i} ${c.category} ${c.name}`;
      if (typeof outcome.status === 'number' && outcome.status >= 500)
        serverErrors.push(`${where}: ${outcome.status} ${(outcome as { body: string }).body.slice(0, 200)}`);
      if (outcome.status === 'no-answer') noAnswer.push(where);
    });
    const afterHttp = rssMib();
    const snapshotAfter = await protectedSnapshot(f);

    const k = await startKioskForFuzz();
    const codes: Record<string, number> = {};
    const internal: string[] = [];
    const thrown: string[] = [];
    try {
      for (const c of ipcFuzzCases(rng, k.handle, options.ipcCases)) {
        try {
          const r = await k.kiosk.dispatch(c.channel, c.payload);
          const code = r.ok ? 'ok' : r.error.code;
          bump(codes, code);
          if (code === 'INTERNAL') internal.push(`${c.channel} ${c.kind}: ${r.ok ? '' : r.error.message}`);
        } catch (err) {
          thrown.push(`${c.channel} ${c.kind}: ${String(err).slice(0, 200)}`);
        }
      }
    } finally {
      await k.close();
    }
    report = {
      seed: options.seed,
      http: {
        cases: cases.length,
        by_category: byCategory,
        statuses,
        server_errors: serverErrors,
        no_answer: noAnswer,
        logged_errors: f.loggedErrors,
      },
      ipc: { cases: options.ipcCases, codes, internal, thrown, logged_errors: k.loggedErrors },
      unhandled,
      rss_mib: { before, after_http: afterHttp, after_ipc: rssMib() },
      protected_session_intact:
        snapshotBefore.view === snapshotAfter.view && snapshotBefore.pageSha256 === snapshotAfter.pageSha256,
      protected_session: {
        before: `${snapshotBefore.view.slice(0, 60)}… page ${snapshotBefore.pageSha256}`,
        after: `${snapshotAfter.view.slice(0, 60)}… page ${snapshotAfter.pageSha256}`,
      },
    };
  } finally {
    await f.close();
    process.off('uncaughtException', onUnhandled);
    process.off('unhandledRejection', onUnhandled);
  }
  return report;
}
