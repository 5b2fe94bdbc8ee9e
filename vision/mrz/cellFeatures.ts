// Feature vectors for every cell of a located MRZ: sample upright patches, find local ink
// levels, isolate each glyph, describe it.
import type { GrayImage } from '../contract';
import { type CellGrid, PATCH_W, cellLevels, samplePatches } from './glyphCells';
import { glyphBox, glyphFeatures } from './glyphFeatures';

export interface CellDescription {
  features: Float32Array[];
  /** Paper minus ink level per cell (low = faded or glare). */
  contrast: number[];
  /** Cells in which no glyph was found. */
  empty: number;
}

export function describeCells(gray: GrayImage, grid: CellGrid): CellDescription {
  const patches = samplePatches(gray, grid);
  const levels = cellLevels(patches, grid.rows, grid.chars);
  const boxes = patches.map((p, i) => glyphBox(p, levels[i]));
  const heights = boxes
    .filter((b) => b.pixels > 0)
    .map((b) => b.y1 - b.y0 + 1)
    .sort((a, b) => a - b);
  // Most MRZ characters are full height ('<' fillers are shorter): take an upper quantile.
  const typical = heights.length ? heights[Math.floor(heights.length * 0.8)] : PATCH_W;
  return {
    features: patches.map((p, i) => glyphFeatures(p, levels[i], boxes[i], typical)),
    contrast: levels.map((l) => l.paper - l.ink),
    empty: boxes.filter((b) => b.pixels === 0).length,
  };
}
