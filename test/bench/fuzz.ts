// `npm run -s bench -- fuzz [N] [--ipc M] [--seed S]`: N malformed HTTP requests (default 3,111)
// against the local IDV service and M malformed IPC payloads (default 490) through the kiosk's
// dispatcher (composeKiosk with its embedded service, as the soak bench runs it), drawn from a
// seeded generator (test/support/faultFuzz). Reports the status histogram, 5xx (must be 0),
// unanswered connections, IPC answers by code, INTERNAL answers and thrown dispatches (must be 0),
// unhandled errors, RSS before and after, and whether a session made before the fuzz still reads
// the same (its RP view and its page's bytes).
import { loadavg } from 'node:os';
import { runFuzz } from '../support/faultFuzz/runFuzz';

export default async function fuzz(args: string[]) {
  const opt = (name: string, fallback: number) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  const positional = args.filter((a, i) => !a.startsWith('--') && !(args[i - 1] ?? '').startsWith('--'));
  const started = Date.now();
  const loadBefore = loadavg()[0];
  const report = await runFuzz({
    httpCases: positional[0] ? Number(positional[0]) : 3111,
    ipcCases: opt('--ipc', 490),
    seed: opt('--seed', 12),
  });
  const load = { before: Math.round(loadBefore * 10) / 10, after: Math.round(loadavg()[0] * 10) / 10 };
  return { ...report, wall_s: Math.round((Date.now() - started) / 100) / 10, load_1m: load };
}
