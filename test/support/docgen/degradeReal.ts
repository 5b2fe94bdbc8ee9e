// Real MRZ images degraded the ways real-world reads were seen to fail (issue 8, part 4): the
// same printed OCR-B, photographed or scanned for real, then made small (5-12 px per character),
// soft and noisy like a far webcam, turned 15-120° with perspective, or covered with coloured
// guilloche. Unlike missKinds.ts (zones drawn in the templates' own font), the glyphs here are
// real print, so a set made from the development half is a fair tuning set and one made from the
// held-out half measures what tuning did not see:
//   npx tsx test/support/docgen/degradeReal.ts SRCDIR OUTDIR --half dev|held-out [--per-kind N] [--seed S]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { downscale, toGray } from '../../../vision/mrz/grayImage';
import { locateMrz } from '../../../vision/mrz/mrzLocator';
import { decodeImage } from '../../../vision/node/decode';
import { denseGuilloche, guilloche, warp } from './missKinds';
import { type SplitHalf, splitHalf } from './mrzSplit';
import { type Random, seededRandom } from './seededRandom';

export const REAL_KINDS = [
  'real-low-resolution',
  'real-very-low-resolution',
  'real-webcam',
  'real-rotation-perspective',
  'real-quarter-turn',
  'real-guilloche',
] as const;
export type RealKind = (typeof REAL_KINDS)[number];

/** The zone's pitch (px per character) as the locator sees it, or null when it finds no zone. */
export async function zonePitch(bytes: Buffer, chars: number): Promise<number | null> {
  const gray = toGray(await decodeImage(bytes));
  const long = Math.max(gray.width, gray.height);
  for (const scale of [Math.max(1, Math.round(long / 1000)), 1]) {
    const found = locateMrz(downscale(gray, scale)).find((c) => c.chars === chars);
    if (found) return found.rows[0].pitch * scale;
  }
  return null;
}

export async function degrade(kind: RealKind, bytes: Buffer, pitch: number, rng: Random): Promise<Buffer> {
  const meta = await sharp(bytes).metadata();
  const width = meta.width ?? 1000;
  const height = meta.height ?? 700;
  const resized = (target: number) => Math.max(32, Math.round(width * Math.min(1, target / pitch)));
  let img = sharp(bytes).removeAlpha();
  if (kind === 'real-low-resolution') {
    img = sharp(
      await img
        .resize({ width: resized(rng.range(5, 12)) })
        .jpeg({ quality: rng.int(60, 85) })
        .toBuffer(),
    );
  } else if (kind === 'real-very-low-resolution') {
    const soft = await img.blur(rng.range(0.6, 1.2)).png().toBuffer();
    img = sharp(
      await sharp(soft)
        .resize({ width: resized(rng.range(5, 7)), kernel: 'cubic' })
        .jpeg({ quality: rng.int(55, 80) })
        .toBuffer(),
    );
  } else if (kind === 'real-webcam') {
    const small = await sharp(await img.blur(rng.range(0.8, 1.6)).png().toBuffer())
      .resize({ width: resized(rng.range(5, 8)) })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const noisy = Buffer.from(small.data);
    for (let i = 0; i < noisy.length; i++) noisy[i] = Math.max(0, Math.min(255, noisy[i] + rng.gauss() * 6));
    img = sharp(
      await sharp(noisy, { raw: small.info })
        .jpeg({ quality: rng.int(40, 65) })
        .toBuffer(),
    );
  } else if (kind === 'real-rotation-perspective') {
    // Keep the warp's cost bounded: about 1000 px on the long side first.
    const long = Math.max(width, height);
    const png = await img
      .resize(long > 1100 ? { width: Math.round((width * 1000) / long) } : {})
      .png()
      .toBuffer();
    img = sharp(await warp(png, rng));
  } else if (kind === 'real-quarter-turn') {
    const turn = rng.pick([90, 180, 270]) + rng.range(-6, 6);
    img = sharp(await img.rotate(turn, { background: '#3a3a3a' }).png().toBuffer());
  } else {
    const lines = rng.chance(0.5) ? guilloche(rng, width, height) : denseGuilloche(rng, width, height);
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${lines}</svg>`;
    // Printed in colour under the black MRZ ink, also where the scan itself is gray.
    const raw = await img.raw().toBuffer({ resolveWithObject: true });
    const rgb = Buffer.alloc(raw.info.width * raw.info.height * 3);
    const step = raw.info.channels;
    for (let i = 0, o = 0; o < rgb.length; i += step, o += 3)
      for (let c = 0; c < 3; c++) rgb[o + c] = raw.data[i + (step >= 3 ? c : 0)];
    const base = sharp(rgb, { raw: { width: raw.info.width, height: raw.info.height, channels: 3 } });
    img = sharp(
      await base
        .composite([{ input: Buffer.from(svg), blend: 'multiply' }])
        .png()
        .toBuffer(),
    );
  }
  return img.jpeg({ quality: 85 }).toBuffer();
}

export async function writeDegradedSet(
  srcDir: string,
  outDir: string,
  half: SplitHalf,
  perKind = 2,
  seed = 1,
): Promise<number> {
  const truth = JSON.parse(readFileSync(path.join(srcDir, 'truth.json'), 'utf8')) as Record<string, unknown>;
  const out: Record<string, unknown> = {
    _about: `Generated by test/support/docgen/degradeReal.ts from the ${half} half of ${path.basename(srcDir)} (seed ${seed}, ${perKind} per kind): ${REAL_KINDS.join(', ')}.`,
  };
  mkdirSync(outDir, { recursive: true });
  let n = 0;
  for (const [file, entry] of Object.entries(truth)) {
    if (file.startsWith('_') || splitHalf(file) !== half) continue;
    const lines = Array.isArray(entry) ? (entry as string[]) : (entry as { lines: string[] }).lines;
    const bytes = readFileSync(path.join(srcDir, file));
    const pitch = (await zonePitch(bytes, lines[0].length)) ?? 20;
    for (const kind of REAL_KINDS) {
      for (let i = 0; i < perKind; i++) {
        const rng = seededRandom(seed * 104729 + n * 31 + i);
        const name = `${kind}-${i}__${file.replace(/\.[^.]+$/, '')}.jpg`;
        writeFileSync(path.join(outDir, name), await degrade(kind, bytes, pitch, rng));
        out[name] = { lines, kind, source: file };
      }
    }
    n++;
  }
  writeFileSync(path.join(outDir, 'truth.json'), JSON.stringify(out, null, 1));
  return Object.keys(out).length - 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [src, dir, ...rest] = process.argv.slice(2);
  const opt = (name: string) => {
    const i = rest.indexOf(`--${name}`);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  const half = opt('half');
  if (!src || !dir || (half !== 'dev' && half !== 'held-out'))
    throw new Error(
      'usage: npx tsx test/support/docgen/degradeReal.ts SRCDIR OUTDIR --half dev|held-out [--per-kind N] [--seed S]',
    );
  const n = await writeDegradedSet(
    path.resolve(src),
    path.resolve(dir),
    half,
    Number(opt('per-kind') ?? 2),
    Number(opt('seed') ?? 1),
  );
  console.log(`wrote ${n} images to ${path.resolve(dir)}`);
}
