// `npm run -s bench -- vision [--docs N] [--reads N] [--memory-reads N]`: MRZ reading speed on
// 2 MP photos, accuracy per distortion strength on the generated set (>= 300 documents by
// default), memory over 1,000 reads; plus capture-quality and face-match figures from
// _visionQualityFaces.ts.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { MrzReading, RgbaImage } from '../../vision/contract';
import { errorMessage } from '../../common/errorMessage';
import { readMrz } from '../../vision/mrz/mrzReader';
import { decodeImage } from '../../vision/node/decode';
import { MILD_LEVELS, generatedSet } from '../support/docgen/generatedSet';
import { scoreReadings } from '../support/docgen/scoreReadings';
import { benchQualityAndFaces } from './_visionQualityFaces';

function arg(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  const v = i >= 0 ? Number(args[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : fallback;
}

function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return Number(sorted[i].toFixed(1));
}

async function decodeFile(file: string): Promise<RgbaImage> {
  const bytes = await readFile(file);
  return decodeImage(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

const mib = (n: number) => Number((n / 2 ** 20).toFixed(1));

export default async function visionBench(args: string[]): Promise<Record<string, unknown>> {
  const docCount = arg(args, 'docs', 306);
  const speedReads = arg(args, 'reads', 60);
  const memoryReads = arg(args, 'memory-reads', 1000);

  // 1. Speed: 2 MP photos (1732×1155) of mild-to-medium captures, decoded beforehand.
  const speedDocs = await generatedSet({
    count: 12,
    seed: 2024,
    megapixels: 2,
    strengths: [0, 0.2, 0.4, 0.6],
  });
  const images = await Promise.all(speedDocs.map((d) => decodeFile(d.file)));
  for (const img of images.slice(0, 3)) await readMrz(img); // warm-up (JIT, template decoding)
  const readMs: number[] = [];
  const endToEndMs: number[] = [];
  let speedValid = 0;
  for (let i = 0; i < speedReads; i++) {
    const k = i % images.length;
    const t0 = performance.now();
    const r = await readMrz(images[k]);
    readMs.push(performance.now() - t0);
    if (r?.valid && r.lines.join() === speedDocs[k].lines.join()) speedValid++;
    if (i < images.length) {
      const t1 = performance.now();
      await readMrz(await decodeFile(speedDocs[k].file));
      endToEndMs.push(performance.now() - t1);
    }
  }
  readMs.sort((a, b) => a - b);
  endToEndMs.sort((a, b) => a - b);

  // 2. Accuracy per strength on the generated set.
  const genStarted = performance.now();
  const docs = await generatedSet({ count: docCount, seed: 9303 });
  const genMs = performance.now() - genStarted;
  const readings: (MrzReading | null)[] = [];
  const accStarted = performance.now();
  for (const d of docs) readings.push(await readMrz(await decodeFile(d.file)));
  const accMs = performance.now() - accStarted;
  const score = scoreReadings(docs, readings, MILD_LEVELS);
  const byFormat: Record<string, { documents: number; exact: number }> = {};
  docs.forEach((d, i) => {
    const f = (byFormat[d.format] ??= { documents: 0, exact: 0 });
    f.documents++;
    const r = readings[i];
    if (r?.valid && r.lines.join() === d.lines.join()) f.exact++;
  });

  // 3. Memory over many reads (steady = no growth trend after warm-up).
  const gc = (globalThis as { gc?: () => void }).gc;
  const samples: { reads: number; rss_mib: number; heap_used_mib: number }[] = [];
  const sample = (reads: number) => {
    gc?.();
    const m = process.memoryUsage();
    samples.push({ reads, rss_mib: mib(m.rss), heap_used_mib: mib(m.heapUsed) });
  };
  sample(0);
  for (let i = 1; i <= memoryReads; i++) {
    await readMrz(images[i % images.length]);
    if (i % Math.max(1, Math.floor(memoryReads / 4)) === 0) sample(i);
  }

  const results: Record<string, unknown> = {
    mrz_read_2mp: {
      image: '1732x1155 generated photos (strengths 0-0.6), decoded beforehand',
      reads: readMs.length,
      median_ms: quantile(readMs, 0.5),
      p95_ms: quantile(readMs, 0.95),
      max_ms: quantile(readMs, 1),
      read_exactly: `${speedValid}/${readMs.length}`,
      with_decode_median_ms: quantile(endToEndMs, 0.5),
      budget_median_ms: 400,
    },
    mrz_accuracy_generated: {
      documents: docs.length,
      formats: byFormat,
      by_strength: score.by_strength,
      mild_half_exact_share: score.mild_exact_share,
      overall_exact_share: score.overall_exact_share,
      wrong_fields_with_valid_check: score.wrong_fields_with_valid_check,
      generation_ms: Math.round(genMs),
      reading_total_ms: Math.round(accMs),
      wrong_valid: score.wrong_valid.map((f) => ({ ...f, file: path.basename(f.file) })),
      failures: score.failures.slice(0, 20).map((f) => ({ ...f, file: path.basename(f.file) })),
    },
    mrz_memory: {
      reads: memoryReads,
      gc_exposed: Boolean(gc),
      samples,
      rss_growth_mib_after_first_quarter:
        samples.length > 2
          ? Number((samples[samples.length - 1].rss_mib - samples[1].rss_mib).toFixed(1))
          : null,
      heap_growth_mib_after_first_quarter:
        samples.length > 2
          ? Number((samples[samples.length - 1].heap_used_mib - samples[1].heap_used_mib).toFixed(1))
          : null,
    },
  };

  // Capture-quality and face figures; a failure there is reported, the MRZ figures still stand.
  try {
    Object.assign(results, await benchQualityAndFaces());
  } catch (err) {
    results.quality_faces_error = errorMessage(err);
  }
  return results;
}
