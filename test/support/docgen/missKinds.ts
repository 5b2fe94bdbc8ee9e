// Generated cases of each way real MRZ reads were seen to fail (issue 8, part 4): low-resolution
// scans (5-12 px per character), a coloured guilloche or watermark over the zone, visas (V +
// letter), a seal or handwriting beside the zone and form buttons under it, rotation of 15-120°
// with perspective, `<`/L and 0/O look-alikes on a good photo, and the pre-2021 French ID card's
// 2×36 layout. Written as a folder of images with truth.json, the format
// `npm run -s bench -- mrz-real DIR` reads:
//   npx tsx test/support/docgen/missKinds.ts OUTDIR [--per-kind N] [--seed S] [--font FAMILY] [--ink FRACTION]
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp, { type Sharp } from 'sharp';
import type { Point } from '../../../vision/contract';
import { applyHomography, homographyFromPoints } from '../../../vision/image/homography';
import { FRENCH_ID_LAYOUT } from '../../../vision/mrz/mrzLayout';
import { checkDigitOf, randomSpecimen } from './mrzSpecimen';
import { OCRB_FONT_FAMILY, escapeXml } from './ocrbText';
import { type Random, seededRandom } from './seededRandom';

export const MISS_KINDS = [
  'low-resolution',
  'guilloche',
  'visa',
  'seal-beside',
  'rotation-perspective',
  'look-alikes',
  'french-id',
  // Harder variants of the kinds above, closer to what real photos and scans do.
  'webcam-low-resolution',
  'dense-guilloche',
  'quarter-turn',
  'rendered-form',
  'clean-scan',
  // The low end of real scans (most real-world misses): 5-7 px per character, a soft scanner.
  'very-low-resolution',
] as const;
export type MissKind = (typeof MISS_KINDS)[number];

/**
 * How the zone is printed, for calibration sets the reader's templates were not drawn from: another
 * OCR-B digitisation (Debian's fonts-ocr-b ships a "Sharp" cut, `OCR B S`, besides the regular one
 * the templates come from) and ink spread (a stroke round each glyph, as a fraction of the pitch:
 * real MRZ print is often heavier than the font's outline).
 */
export interface MissStyle {
  font?: string;
  ink?: number;
}

