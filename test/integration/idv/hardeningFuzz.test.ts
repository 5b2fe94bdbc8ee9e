// A bounded, replayable slice of `npm run -s bench -- fuzz` (issue 12): 300 malformed HTTP
// requests (fixed seed, every category: signatures, tokens, JSON, deep JSON, headers, methods and
// paths, truncated and slow bodies, images and decompression bombs, multipart, Idempotency-Keys)
// against the local service and 120 malformed IPC payloads through the kiosk's dispatcher. No 5xx,
// no connection left unanswered, no INTERNAL answer or thrown dispatch, no unhandled error, nothing
// logged as an error, and the session made before the fuzz reads the same afterwards.
import { describe, expect, it } from 'vitest';
import { runFuzz } from '../../support/faultFuzz/runFuzz';
import { GENERATORS } from '../../support/faultFuzz/httpFuzzCases';

describe('fuzzing the local service and the kiosk IPC', () => {
  it('answers every malformed request in words, never 5xx, and loses nothing stored', async () => {
    const r = await runFuzz({ httpCases: 300, ipcCases: 120, seed: 7, concurrency: 4 });
    expect(r.http.server_errors).toEqual([]);
    expect(r.http.no_answer).toEqual([]);
    expect(r.http.logged_errors).toEqual([]);
    expect(Object.keys(r.http.by_category).sort()).toEqual(Object.keys(GENERATORS).sort());
    // Refusals are the bulk: 4xx and connections closed for unparseable requests.
    const refused = Object.entries(r.http.statuses)
      .filter(([s]) => s === 'closed' || (Number(s) >= 400 && Number(s) < 500))
      .reduce((n, [, c]) => n + c, 0);
    expect(refused).toBeGreaterThan(250);
    expect(r.ipc.internal).toEqual([]);
    expect(r.ipc.thrown).toEqual([]);
    expect(r.ipc.logged_errors).toEqual([]);
    expect(r.ipc.codes.INVALID_REQUEST).toBeGreaterThan(60);
    expect(r.unhandled).toEqual([]);
    expect(r.protected_session.after).toBe(r.protected_session.before);
    expect(r.protected_session_intact).toBe(true);
  }, 300_000);
});
