// Placing cells on a located zone whose rows picked up a stray blob at an end (a piece of
// guilloche, a stamp's edge, a form's frame): the rows must keep their columns.
import { describe, expect, it } from 'vitest';
import { buildCellGrid } from '../../../vision/mrz/glyphCells';
import type { MrzCandidate, MrzRowGeometry } from '../../../vision/mrz/mrzLocator';
import type { Blob } from '../../../vision/mrz/textBlobs';

const PITCH = 20;
const HEIGHT = 24;

function blob(cx: number, cy: number, w = 14, h = HEIGHT): Blob {
  return {
    minX: cx - w / 2,
    maxX: cx + w / 2,
    minY: cy - h / 2,
    maxY: cy + h / 2,
    area: w * h * 0.4,
    cx,
    cy,
    w,
    h,
  };
}

/** A horizontal row of `chars` glyph blobs from x0, plus any extra blobs. */
function row(x0: number, y: number, chars: number, extra: Blob[] = []): MrzRowGeometry {
  const blobs = [...Array.from({ length: chars }, (_, k) => blob(x0 + k * PITCH, y)), ...extra];
  const ox = x0 + ((chars - 1) * PITCH) / 2;
  const items = blobs.map((b) => ({ t: b.cx - ox, s: b.cy - y, blob: b })).sort((a, b) => a.t - b.t);
  return {
    ux: 1,
    uy: 0,
    ox,
    oy: y,
    pitch: PITCH,
    height: HEIGHT,
    blobs: items,
    start: items[0].t - 7,
    end: items[items.length - 1].t + 7,
  };
}

describe('buildCellGrid', () => {
  it('keeps a row in its columns when a stray blob lies a gap beyond its end', () => {
    // Row 1 has a blob two pitches past its last glyph, row 2 one two pitches before its first.
    const rows = [
      row(100, 200, 44, [blob(100 + 45 * PITCH, 202, 12, 14)]),
      row(100, 240, 44, [blob(100 - 2 * PITCH, 238, 12, 20)]),
    ];
    const candidate: MrzCandidate = { rows, chars: 44, score: 1 };
    const grid = buildCellGrid(candidate, 1);
    const xs = (r: number) => [0, 43].map((k) => Math.round(grid.cx[r * 44 + k]));
    expect(xs(0)).toEqual([100, 100 + 43 * PITCH]);
    expect(xs(1)).toEqual([100, 100 + 43 * PITCH]);
  });

  it("does not number a frame edge twice a glyph's height beside a row as a character", () => {
    // A rendered form's border one pitch after row 1's last filler, as tall as two rows of text.
    const rows = [row(100, 200, 44, [blob(100 + 44 * PITCH, 210, 6, 2.1 * HEIGHT)]), row(100, 240, 44)];
    const grid = buildCellGrid({ rows, chars: 44, score: 1 }, 1);
    expect([0, 43].map((k) => Math.round(grid.cx[k]))).toEqual([100, 100 + 43 * PITCH]);
  });
});
