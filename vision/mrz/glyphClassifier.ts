// Nearest-neighbour classification of MRZ glyphs against templates rendered from the OCR-B font
// (see test/support/docgen/generateGlyphTemplates.ts, which writes glyphTemplates.ts).
import { FEATURE_DIMS, GRID_H, GRID_W } from './glyphFeatures';
import { GLYPH_TEMPLATES } from './glyphTemplates';

export const MRZ_ALPHABET = '<0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export interface CharChoice {
  ch: string;
  /** Distance to the closest template of that character (smaller is better). */
  d: number;
}

const ASPECT_WEIGHT = 1.0;
const HEIGHT_WEIGHT = 2.0;
const GRID = GRID_W * GRID_H;

interface TemplateSet {
  labels: string;
  features: Float32Array;
}

function decodeTemplates(): TemplateSet {
  const bin = atob(GLYPH_TEMPLATES.data);
  const count = GLYPH_TEMPLATES.labels.length;
  const features = new Float32Array(count * FEATURE_DIMS);
  for (let t = 0; t < count; t++) {
    for (let i = 0; i < FEATURE_DIMS; i++) {
      const byte = bin.charCodeAt(t * FEATURE_DIMS + i);
      // Grid values are quantised 0..255 → 0..1; shape values 0..255 → 0..2.55.
      features[t * FEATURE_DIMS + i] = i < GRID ? byte / 255 : byte / 100;
    }
  }
  return { labels: GLYPH_TEMPLATES.labels, features };
}

let templates: TemplateSet | null = null;

/** Distances from a feature vector to each character (closest template), best first. */
export function classifyGlyph(f: Float32Array): CharChoice[] {
  templates ??= decodeTemplates();
  const { labels, features } = templates;
  const best = new Float64Array(MRZ_ALPHABET.length).fill(Infinity);
  const shapeOf = (off: number) => {
    const da = f[GRID] - features[off + GRID];
    const dh = f[GRID + 1] - features[off + GRID + 1];
    return ASPECT_WEIGHT * da * da + HEIGHT_WEIGHT * dh * dh;
  };
  for (let t = 0; t < labels.length; t++) {
    const off = t * FEATURE_DIMS;
    const c = labelIndex(labels, t);
    // Every term is non-negative: once the partial sum passes this character's best so far, the
    // template cannot win (most are abandoned early; the reader classifies thousands of cells).
    const shape = shapeOf(off);
    const bound = (best[c] - shape) * GRID;
    if (bound <= 0) continue;
    let s = 0;
    let i = 0;
    for (; i < GRID; i++) {
      const diff = f[i] - features[off + i];
      s += diff * diff;
      if ((i & 15) === 15 && s > bound) break;
    }
    if (i < GRID) continue;
    const d = s / GRID + shape;
    if (d < best[c]) best[c] = d;
  }
  const out: CharChoice[] = [];
  for (let c = 0; c < MRZ_ALPHABET.length; c++)
    if (best[c] !== Infinity) out.push({ ch: MRZ_ALPHABET[c], d: best[c] });
  return out.sort((a, b) => a.d - b.d);
}

let labelIndices: Int8Array | null = null;

function labelIndex(labels: string, t: number): number {
  if (!labelIndices) {
    labelIndices = new Int8Array(labels.length);
    for (let i = 0; i < labels.length; i++) labelIndices[i] = MRZ_ALPHABET.indexOf(labels[i]);
  }
  return labelIndices[t];
}
