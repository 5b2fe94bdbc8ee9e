// Reads the machine readable zone of an ID document from a photo or scan. Platform-neutral:
// runs in Node and in a Web Worker (no node imports here).
//
// 1. locate: on a downscaled gray copy, find 2-3 parallel rows of evenly pitched glyph blobs
//    (mrzLocator.ts); 2. place one cell per character with a perspective-tolerant row model and
//    sample each cell upright from the full-resolution image (glyphCells.ts); 3. classify each
//    glyph against OCR-B templates (glyphClassifier.ts), keeping alternatives; 4. constrain each
//    position to what the layout allows there and let check digits pick among close alternatives
//    (mrzTextChoice.ts); 5. parse with mrzParser.ts. Both reading directions are tried, so an
//    upside-down document reads too.
import type { GrayImage, MrzReading, RgbaImage } from '../contract';
import { describeCells } from './cellFeatures';
import { type CharChoice, classifyGlyph } from './glyphClassifier';
import { type CellGrid, buildCellGrid, flipGrid } from './glyphCells';
import { downscale, rotateGray90, toGray } from './grayImage';
import { type MrzCandidate, locateMrz } from './mrzLocator';
import { zoneLayout } from './mrzLayout';
import { parseMrz } from './mrzParser';
import { chooseText } from './mrzTextChoice';

/** Long side of the copy used for locating (finer when nothing is found). */
const LOCATE_LONG_SIDE = 1000;
/** Mean glyph distance above which a "zone" is not text we can read (a false find). */
const MAX_MEAN_DISTANCE = 0.09;
const MAX_CANDIDATES = 3;
/** Below this mean distance the glyphs are OCR-B beyond doubt, even if check digits fail. */
const CLEAN_MEAN_DISTANCE = 0.03;

export interface ReadMrzOptions {
  /** Reference date for two-digit years (defaults to now). */
  now?: Date;
}

interface Attempt {
  reading: MrzReading;
  meanDistance: number;
  passed: number;
}

function classifyGrid(gray: GrayImage, grid: CellGrid): { choices: CharChoice[][]; mean: number } {
  const { features } = describeCells(gray, grid);
  const choices = features.map((f) => classifyGlyph(f));
  const mean = choices.reduce((s, c) => s + c[0].d, 0) / choices.length;
  return { choices, mean };
}

function readCandidate(
  gray: GrayImage,
  candidate: MrzCandidate,
  scale: number,
  now: Date | undefined,
): Attempt | null {
  const grid = buildCellGrid(candidate, scale);
  const upright = classifyGrid(gray, grid);
  let best = upright;
  // Only look the other way round when the upright read is not clean (saves half the work).
  if (upright.mean > 0.03) {
    const flipped = classifyGrid(gray, flipGrid(grid));
    if (flipped.mean < upright.mean) best = flipped;
  }
  const first = best.choices[0].filter((c) => /[A-Z]/.test(c.ch))[0]?.ch ?? 'P';
  const layout = zoneLayout(candidate.rows.length, candidate.chars, first);
  if (!layout) return null;
  const chosen = chooseText(best.choices, layout);
  const reading = parseMrz(chosen.lines, now ? { now } : {});
  if (!reading) return null;
  if (chosen.repairs.length) reading.repairs = [...chosen.repairs, ...(reading.repairs ?? [])];
  const checks = layout.groups.length + (layout.composite ? 1 : 0);
  const passed = checks - reading.invalid_fields.filter((f) => f !== 'names').length;
  return { reading, meanDistance: chosen.meanDistance, passed };
}

function locateScales(gray: GrayImage): number[] {
  const long = Math.max(gray.width, gray.height);
  const first = Math.max(1, Math.round(long / LOCATE_LONG_SIDE));
  // A small MRZ in a big frame may be too small to find on the coarse copy: look closer next.
  return first > 1 ? [first, Math.max(1, Math.floor(first / 2))] : [first];
}

function readGray(gray: GrayImage, now: Date | undefined): Attempt | null {
  let best: Attempt | null = null;
  for (const scale of locateScales(gray)) {
    const small = downscale(gray, scale);
    const candidates = locateMrz(small).slice(0, MAX_CANDIDATES);
    for (const c of candidates) {
      const attempt = readCandidate(gray, c, scale, now);
      if (!attempt || attempt.meanDistance > MAX_MEAN_DISTANCE) continue;
      if (
        !best ||
        attempt.passed > best.passed ||
        (attempt.passed === best.passed && attempt.meanDistance < best.meanDistance)
      ) {
        best = attempt;
      }
      if (attempt.reading.valid) return attempt;
    }
    if (best) break;
  }
  return best;
}

/** Trust a zone when a check digit holds, or when its glyphs are clean OCR-B matches. */
function trustworthy(a: Attempt | null): a is Attempt {
  return a !== null && (a.passed > 0 || a.meanDistance < CLEAN_MEAN_DISTANCE);
}

/**
 * Finds the MRZ anywhere on the image, reads and parses it.
 * Resolves to null when no MRZ was found (an answer, not an error).
 */
export async function readMrz(image: RgbaImage, options: ReadMrzOptions = {}): Promise<MrzReading | null> {
  if (!image || image.width < 16 || image.height < 16) return null;
  const gray = toGray(image);
  const upright = readGray(gray, options.now);
  if (upright?.reading.valid) return upright.reading;
  // Nothing (valid) the right way up or upside down: the document may lie sideways.
  const sideways = readGray(rotateGray90(gray), options.now);
  const found = [upright, sideways].filter(trustworthy);
  found.sort((a, b) => b.passed - a.passed || a.meanDistance - b.meanDistance);
  return found[0]?.reading ?? null;
}
