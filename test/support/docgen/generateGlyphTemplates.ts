// Generates vision/mrz/glyphTemplates.ts: OCR-B glyph templates for the MRZ classifier.
// Renders sheets of MRZ characters with Debian's fonts-ocr-b (OCRB.otf) through sharp/librsvg at
// several sizes, blurs and stroke weights, runs them through the reader's own locate → cells →
// features path, and averages the features per character and variant.
//   npx tsx test/support/docgen/generateGlyphTemplates.ts
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import sharp from 'sharp';
import { describeCells } from '../../../vision/mrz/cellFeatures';
import { FEATURE_DIMS, GRID_H, GRID_W } from '../../../vision/mrz/glyphFeatures';
import { buildCellGrid } from '../../../vision/mrz/glyphCells';
import { toGray } from '../../../vision/mrz/grayImage';
import { locateMrz } from '../../../vision/mrz/mrzLocator';
import { OCRB_FONT_FAMILY, escapeXml } from './ocrbText';

const ALPHABET = '<0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const here = path.dirname(fileURLToPath(import.meta.url));
const outFile = path.resolve(here, '../../../vision/mrz/glyphTemplates.ts');

interface Variant {
  name: string;
  family: string;
  /** [font size px, angle °] of the sheets averaged into this variant's templates. */
  sheets: [number, number][];
  /** Stroke in em: positive = bolder (black stroke), negative = thinner (paper-coloured stroke). */
  stroke: number;
  blur: number;
}

// Deterministic shuffles so both rows mix neighbours (kerning-free monospace anyway).
function rotated(s: string, by: number): string {
  return s.slice(by) + s.slice(0, by);
}

/** Rows of 44 characters, a TD3 line, so the locator finds the sheet as a two-line zone. */
function sheetRows(): string[] {
  const a = ALPHABET + '<<<<<<<';
  return [a, rotated(ALPHABET, 17) + 'KLX<<<<', rotated(ALPHABET, 8) + '<0O1I58'];
}

async function renderSheet(
  rows: string[],
  fontSize: number,
  v: Variant,
  angle: number,
): Promise<{ data: Uint8Array; width: number; height: number }> {
  const pitch = fontSize * 0.72;
  const lineGap = fontSize * 1.25;
  const width = Math.round(pitch * (rows[0].length + 4));
  const height = Math.round(lineGap * (rows.length + 2));
  const stroke =
    v.stroke === 0
      ? ''
      : ` stroke="${v.stroke > 0 ? '#111' : '#f4f1ea'}" stroke-width="${(Math.abs(v.stroke) * fontSize).toFixed(2)}"`;
  const texts = rows
    .map((row, r) =>
      [...row]
        .map(
          (ch, k) =>
            `<text x="${(pitch * (k + 2.5)).toFixed(2)}" y="${(lineGap * (r + 1.5) + fontSize * 0.36).toFixed(2)}" text-anchor="middle" font-family="${v.family}" font-size="${fontSize}" fill="#111"${stroke}>${escapeXml(ch)}</text>`,
        )
        .join(''),
    )
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#f4f1ea"/>${texts}</svg>`;
  // Slightly rotated sheets: the reader resamples tilted glyphs, so templates should have been
  // through the same interpolation.
  let img = sharp(Buffer.from(svg));
  if (angle !== 0) img = sharp(await img.rotate(angle, { background: '#f4f1ea' }).png().toBuffer());
  if (v.blur > 0) img = img.blur(Math.max(0.3, v.blur * fontSize * 0.05));
  const { data, info } = await img.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.length),
    width: info.width,
    height: info.height,
  };
}

async function collect(): Promise<{ label: string; f: Float32Array }[]> {
  const variants: Variant[] = [];
  const sharpSheets: [number, number][] = [
    [30, 0],
    [44, 0],
    [64, 0],
    [36, 5],
    [52, -7],
  ];
  for (const stroke of [-0.025, 0, 0.03, 0.06]) {
    for (const blur of [0, 1, 2])
      variants.push({
        name: `ocrb s${stroke} b${blur}`,
        family: OCRB_FONT_FAMILY,
        stroke,
        blur,
        sheets: sharpSheets,
      });
  }
  // Low-resolution scans (5-12 px per character): glyphs rendered that small have lost their
  // fine shape to antialiasing, so they get templates of their own instead of being averaged
  // with the sharp ones.
  for (const [fontSize, pitchName] of [
    [9, 'xs'],
    [12, 's'],
    [15, 'm'],
  ] as const) {
    for (const stroke of [0, 0.05])
      variants.push({
        name: `ocrb low-res ${pitchName} s${stroke}`,
        family: OCRB_FONT_FAMILY,
        stroke,
        blur: 0,
        sheets: [
          [fontSize, 0],
          [fontSize + 1, 2],
        ],
      });
  }
  const out: { label: string; f: Float32Array }[] = [];
  const rows2 = sheetRows().slice(0, 2);
  for (const v of variants) {
    const sums = new Map<string, { f: Float64Array; n: number }>();
    for (const [fontSize, angle] of v.sheets) {
      for (const rows of [rows2, [rows2[1], sheetRows()[2]]]) {
        const img = await renderSheet(rows, fontSize, v, angle);
        const gray = toGray(img);
        const candidates = locateMrz(gray);
        const c = candidates[0];
        if (!c || c.chars !== rows[0].length)
          throw new Error(`template sheet not located (${v.name}, ${fontSize}px)`);
        const grid = buildCellGrid(c, 1);
        const { features } = describeCells(gray, grid);
        rows
          .join('')
          .split('')
          .forEach((ch, i) => {
            const s = sums.get(ch) ?? { f: new Float64Array(FEATURE_DIMS), n: 0 };
            for (let d = 0; d < FEATURE_DIMS; d++) s.f[d] += features[i][d];
            s.n++;
            sums.set(ch, s);
          });
      }
    }
    for (const [label, s] of sums) out.push({ label, f: Float32Array.from(s.f, (x) => x / s.n) });
  }
  return out;
}

const templates = await collect();
const grid = GRID_W * GRID_H;
const bytes = new Uint8Array(templates.length * FEATURE_DIMS);
templates.forEach((t, i) => {
  for (let d = 0; d < FEATURE_DIMS; d++) {
    const v = d < grid ? t.f[d] * 255 : t.f[d] * 100;
    bytes[i * FEATURE_DIMS + d] = Math.max(0, Math.min(255, Math.round(v)));
  }
});
const labels = templates.map((t) => t.label).join('');
const source = `// GENERATED by test/support/docgen/generateGlyphTemplates.ts from Debian's fonts-ocr-b (OCRB.otf).
// Do not edit: re-run the generator. ${templates.length} templates × ${FEATURE_DIMS} bytes
// (${GRID_W}×${GRID_H} ink grid scaled 0..255, then aspect and relative height ×100).
export const GLYPH_TEMPLATES = {
  labels: ${JSON.stringify(labels)},
  data: ${JSON.stringify(Buffer.from(bytes).toString('base64'))},
} as const;
`;
writeFileSync(
  outFile,
  await prettier.format(source, { ...(await prettier.resolveConfig(outFile)), filepath: outFile }),
);
console.log(`wrote ${outFile}: ${templates.length} templates`);