export interface MissCase {
  kind: MissKind;
  name: string;
  lines: string[];
  bytes: Buffer;
  /** The zone's font when it is not OCR-B (the reader's sans mono templates are DejaVu's). */
  font?: string;
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function word(rng: Random, min: number, max: number, letters = LETTERS): string {
  let s = '';
  for (let i = rng.int(min, max); i > 0; i--) s += rng.pick([...letters]);
  return s;
}

/** A visa's lines (MRV-A from a TD3 identity, MRV-B from a TD2 one): V + letter, no composite. */
function visaLines(rng: Random): string[] {
  const long = rng.chance(0.5);
  const spec = randomSpecimen(rng, long ? 'TD3' : 'TD2');
  const optionalLength = long ? 16 : 8;
  const optional = rng.chance(0.5) ? word(rng, 3, optionalLength, 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789') : '';
  const first = `V${rng.pick([...'CDISTU<'])}${spec.lines[0].slice(2)}`;
  return [first, (spec.lines[1].slice(0, 28) + optional).padEnd(long ? 44 : 36, '<')];
}

/** A French ID card's lines with its own check digits (see FRENCH_ID_LAYOUT). */
export function frenchIdLines(rng: Random): string[] {
  const L = FRENCH_ID_LAYOUT;
  const surname = word(rng, 3, 12);
  const given = rng.chance(0.4) ? `${word(rng, 3, 7)}<<${word(rng, 2, 5)}` : word(rng, 3, 11);
  const dept = String(rng.int(1, 95)).padStart(2, '0') + rng.pick(['0', '1', '2', '3']);
  const office = String(rng.int(1, 999)).padStart(3, '0');
  const line1 = `${L.prefix}${surname.padEnd(25, '<')}${dept}${office}`;
  const number = `${String(rng.int(94, 120) % 100).padStart(2, '0')}${String(rng.int(1, 12)).padStart(2, '0')}${dept}${String(rng.int(0, 99999)).padStart(5, '0')}`;
  const yy = String(rng.int(1930, 2005) % 100).padStart(2, '0');
  const birth = `${yy}${String(rng.int(1, 12)).padStart(2, '0')}${String(rng.int(1, 28)).padStart(2, '0')}`;
  const head = `${number}${checkDigitOf(number)}${given.slice(0, 14).padEnd(14, '<')}${birth}${checkDigitOf(birth)}${rng.pick(['M', 'F'])}`;
  return [line1, head + checkDigitOf(line1 + head)];
}

/** Lines full of look-alikes: names with O and L next to fillers, numbers with 0. */
function lookAlikeLines(rng: Random): string[] {
  for (;;) {
    const spec = randomSpecimen(rng, rng.pick(['TD1', 'TD3'] as const));
    const joined = spec.lines.join('');
    if (/[OL]/.test(joined) && /0/.test(joined)) return spec.lines;
  }
}

interface Scene {
  lines: string[];
  /** Font of the zone (a rendered form may print it in any monospaced font). */
  font?: string;
  /** Plain white page: no card, no portrait, no visual zone. */
  plain?: boolean;
  /** Ink spread round each glyph, as a fraction of the pitch (0: the outline as drawn). */
  ink?: number;
  /** Card width in px and character pitch. */
  width: number;
  pitch: number;
  extras: string;
  below: string;
}

function cardSvg(s: Scene, rng: Random): { svg: string; width: number; height: number } {
  const { lines, pitch } = s;
  const zoneWidth = pitch * lines[0].length;
  const width = Math.max(s.width, Math.round(zoneWidth + pitch * 4));
  const height = Math.round(width * 0.7);
  const left = (width - zoneWidth) / 2;
  const lineGap = pitch * 1.6;
  const top = height - pitch * 2.2 - lineGap * (lines.length - 1) - (s.below ? pitch * 3 : 0);
  const zone = lines
    .map((l, r) =>
      [...l]
        .map(
          (ch, k) =>
            `<text x="${(left + (k + 0.5) * pitch).toFixed(1)}" y="${(top + r * lineGap).toFixed(1)}" text-anchor="middle">${escapeXml(ch)}</text>`,
        )
        .join(''),
    )
    .join('');
  // The visual zone: a portrait box and a few printed labels/values in a proportional font.
  const viz = [0, 1, 2, 3, 4]
    .map(
      (i) =>
        `<text x="${(width * 0.36).toFixed(0)}" y="${(height * (0.16 + i * 0.1)).toFixed(0)}" font-family="DejaVu Sans" font-size="${(pitch * 0.8).toFixed(1)}" fill="#333">${word(rng, 4, 9)} ${word(rng, 3, 8)}</text>`,
    )
    .join('');
  const font = s.font ?? OCRB_FONT_FAMILY;
  // DejaVu/Noto Sans Mono advance 0.6 em: their size per pitch differs from OCR-B's 0.72.
  const fontSize = font.startsWith(OCRB_FONT_FAMILY) ? pitch / 0.72 : pitch / 0.62;
  const spread = s.ink
    ? ` stroke="#1d1d1f" stroke-width="${(s.ink * pitch).toFixed(2)}" stroke-linejoin="round"`
    : '';
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<rect width="100%" height="100%" fill="${s.plain ? '#fdfdfd' : '#f1efe6'}"/>` +
    (s.plain
      ? ''
      : `<rect x="${width * 0.05}" y="${height * 0.1}" width="${width * 0.25}" height="${height * 0.45}" fill="#b9b2a8"/>` +
        viz) +
    s.extras +
    `<g font-family="${font}" font-size="${fontSize.toFixed(2)}" fill="#1d1d1f"${spread}>${zone}</g>` +
    s.below.replace(/\{TOP\}/g, (top + lineGap * lines.length).toFixed(0)) +
    `</svg>`;
  return { svg, width, height };
}

export function guilloche(rng: Random, width: number, height: number): string {
  const colours = ['#d96b8a', '#5a8fd1', '#6bbf7a', '#d1a54a', '#9a6bd1'];
  let out = '';
  for (let i = 0; i < 36; i++) {
    const c = rng.pick(colours);
    let d = `M0 ${((i * height) / 36).toFixed(1)}`;
    const f = rng.range(18, 40);
    for (let x = 0; x <= width; x += 8)
      d += ` L${x} ${((i * height) / 36 + 9 * Math.sin(x / f + i * 0.7)).toFixed(1)}`;
    out += `<path d="${d}" fill="none" stroke="${c}" stroke-opacity="0.55" stroke-width="1.6"/>`;
  }
  // A large pale watermark over the zone.
  out += `<text x="${width * 0.5}" y="${height * 0.9}" text-anchor="middle" font-family="DejaVu Sans" font-weight="bold" font-size="${(height * 0.35).toFixed(0)}" fill="${rng.pick(colours)}" fill-opacity="0.25">${word(rng, 3, 5)}</text>`;
  return out;
}

/** Fine coloured guilloche, saturated and dense, right over the zone (as on many ID cards). */
export function denseGuilloche(rng: Random, width: number, height: number): string {
  const colours = ['#e0507a', '#3f7fd6', '#3fae5a', '#d68f2a', '#8f4fd6', '#20a8b8'];
  let out = '';
  for (let i = 0; i < 90; i++) {
    const c = rng.pick(colours);
    const y0 = (i * height) / 90;
    const f = rng.range(10, 30);
    const a = rng.range(4, 14);
    let d = `M0 ${y0.toFixed(1)}`;
    for (let x = 0; x <= width; x += 5) d += ` L${x} ${(y0 + a * Math.sin(x / f + i * 1.3)).toFixed(1)}`;
    out += `<path d="${d}" fill="none" stroke="${c}" stroke-opacity="${rng.range(0.5, 0.85).toFixed(2)}" stroke-width="${rng.range(0.8, 1.8).toFixed(2)}"/>`;
  }
  return out;
}

function sealAndHandwriting(rng: Random, width: number, height: number, pitch: number): string {
  const cx = width * rng.range(0.75, 0.9);
  // Beside the zone, its edge over the last characters (as a stamp lands on a real page).
  const cy = height * 0.74;
  const r = pitch * 3.2;
  let out = `<g fill="none" stroke="#3b4fa0" stroke-opacity="0.75" stroke-width="${(pitch * 0.18).toFixed(1)}"><circle cx="${cx}" cy="${cy}" r="${r}"/><circle cx="${cx}" cy="${cy}" r="${r * 0.72}"/></g>`;
  out += `<text x="${cx}" y="${cy + pitch * 0.4}" text-anchor="middle" font-family="DejaVu Sans" font-size="${pitch}" fill="#3b4fa0" fill-opacity="0.75">${word(rng, 4, 6)}</text>`;
  // A signature: a few loose strokes left of the seal.
  let d = `M${(width * 0.4).toFixed(0)} ${(height * 0.66).toFixed(0)}`;
  for (let i = 0; i < 8; i++)
    d += ` q ${(pitch * rng.range(0.5, 2)).toFixed(1)} ${(-pitch * rng.range(0.5, 2)).toFixed(1)} ${(pitch * rng.range(1, 3)).toFixed(1)} ${(pitch * rng.range(-0.5, 0.5)).toFixed(1)}`;
  out += `<path d="${d}" fill="none" stroke="#14143c" stroke-width="${(pitch * 0.14).toFixed(1)}"/>`;
  return out;
}

function buttons(width: number, pitch: number): string {
  let out = '';
  for (let i = 0; i < 5; i++) {
    const x = width * (0.05 + i * 0.19);
    out += `<rect x="${x}" y="{TOP}" width="${width * 0.15}" height="${pitch * 1.6}" rx="3" fill="#e2e2e2" stroke="#777"/>`;
    out += `<text x="${x + width * 0.075}" y="{TOP}" dy="${pitch * 1.1}" text-anchor="middle" font-family="DejaVu Sans" font-size="${pitch * 0.8}" fill="#111">Button</text>`;
  }
  return out;
}

/** Warps an RGBA image by the homography that sends its corners to `to` (bilinear, dark outside). */
export async function warp(png: Buffer, rng: Random): Promise<Buffer> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const w = info.width;
  const h = info.height;
  const angle = ((rng.range(15, 120) * Math.PI) / 180) * (rng.chance(0.5) ? 1 : -1);
  const size = Math.ceil(Math.hypot(w, h) * 1.1);
  const c = size / 2;
  const corners: Point[] = [
    { x: -w / 2, y: -h / 2 },
    { x: w / 2, y: -h / 2 },
    { x: w / 2, y: h / 2 },
    { x: -w / 2, y: h / 2 },
  ].map((p, i) => {
    // Perspective: one side nearer the camera than the other.
    const k = 1 + (i === 1 || i === 2 ? 0.12 : -0.06) * rng.range(0.6, 1);
    const x = p.x * k;
    const y = p.y * k;
    return {
      x: c + x * Math.cos(angle) - y * Math.sin(angle),
      y: c + x * Math.sin(angle) + y * Math.cos(angle),
    };
  });
  const inverse = homographyFromPoints(corners, [
    { x: 0, y: 0 },
    { x: w, y: 0 },
    { x: w, y: h },
    { x: 0, y: h },
  ]);
  if (!inverse) throw new Error('degenerate warp');
  const out = Buffer.alloc(size * size * 3, 40);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const p = applyHomography(inverse, { x: x + 0.5, y: y + 0.5 });
      const sx = p.x - 0.5;
      const sy = p.y - 0.5;
      if (sx < 0 || sy < 0 || sx >= w - 1 || sy >= h - 1) continue;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      for (let ch = 0; ch < 3; ch++) {
        const at = (xx: number, yy: number) => data[(yy * w + xx) * 4 + ch];
        const v =
          (at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx) * (1 - fy) +
          (at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx) * fy;
        out[(y * size + x) * 3 + ch] = Math.round(v);
      }
    }
  }
  return sharp(out, { raw: { width: size, height: size, channels: 3 } })
    .png()
    .toBuffer();
}

/**
 * A far, cheap webcam: soft focus, made small (`width()`, asked after the blur is drawn), sensor
 * noise, then strong JPEG.
 */
export async function farWebcam(img: Sharp, width: () => number, rng: Random): Promise<Sharp> {
  const small = await sharp(await img.blur(rng.range(0.8, 1.6)).png().toBuffer())
    .resize({ width: width() })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const noisy = Buffer.from(small.data);
  for (let i = 0; i < noisy.length; i++) noisy[i] = Math.max(0, Math.min(255, noisy[i] + rng.gauss() * 6));
  return sharp(
    await sharp(noisy, { raw: small.info })
      .jpeg({ quality: rng.int(40, 65) })
      .toBuffer(),
  );
}

/** One case of `kind`, deterministic in `seed`. */
export async function missCase(kind: MissKind, seed: number, style: MissStyle = {}): Promise<MissCase> {
  const rng = seededRandom(seed * 7919 + MISS_KINDS.indexOf(kind));
  const lines =
    kind === 'visa'
      ? visaLines(rng)
      : kind === 'french-id'
        ? frenchIdLines(rng)
        : kind === 'look-alikes'
          ? lookAlikeLines(rng)
          : randomSpecimen(rng, rng.pick(['TD1', 'TD2', 'TD3'] as const)).lines;
  const pitch = kind === 'clean-scan' ? 34 : 24;
  const scene: Scene = {
    lines,
    width: 1000,
    pitch,
    extras: '',
    below: '',
    ...(style.font ? { font: style.font } : {}),
    ...(style.ink ? { ink: style.ink } : {}),
  };
  if (kind === 'clean-scan') scene.plain = true;
  if (kind === 'rendered-form') {
    scene.font = rng.pick(['DejaVu Sans Mono', 'Noto Sans Mono']);
    scene.below = buttons(1000, pitch);
  }
  const base = cardSvg(scene, rng);
  if (kind === 'guilloche') scene.extras = guilloche(rng, base.width, base.height);
  if (kind === 'dense-guilloche') scene.extras = denseGuilloche(rng, base.width, base.height);
  if (kind === 'seal-beside') {
    scene.extras = sealAndHandwriting(rng, base.width, base.height, pitch);
    if (rng.chance(0.5)) scene.below = buttons(base.width, pitch);
  }
  const card = cardSvg(scene, seededRandom(seed));
  let img = sharp(Buffer.from(card.svg));
  if (kind === 'low-resolution') {
    // 5-12 px per character, then a soft JPEG: a small scan or a far webcam.
    const target = rng.range(5, 12);
    img = sharp(await img.png().toBuffer()).resize({ width: Math.round((card.width * target) / pitch) });
    img = sharp(await img.jpeg({ quality: rng.int(60, 85) }).toBuffer());
  } else if (kind === 'very-low-resolution') {
    // 5-7 px per character: a scanner's optics blur a little, then area downsampling and JPEG.
    const target = rng.range(5, 7);
    const soft = await img.blur(rng.range(0.6, 1.2)).png().toBuffer();
    img = sharp(soft).resize({ width: Math.round((card.width * target) / pitch), kernel: 'cubic' });
    img = sharp(await img.jpeg({ quality: rng.int(55, 80) }).toBuffer());
  } else if (kind === 'webcam-low-resolution') {
    // 5-8 px per character, soft focus, sensor noise, then strong JPEG: a far, cheap webcam.
    const width = Math.round((card.width * rng.range(5, 8)) / pitch);
    img = await farWebcam(img, () => width, rng);
  } else if (kind === 'quarter-turn') {
    // Sideways or upside down, a few degrees off square.
    const turn = rng.pick([90, 180, 270]) + rng.range(-6, 6);
    img = sharp(await img.rotate(turn, { background: '#3a3a3a' }).blur(0.6).png().toBuffer());
  } else if (kind === 'rotation-perspective') {
    img = sharp(await warp(await img.png().toBuffer(), rng));
  } else if (kind === 'look-alikes') {
    // A good photo: mild blur and JPEG, glyphs a little heavier or lighter than the templates.
    img = img.blur(rng.range(0.5, 1.1));
  } else {
    img = img.blur(0.6);
  }
  const bytes = await img.jpeg({ quality: 82 }).toBuffer();
  return { kind, name: `${kind}-${seed}.jpg`, lines, bytes, ...(scene.font ? { font: scene.font } : {}) };
}

/** Writes `perKind` cases of every kind and truth.json into `dir`. */
export async function writeMissKindSet(
  dir: string,
  perKind: number,
  seed = 1,
  style: MissStyle = {},
): Promise<MissCase[]> {
  mkdirSync(dir, { recursive: true });
  const truth: Record<string, unknown> = {
    _about: `Generated by test/support/docgen/missKinds.ts (seed ${seed}, ${perKind} per kind${style.font ? `, font ${style.font}` : ''}${style.ink ? `, ink ${style.ink}` : ''}): ${MISS_KINDS.join(', ')}.`,
  };
  const cases: MissCase[] = [];
  for (const kind of MISS_KINDS) {
    for (let i = 0; i < perKind; i++) {
      const c = await missCase(kind, seed * 1000 + i, style);
      writeFileSync(path.join(dir, c.name), c.bytes);
      truth[c.name] = { lines: c.lines, kind, source: 'generated', ...(c.font ? { font: c.font } : {}) };
      cases.push(c);
    }
  }
  writeFileSync(path.join(dir, 'truth.json'), JSON.stringify(truth, null, 1));
  return cases;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [dir, ...rest] = process.argv.slice(2);
  const opt = (name: string, fallback: number) => {
    const i = rest.indexOf(`--${name}`);
    return i >= 0 ? Number(rest[i + 1]) : fallback;
  };
  if (!dir)
    throw new Error(
      'usage: npx tsx test/support/docgen/missKinds.ts OUTDIR [--per-kind N] [--seed S] [--font FAMILY] [--ink FRACTION]',
    );
  const f = rest.indexOf('--font');
  const style: MissStyle = {
    ...(f >= 0 ? { font: rest[f + 1] } : {}),
    ...(opt('ink', 0) ? { ink: opt('ink', 0) } : {}),
  };
  const cases = await writeMissKindSet(path.resolve(dir), opt('per-kind', 6), opt('seed', 1), style);
  console.log(`wrote ${cases.length} cases to ${path.resolve(dir)}`);
}
