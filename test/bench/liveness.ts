// `npm run -s bench -- liveness [--persons N]`: static liveness per attack type on the generated
// sets of test/support/attacks: for each split (calibration, where the gates were set, and test,
// where they were not), how many of each attack were rejected and by which sub-check, how many
// genuine faces were refused, the set sizes, and the time per frame (assessLiveness with every
// model and cue, one frame, on the process's face engine).
import { assessLiveness, type FaceEngine } from '../../vision/faces';
import { createInThreadFaceEngine, loadNodeFaceEngine } from '../../vision/node/humanFaceRuntime';
import { decodeSample, livenessSet, SAMPLE_KINDS, type Split } from '../support/attacks/livenessSet';

function arg(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  const v = i >= 0 ? Number(args[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : fallback;
}

const quantile = (values: number[], q: number): number => {
  const s = [...values].sort((a, b) => a - b);
  return Number(s[Math.min(s.length - 1, Math.floor(q * s.length))].toFixed(0));
};

async function runSplit(
  split: Split,
  persons: number,
  builder: FaceEngine,
  engine: FaceEngine,
  ms: number[],
) {
  const samples = await livenessSet(split, { engine: builder, persons });
  const byKind: Record<
    string,
    {
      images: number;
      rejected_or_refused: number;
      not_available: number;
      by_sub_check: Record<string, number>;
    }
  > = {};
  for (const kind of SAMPLE_KINDS)
    byKind[kind] = { images: 0, rejected_or_refused: 0, not_available: 0, by_sub_check: {} };
  for (const s of samples) {
    const image = await decodeSample(s.file);
    const t = performance.now();
    const r = await assessLiveness(engine, [image]);
    ms.push(performance.now() - t);
    const k = byKind[s.kind];
    k.images++;
    const failed = r.checks.filter((c) => c.status === 'FAIL').map((c) => c.name);
    if (failed.length > 0) k.rejected_or_refused++;
    else if (!r.passed) k.not_available++;
    for (const name of failed) k.by_sub_check[name] = (k.by_sub_check[name] ?? 0) + 1;
  }
  return {
    people: new Set(samples.map((s) => s.person).filter(Boolean)).size,
    // For "genuine" the count is faces wrongly refused; for every other kind, attacks caught.
    kinds: byKind,
  };
}

export default async function livenessBench(args: string[]): Promise<Record<string, unknown>> {
  const persons = arg(args, 'persons', 24);
  const builder = await createInThreadFaceEngine();
  const engine = await loadNodeFaceEngine();
  const ms: number[] = [];
  const calibration = await runSplit('calibration', persons, builder, engine, ms);
  const test = await runSplit('test', persons, builder, engine, ms);
  await engine.close?.();
  return {
    engine: engine.description,
    note: 'genuine: rejected_or_refused = genuine faces refused; other kinds: attacks caught. Gates were set on the calibration split only.',
    calibration,
    test,
    ms_per_frame: { median: quantile(ms, 0.5), p95: quantile(ms, 0.95), frames: ms.length },
  };
}
