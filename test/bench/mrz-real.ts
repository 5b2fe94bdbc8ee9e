// `npm run -s bench -- mrz-real DIR [--half dev|held-out] [--no-ocr]`: reads every image in DIR
// against DIR/truth.json ({"file": {"lines": [...]}}, as ../shared/fixtures/mrz-dev has it) and
// reports exact reads, check-digit-valid reads, readings flagged valid with a wrong field (by
// field), and ms per image including decoding. `--half` keeps only one half of the deterministic
// split (mrzSplit.ts) so the development half and the held-out half are measured apart.
// Zones whose reading fails its check digits get Tesseract's second opinion (tesseractLineReader.ts),
// as the shipped reader does; `--no-ocr` measures the glyph classifiers alone.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { MrzReading } from '../../vision/contract';
import type { MrzLineReader } from '../../vision/mrz/lineReaderOpinion';
import { readMrzZone } from '../../vision/mrz/mrzReader';
import { createTesseractLineReader } from '../../vision/mrz/tesseractLineReader';
import { nodeTesseractPaths } from '../../vision/node/mrzSecondOpinion';
import { parseMrz } from '../../vision/mrz/mrzParser';
import { decodeImage } from '../../vision/node/decode';
import { type SplitHalf, splitHalf } from '../support/docgen/mrzSplit';

interface TruthEntry {
  lines: string[];
  /** Generated sets (test/support/docgen/missKinds.ts) name the kind of each case. */
  kind?: string;
}

function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return Number(sorted[i].toFixed(1));
}

/** Key fields: a wrong one of these on a reading flagged valid is the failure that matters. */
const KEY_FIELDS = ['document_number', 'date_of_birth', 'expiration_date'] as const;

type Fields = Record<string, string | null>;

/** Fields that differ between what was read and what the true lines parse to. */
function wrongFields(read: MrzReading, truth: string[]): string[] {
  const expected = parseMrz(truth, { now: new Date('2026-01-01') });
  if (!expected) return ['lines'];
  const a = read.fields as unknown as Fields;
  const b = expected.fields as unknown as Fields;
  const out = Object.keys(b).filter((k) => a[k] !== b[k]);
  // Check digits are key too: compare the whole zone when no field differs.
  if (!out.length && read.lines.join('\n') !== truth.join('\n')) out.push('check_digits_or_fillers');
  return out;
}

export interface RealSetResult {
  images: number;
  exact: number;
  exact_share: number;
  check_digit_valid: number;
  wrong_but_flagged_valid: number;
  wrong_but_flagged_valid_by_field: Record<string, number>;
  key_field_wrong_but_flagged_valid: number;
  no_reading: number;
  median_ms_with_decode: number;
  p95_ms_with_decode: number;
  /**
   * CPU time of this process per image (all its threads, Tesseract's worker included): on a
   * shared machine the wall clock says more about the other load than about the reader.
   */
  median_cpu_ms_with_decode: number;
  p95_cpu_ms_with_decode: number;
  /** Exact reads per kind, when the truth names kinds. */
  by_kind?: Record<string, { images: number; exact: number; wrong_but_flagged_valid: number }>;
  misses: { file: string; read: string[] | null; valid: boolean }[];
}

/** Where Tesseract's engine and English model lie in this checkout's node_modules. */
export async function benchRealSet(
  dir: string,
  half?: SplitHalf,
  lineReader?: MrzLineReader,
): Promise<RealSetResult> {
  const truth = JSON.parse(await readFile(path.join(dir, 'truth.json'), 'utf8')) as Record<
    string,
    TruthEntry | string
  >;
  const files = Object.keys(truth)
    .filter((f) => !f.startsWith('_') && typeof truth[f] === 'object')
    .filter((f) => !half || splitHalf(f) === half)
    .sort();
  const ms: number[] = [];
  const cpu: number[] = [];
  let exact = 0;
  let valid = 0;
  let wrongValid = 0;
  let keyWrongValid = 0;
  let none = 0;
  const byField: Record<string, number> = {};
  const misses: RealSetResult['misses'] = [];
  const byKind: NonNullable<RealSetResult['by_kind']> = {};
  // Warm-up (JIT, template decoding) outside the timings.
  if (files[0]) {
    const b = await readFile(path.join(dir, files[0]));
    await readMrzZone(await decodeImage(new Uint8Array(b.buffer, b.byteOffset, b.byteLength)));
  }
  const readOptions = { now: new Date('2026-01-01'), ...(lineReader ? { lineReader } : {}) };
  for (const file of files) {
    const lines = (truth[file] as TruthEntry).lines;
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const bytes = await readFile(path.join(dir, file));
    const image = await decodeImage(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    const reading = (await readMrzZone(image, readOptions)) as MrzReading | null;
    ms.push(performance.now() - t0);
    const c1 = process.cpuUsage(c0);
    cpu.push((c1.user + c1.system) / 1000);
    if (!reading) none++;
    const isExact = reading !== null && reading.lines.join('\n') === lines.join('\n');
    if (isExact) exact++;
    if (reading?.valid) valid++;
    if (reading?.valid && !isExact) {
      wrongValid++;
      const wrong = wrongFields(reading, lines);
      for (const f of wrong) byField[f] = (byField[f] ?? 0) + 1;
      if (wrong.some((f) => (KEY_FIELDS as readonly string[]).includes(f) || f === 'check_digits_or_fillers'))
        keyWrongValid++;
    }
    const kind = (truth[file] as TruthEntry).kind;
    if (kind) {
      const k = (byKind[kind] ??= { images: 0, exact: 0, wrong_but_flagged_valid: 0 });
      k.images++;
      if (isExact) k.exact++;
      if (reading?.valid && !isExact) k.wrong_but_flagged_valid++;
    }
    if (!isExact) misses.push({ file, read: reading?.lines ?? null, valid: reading?.valid ?? false });
  }
  ms.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return {
    images: files.length,
    exact,
    exact_share: files.length ? Number((exact / files.length).toFixed(3)) : 0,
    check_digit_valid: valid,
    wrong_but_flagged_valid: wrongValid,
    wrong_but_flagged_valid_by_field: byField,
    key_field_wrong_but_flagged_valid: keyWrongValid,
    no_reading: none,
    median_ms_with_decode: quantile(ms, 0.5),
    p95_ms_with_decode: quantile(ms, 0.95),
    median_cpu_ms_with_decode: quantile(cpu, 0.5),
    p95_cpu_ms_with_decode: quantile(cpu, 0.95),
    ...(Object.keys(byKind).length ? { by_kind: byKind } : {}),
    misses,
  };
}

export default async function mrzRealBench(args: string[]): Promise<Record<string, unknown>> {
  const dir = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--half'));
  if (!dir) throw new Error('usage: npm run -s bench -- mrz-real DIR [--half dev|held-out] [--no-ocr]');
  const h = args.indexOf('--half');
  const half = h >= 0 ? (args[h + 1] as SplitHalf) : undefined;
  if (half && half !== 'dev' && half !== 'held-out') throw new Error(`--half: dev or held-out, not ${half}`);
  const ocr = !args.includes('--no-ocr');
  const reader = ocr ? createTesseractLineReader(nodeTesseractPaths()) : undefined;
  try {
    // The engine starts once, as a service starting up would, outside the timings.
    await reader?.prepare();
    const result = await benchRealSet(path.resolve(dir), half, reader);
    return {
      dir: path.resolve(dir),
      half: half ?? 'all',
      second_opinion: ocr ? 'tesseract' : 'none',
      ...result,
    };
  } finally {
    await reader?.dispose();
  }
}
