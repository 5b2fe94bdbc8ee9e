// Rectified images of a located zone's text lines, for a second reader (an OCR engine) that reads
// whole lines rather than cells: each row is sampled along its own perspective-aware cell grid
// into an upright strip at a fixed pitch, levelled so ink is black and paper white.
import type { GrayImage } from '../contract';
import type { CellGrid } from './glyphCells';
import { sampleBilinear } from './grayImage';

export interface LineImageOptions {
  /** Output pixels per character (OCR engines read best with glyphs 20-40 px tall). */
  pitch?: number;
  /** Blank margin left and right, in characters. */
  margin?: number;
}

const DEFAULT_PITCH = 24;
/** Strip height in pitches: an OCR-B glyph is about 1.4 pitches tall; room above and below. */
const LINE_HEIGHT = 2;

/** One upright strip per row of the grid, rows top to bottom, ink dark on white. */
export function zoneLineImages(gray: GrayImage, grid: CellGrid, options: LineImageOptions = {}): GrayImage[] {
  const pitch = options.pitch ?? DEFAULT_PITCH;
  const margin = options.margin ?? 1;
  const width = Math.round((grid.chars + 2 * margin) * pitch);
  const height = Math.round(LINE_HEIGHT * pitch);
  const lines: GrayImage[] = [];
  for (let r = 0; r < grid.rows; r++) {
    const data = new Uint8Array(width * height);
    const base = r * grid.chars;
    const srcPitch = Math.hypot(grid.px[base], grid.py[base]);
    // Supersample when the source has more pixels per character than the strip (no aliasing).
    const taps = Math.min(4, Math.max(1, Math.ceil(srcPitch / pitch)));
    for (let x = 0; x < width; x++) {
      // Position along the row in characters (cell k spans k-0.5..k+0.5 around its centre).
      const t = (x + 0.5) / pitch - margin - 0.5;
      for (let y = 0; y < height; y++) {
        let sum = 0;
        for (let ty = 0; ty < taps; ty++) {
          for (let tx = 0; tx < taps; tx++) {
            const tt = t + (tx + 0.5) / taps / pitch - 0.5 / pitch;
            const v = (y + (ty + 0.5) / taps) / pitch - LINE_HEIGHT / 2;
            const p = cellFrame(grid, base, tt);
            sum += sampleBilinear(gray, p.cx + p.u * p.px + v * p.qx, p.cy + p.u * p.py + v * p.qy);
          }
        }
        data[y * width + x] = Math.round(sum / (taps * taps));
      }
    }
    lines.push(level({ width, height, data }));
  }
  return lines;
}

/** The nearest cell's frame for position t (characters along the row), extrapolated past the ends. */
function cellFrame(grid: CellGrid, base: number, t: number) {
  const k = Math.min(grid.chars - 1, Math.max(0, Math.round(t)));
  const i = base + k;
  return {
    cx: grid.cx[i],
    cy: grid.cy[i],
    px: grid.px[i],
    py: grid.py[i],
    qx: grid.qx[i],
    qy: grid.qy[i],
    u: t - k,
  };
}

/** Stretches the strip so its darkest ink (2nd percentile) is 0 and its paper (median) 255. */
function level(img: GrayImage): GrayImage {
  const hist = new Uint32Array(256);
  for (const v of img.data) hist[v]++;
  const at = (q: number) => {
    let acc = 0;
    for (let v = 0; v < 256; v++) {
      acc += hist[v];
      if (acc >= q * img.data.length) return v;
    }
    return 255;
  };
  const ink = at(0.02);
  const paper = at(0.6);
  const span = Math.max(1, paper - ink);
  const data = new Uint8Array(img.data.length);
  for (let i = 0; i < data.length; i++)
    data[i] = Math.max(0, Math.min(255, Math.round(((img.data[i] - ink) * 255) / span)));
  return { width: img.width, height: img.height, data };
}
