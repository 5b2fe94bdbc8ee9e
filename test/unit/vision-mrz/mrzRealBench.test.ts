// The mrz-real bench (issue 8, part 4) on a tiny generated set: exact reads and misses counted
// against truth.json, and the per-image CPU time reported beside the wall clock.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { benchRealSet } from '../../bench/mrz-real';
import { missCase } from '../../support/docgen/missKinds';
import { ocrbAvailable } from '../../support/docgen/ocrbText';

const dir = mkdtempSync(path.join(tmpdir(), 'mrz-real-bench-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!ocrbAvailable())('npm run -s bench -- mrz-real DIR', () => {
  it('counts exact reads and misses, with wall-clock and CPU time per image', async () => {
    const good = await missCase('clean-scan', 5000);
    const other = await missCase('guilloche', 1000);
    writeFileSync(path.join(dir, 'a.jpg'), good.bytes);
    writeFileSync(path.join(dir, 'b.jpg'), other.bytes);
    // b.jpg's truth is another zone's lines: whatever is read there is a miss.
    const truth = { _about: 'test', 'a.jpg': { lines: good.lines }, 'b.jpg': { lines: good.lines } };
    writeFileSync(path.join(dir, 'truth.json'), JSON.stringify(truth));
    const result = await benchRealSet(dir);
    expect(result.images).toBe(2);
    expect(result.exact).toBe(1);
    expect(result.misses.map((m) => [m.file, m.read])).toEqual([['b.jpg', other.lines]]);
    // Read validly but wrong against its truth: counted as flagged valid while wrong.
    expect(result.wrong_but_flagged_valid).toBe(1);
    expect(result.median_cpu_ms_with_decode).toBeGreaterThan(0);
    expect(Number.isFinite(result.p95_cpu_ms_with_decode)).toBe(true);
  }, 60_000);
});
