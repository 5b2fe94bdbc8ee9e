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
import { downscale, hasColour, rotateGray, rotateGray90, toGray, toInkGray, upscale2 } from './grayImage';
import { type MrzZoneReading, parseFrenchId } from './frenchIdParser';
import { type LocateOptions, type MrzCandidate, STRONG_INK_MARGIN, locateMrz } from './mrzLocator';
import {
  type CheckGroup,
  DOCUMENT_CODE_FIRST_LETTERS,
  FRENCH_ID_LAYOUT,
  FRENCH_ID_ZONE_LAYOUT,
  type ZoneLayout,
  zoneLayout,
} from './mrzLayout';
import { parseMrz } from './mrzParser';
import { type ChooseTextOptions, SMALL_PRINT_PITCH, chooseText } from './mrzTextChoice';
import { type MrzLineReader, judgedCells, opinionChoices } from './lineReaderOpinion';
import { classifyRendered } from './renderedGlyphClassifier';
import { zoneLineImages } from './zoneLineImages';

/** Long side of the copy used for locating (finer when nothing is found). */
const LOCATE_LONG_SIDE = 1000;
/** Mean glyph distance above which a "zone" is not text we can read (a false find). */
const MAX_MEAN_DISTANCE = 0.09;
const MAX_CANDIDATES = 3;
/** Long side below which an image where no zone was found is looked at again upscaled. */
const SMALL_LONG_SIDE = 640;
/**
 * Ink margins tried last on a small image where nothing was located: a far webcam's 5-8 px
 * characters are faint and run together, so the usual margin (0.12) and the strong one (0.35)
 * can both miss rows that a margin between them, or a lower one, separates. On degraded
 * development-half images (far webcam and very small, 68) zones not located went 15 → 6, exact
 * reads 34 → 36, with no key field wrong on a valid reading.
 */
const SMALL_IMAGE_INK_MARGINS = [0.2, 0.06];
/** Eighth turns tried when neither upright nor sideways reads (radians). */
const DIAGONALS = [Math.PI / 4, -Math.PI / 4];
/**
 * Mean glyph distance above which no check digit of the zone vouches for its field: the glyphs
 * are not OCR-B (a form printing its zone in another font, a misplaced grid), and one random
 * string in ten passes a check digit (on generated zones in sans mono fonts, wrong document
 * numbers passed with means of 0.047; exact OCR-B reads, real and generated, stayed below 0.03).
 */
const VOUCH_MAX_MEAN_DISTANCE = 0.036;

/** Below this mean distance the glyphs are OCR-B beyond doubt, even if check digits fail. */
const CLEAN_MEAN_DISTANCE = 0.03;

/**
 * A check digit passing on glyphs that match no OCR-B character well (a row read one column off,
 * a smear) is chance, not evidence: such a field is reported invalid. One in ten random strings
 * passes a check digit; this keeps wrong fields with valid check digits out of the results.
 */
const FIELD_MAX_DISTANCE = 0.1;

export interface MrzDiagnostics {
  meanDistance: number;
  /** Worst glyph distance within each check-digit-protected group. */
  groups: { name: string; maxDistance: number }[];
}

export interface ReadMrzOptions {
  /** Reference date for two-digit years (defaults to now). */
  now?: Date;
  /** Receives the confidence figures of the returned reading (benchmarks, tuning). */
  diagnostics?: (d: MrzDiagnostics) => void;
  /** Overrides FIELD_MAX_DISTANCE (tuning only). */
  fieldMaxDistance?: number;
  /**
   * A reader of whole lines (an OCR engine), asked about a located zone only when the glyph
   * classifiers' reading fails its check digits; its reading is kept only when every check digit
   * then holds.
   */
  lineReader?: MrzLineReader;
}

/** Options as the reading passes them down: the ties apply to the classifier being read. */
type ReadContext = ReadMrzOptions & { ties?: ChooseTextOptions };

/**
 * Ties for the rendered and fused reads: their distances separate look-alikes (O/0/D, 8/B, '<'/K)
 * less sharply, so an alternative further off still means the check digit cannot vouch.
 */
const SECOND_READ_TIES: ChooseTextOptions = {
  tieFactor: 1.5,
  tieFloor: 0.004,
  blindFactor: 2,
  blindFloor: 0.006,
};

interface Attempt {
  reading: MrzZoneReading;
  meanDistance: number;
  /** Check-digit groups holding, of `checks`. */
  passed: number;
  checks: number;
  diagnostics: MrzDiagnostics;
  /** Where it was read: for a second reader of the zone's lines. */
  zone?: ZoneSource;
}

interface ZoneSource {
  gray: GrayImage;
  grid: CellGrid;
  candidate: MrzCandidate;
  /** The classifier's alternatives per cell (the chosen orientation). */
  choices: CharChoice[][];
}

function groupDistance(g: CheckGroup, distances: number[][]): number {
  let max = distances[g.check[0]][g.check[1]];
  for (const [line, start, end] of g.data)
    for (let i = start; i < end; i++) max = Math.max(max, distances[line][i]);
  return max;
}

function classifyGrid(gray: GrayImage, grid: CellGrid): { choices: CharChoice[][]; mean: number } {
  const { features } = describeCells(gray, grid);
  const choices = features.map((f) => classifyGlyph(f));
  const mean = choices.reduce((s, c) => s + c[0].d, 0) / choices.length;
  return { choices, mean };
}

/** Which of two readings of the same zone the check digits support better. */
function better(a: Attempt, b: Attempt | null): boolean {
  if (!b) return true;
  if (a.passed !== b.passed) return a.passed > b.passed;
  if (a.checks - a.passed !== b.checks - b.passed) return a.checks - a.passed < b.checks - b.passed;
  return a.meanDistance < b.meanDistance;
}

/** Pitch (image pixels per character) below which the rendered-OCR-B classifier reads too. */
const LOW_RES_PITCH = 14;
/** Feature-classifier mean distance beyond which a zone is not OCR-B worth a second classifier. */
const RENDERED_MAX_FEATURE_MEAN = 0.15;

function readCandidate(
  gray: GrayImage,
  candidate: MrzCandidate,
  scale: number,
  options: ReadMrzOptions,
): Attempt | null {
  const read = readCandidateCells(gray, candidate, scale, options);
  if (read.attempt) read.attempt.zone = { gray, grid: read.grid, candidate, choices: read.choices };
  return read.attempt;
}

/**
 * Feature-classifier mean distances this close (ratio) do not tell upright from upside down: on
 * 5-6 px glyphs a blurred zone fits the turned templates about as well (a Macao card, very small
 * and soft, read 0.068 turned against 0.069 upright and came out as WBBBWBB...). Both ways are then
 * read in full and the check digits choose (zones too far from any glyph are not worth it).
 */
const ORIENTATION_TIE_RATIO = 0.9;

type CellsRead = { attempt: Attempt | null; grid: CellGrid; choices: CharChoice[][] };

function readCandidateCells(
  gray: GrayImage,
  candidate: MrzCandidate,
  scale: number,
  options: ReadMrzOptions,
): CellsRead {
  const grid = buildCellGrid(candidate, scale);
  const upright = classifyGrid(gray, grid);
  // Only look the other way round when the upright read is not clean (saves half the work).
  if (upright.mean <= 0.03) return readOriented(gray, grid, upright, candidate, options);
  const flippedGrid = flipGrid(grid);
  const flipped = classifyGrid(gray, flippedGrid);
  const [lo, hi] = flipped.mean < upright.mean ? [flipped.mean, upright.mean] : [upright.mean, flipped.mean];
  if (lo >= hi * ORIENTATION_TIE_RATIO && lo <= RENDERED_MAX_FEATURE_MEAN) {
    const a = readOriented(gray, grid, upright, candidate, options);
    const b = readOriented(gray, flippedGrid, flipped, candidate, options);
    return b.attempt && better(b.attempt, a.attempt) ? b : a;
  }
  return flipped.mean < upright.mean
    ? readOriented(gray, flippedGrid, flipped, candidate, options)
    : readOriented(gray, grid, upright, candidate, options);
}

/** The zone's cells read one way round: the feature classifier, then rendered OCR-B where it helps. */
function readOriented(
  gray: GrayImage,
  bestGrid: CellGrid,
  best: { choices: CharChoice[][]; mean: number },
  candidate: MrzCandidate,
  options: ReadMrzOptions,
): CellsRead {
  const pitch = gridPitch(bestGrid);
  // Small print: look-alikes (0/D, 8/B, 5/S) count as ties when a check digit would vouch.
  const small = pitch < SMALL_PRINT_PITCH;
  const context: ReadContext = { ...options, ties: { smallPrint: small } };
  const featureRead = readChoices(best.choices, candidate, context);
  const out = (attempt: Attempt | null) => ({ attempt, grid: bestGrid, choices: best.choices });
  // Small print is looked at by the rendered classifier even when the features read it cleanly
  // and validly: the names carry no check digit, and there the features mistake M for H and E for
  // F (blurred middle strokes) where rendered OCR-B does not.
  if (
    featureRead?.reading.valid &&
    featureRead.checks >= 4 &&
    best.mean < CLEAN_MEAN_DISTANCE &&
    pitch >= LOW_RES_PITCH
  )
    return out(featureRead);
  // Small or soft glyphs: compare with OCR-B degraded as this zone is (renderedGlyphClassifier),
  // alone and fused with the feature classifier, and keep what the check digits support best.
  // Cells that match no glyph at all (a false find, the zone read at the wrong turn) are not worth it.
  if (best.mean > RENDERED_MAX_FEATURE_MEAN) return out(featureRead);
  if (pitch >= LOW_RES_PITCH && featureRead?.reading.valid) return out(featureRead);
  const rendered = classifyRendered(gray, bestGrid);
  let chosen = featureRead;
  for (const choices of [rendered.choices, fuse(best.choices, rendered.choices)]) {
    const read = readChoices(choices, candidate, {
      ...options,
      ties: { ...SECOND_READ_TIES, smallPrint: small },
    });
    if (read && better(read, chosen)) chosen = read;
  }
  if (chosen && chosen.meanDistance <= VOUCH_MAX_MEAN_DISTANCE) return out(chosen);
  // Glyphs too far from OCR-B to vouch for anything: a form may print its zone in a sans
  // monospaced font. The font is chosen by fit (both compared the same way), never by check
  // digits, so a chance pass does not pick it.
  const sans = classifyRendered(gray, bestGrid, 'sans-mono');
  if (meanBest(sans.choices) >= meanBest(rendered.choices) * SANS_MONO_FIT_FACTOR) return out(chosen);
  return out(
    readChoices(sans.choices, candidate, { ...options, ties: { ...SECOND_READ_TIES, smallPrint: small } }) ??
      chosen,
  );
}

/** A sans mono read replaces OCR-B's only when its glyphs fit clearly better (mean distance ratio). */
const SANS_MONO_FIT_FACTOR = 0.8;

function meanBest(choices: CharChoice[][]): number {
  return choices.reduce((s, c) => s + c[0].d, 0) / choices.length;
}

/** Weight of the feature classifier when fused with the rendered one (tuned on the dev half). */
const FEATURE_WEIGHT = 0.35;

/** Per character, a weighted mean of both classifiers' distances: where one is unsure the other may not be. */
function fuse(a: CharChoice[][], b: CharChoice[][]): CharChoice[][] {
  return a.map((cell, i) => {
    const other = new Map(b[i].map((c) => [c.ch, c.d]));
    return cell
      .map((c) => ({ ch: c.ch, d: FEATURE_WEIGHT * c.d + (1 - FEATURE_WEIGHT) * (other.get(c.ch) ?? c.d) }))
      .sort((x, y) => x.d - y.d);
  });
}

function gridPitch(grid: CellGrid): number {
  let s = 0;
  for (let i = 0; i < grid.cx.length; i++) s += Math.hypot(grid.px[i], grid.py[i]);
  return s / grid.cx.length;
}

function readChoices(choices: CharChoice[][], candidate: MrzCandidate, options: ReadContext): Attempt | null {
  // The document code's first letter is one ICAO allows (a Y or a smudge is a misread V or P).
  const letters = choices[0].filter((c) => DOCUMENT_CODE_FIRST_LETTERS.includes(c.ch));
  const first = letters[0]?.ch ?? 'P';
  const primary = readLayout(choices, candidate, first, options);
  if (candidate.rows.length === 3) return primary;
  const icao =
    candidate.chars === FRENCH_ID_LAYOUT.lineLength ? preferFrenchId(choices, primary, options) : primary;
  if (icao !== primary) return icao;
  // Visa or not hangs on one letter; a smudged first glyph must not turn a passport into a visa
  // (whose optional data no check digit covers). Read both ways, keep what the check digits
  // support best, the first glyph deciding ties.
  const other = readLayout(choices, candidate, first === 'V' ? 'P' : 'V', options);
  if (!primary) return other;
  if (!other) return primary;
  const failed = (a: Attempt) => a.checks - a.passed;
  const firstD = letters[0]?.d ?? 1;
  const rivalD = letters.find((c) => (first === 'V' ? c.ch !== 'V' : c.ch === 'V'))?.d ?? 1;
  const glyphDoubtful = rivalD <= firstD * 1.5 + 0.01;
  if (first === 'V') {
    // A clear V stays a visa unless the other layout fails fewer checks: a TD's extra check digit
    // (composite) passing on a visa's unchecked optional data is one chance in ten.
    if (failed(other) < failed(primary) || (glyphDoubtful && other.passed > primary.passed)) return other;
    return primary;
  }
  // The glyph decides unless the visa layout has as many check digits holding with fewer failing
  // while the glyph itself is doubtful (a visa read as a passport fails TD3's extra checks).
  if (glyphDoubtful && other.passed === primary.passed && failed(other) < failed(primary)) return other;
  return primary;
}

/**
 * A 2×36 zone may be the French ID card rather than TD2/MRV-B: read it with the card's layout
 * too, and keep that when its line 1 starts as the card's does and its own check digits hold at
 * least as well as the ICAO reading's.
 */
function preferFrenchId(choices: CharChoice[][], icao: Attempt | null, options: ReadContext): Attempt | null {
  const french = readWithLayout(choices, FRENCH_ID_ZONE_LAYOUT, undefined, options, (lines) =>
    parseFrenchId(lines, options.now ? { now: options.now } : {}),
  );
  if (!french || !french.reading.lines[0].startsWith(FRENCH_ID_LAYOUT.prefix)) return icao;
  if (!icao) return french;
  const failed = (a: Attempt) => a.checks - a.passed;
  return failed(french) <= failed(icao) ? french : icao;
}

const NOT_V = DOCUMENT_CODE_FIRST_LETTERS.replace('V', '');

function readLayout(
  choices: CharChoice[][],
  candidate: MrzCandidate,
  first: string,
  options: ReadContext,
): Attempt | null {
  const layout = zoneLayout(candidate.rows.length, candidate.chars, first);
  if (!layout) return null;
  const visa = layout.format === 'MRVA' || layout.format === 'MRVB';
  return readWithLayout(
    choices,
    layout,
    layout.lines === 3 ? undefined : visa ? 'V' : NOT_V,
    options,
    (lines) => parseMrz(lines, { ...(options.now ? { now: options.now } : {}), repairByCheckDigit: false }),
  );
}

function readWithLayout(
  choices: CharChoice[][],
  layout: ZoneLayout,
  firstChars: string | undefined,
  options: ReadContext,
  parse: (lines: string[]) => MrzZoneReading | null,
): Attempt | null {
  const chosen = chooseText(choices, layout, firstChars, options.ties);
  const reading = parse(chosen.lines);
  if (!reading) return null;
  if (chosen.repairs.length) reading.repairs = [...chosen.repairs, ...(reading.repairs ?? [])];
  const groups = [...layout.groups, ...(layout.composite ? [layout.composite] : [])].map((g) => ({
    name: g.name,
    maxDistance: Number(groupDistance(g, chosen.distances).toFixed(4)),
  }));
  const limit = options.fieldMaxDistance ?? FIELD_MAX_DISTANCE;
  for (const g of groups) {
    const doubtful = g.maxDistance > limit || chosen.ambiguous.includes(g.name);
    if (doubtful && !reading.invalid_fields.includes(g.name)) {
      reading.invalid_fields.push(g.name);
      reading.valid = false;
    }
  }
  const checks = groups.length;
  const passed = groups.filter((g) => !reading.invalid_fields.includes(g.name)).length;
  return {
    reading,
    meanDistance: chosen.meanDistance,
    passed,
    checks,
    diagnostics: { meanDistance: chosen.meanDistance, groups },
  };
}

function locateScales(gray: GrayImage): number[] {
  const long = Math.max(gray.width, gray.height);
  const first = Math.max(1, Math.round(long / LOCATE_LONG_SIDE));
  // A small MRZ in a big frame may be too small to find on the coarse copy: look closer next.
  return first > 1 ? [first, Math.max(1, Math.floor(first / 2))] : [first];
}

/**
 * Zones whose glyphs fit no template (mean distance over MAX_MEAN_DISTANCE), kept for the line
 * reader only when the rows are an MRZ beyond doubt by their shape: nearly one blob per character
 * in every row. A font the templates were not drawn from (a Courier-like zone: generated Nimbus
 * Mono PS clean scans were located in full and dropped) is then read by the line reader, whose
 * reading counts only when every check digit holds.
 */
const FAINT_MIN_ZONE_SCORE = 0.8;

function keepFaint(attempt: Attempt, candidate: MrzCandidate, faint: Attempt[] | undefined): void {
  if (faint && attempt.zone && candidate.score >= FAINT_MIN_ZONE_SCORE) faint.push(attempt);
}

function readGray(gray: GrayImage, options: ReadMrzOptions, faint?: Attempt[]): Attempt | null {
  const found = readLocated(gray, options, {}, faint);
  if (found?.reading.valid) return found;
  // Pale lines over the zone (guilloche, a watermark's edge) can join its glyphs into one blob:
  // look again counting only ink much darker than its surroundings.
  const strong = readLocated(gray, options, { inkMargin: STRONG_INK_MARGIN }, faint);
  let best = strong && better(strong, found) ? strong : found;
  if (best || Math.max(gray.width, gray.height) >= SMALL_LONG_SIDE) return best;
  for (const inkMargin of SMALL_IMAGE_INK_MARGINS) {
    const other = readLocated(gray, options, { inkMargin }, faint);
    if (other && better(other, best)) best = other;
    if (best?.reading.valid) break;
  }
  return best;
}

function readLocated(
  gray: GrayImage,
  options: ReadMrzOptions,
  locate: LocateOptions,
  faint?: Attempt[],
): Attempt | null {
  let best: Attempt | null = null;
  for (const scale of locateScales(gray)) {
    const small = downscale(gray, scale);
    const candidates = locateMrz(small, locate).slice(0, MAX_CANDIDATES);
    for (const c of candidates) {
      const attempt = readCandidate(gray, c, scale, options);
      if (!attempt) continue;
      if (attempt.meanDistance > MAX_MEAN_DISTANCE) {
        keepFaint(attempt, c, faint);
        continue;
      }
      if (
        !best ||
        attempt.passed > best.passed ||
        (attempt.passed === best.passed && attempt.checks - attempt.passed < best.checks - best.passed) ||
        (attempt.passed === best.passed &&
          attempt.checks === best.checks &&
          attempt.meanDistance < best.meanDistance)
      ) {
        best = attempt;
      }
      // A valid TD read ends the search; a valid visa (3 checks, optional data unchecked) may
      // still be a TD3/TD2 whose row ends were lost, so the other candidates get their turn.
      if (attempt.reading.valid && attempt.checks >= 4) return attempt;
    }
    if (best) break;
  }
  // Glyphs of 3-4 px (a 5 px-per-character scan) are below what the locator takes for text:
  // a small image with nothing found is looked at again twice as large.
  if (!best && Math.max(gray.width, gray.height) < SMALL_LONG_SIDE) {
    const big = upscale2(gray);
    for (const c of locateMrz(big, locate).slice(0, MAX_CANDIDATES)) {
      const attempt = readCandidate(big, c, 1, options);
      if (!attempt) continue;
      if (attempt.meanDistance > MAX_MEAN_DISTANCE) {
        keepFaint(attempt, c, faint);
        continue;
      }
      if (better(attempt, best)) best = attempt;
      if (attempt.reading.valid && attempt.checks >= 4) return attempt;
    }
  }
  return best;
}

/** The returned reading, its check digits disowned when its glyphs are not OCR-B enough. */
function finish(a: Attempt, options: ReadMrzOptions): MrzZoneReading {
  options.diagnostics?.(a.diagnostics);
  const { reading } = a;
  if (a.meanDistance > VOUCH_MAX_MEAN_DISTANCE) {
    for (const g of a.diagnostics.groups)
      if (!reading.invalid_fields.includes(g.name)) reading.invalid_fields.push(g.name);
    reading.valid = false;
  }
  return reading;
}

/** Trust a zone when a check digit holds, or when its glyphs are clean OCR-B matches. */
function trustworthy(a: Attempt | null): a is Attempt {
  return a !== null && (a.passed > 0 || a.meanDistance < CLEAN_MEAN_DISTANCE);
}

/**
 * Finds the MRZ anywhere on the image, reads and parses it, in any layout the reader knows
 * (ICAO 9303 and the French ID card). Resolves to null when no MRZ was found.
 */
export async function readMrzZone(
  image: RgbaImage,
  options: ReadMrzOptions = {},
): Promise<MrzZoneReading | null> {
  if (!image || image.width < 16 || image.height < 16) return null;
  let gray = toGray(image);
  const faint: Attempt[] = [];
  const upright = readGray(gray, options, faint);
  if (upright?.reading.valid) return settle(upright, options);
  const tried = [upright];
  // MRZ ink is black (it must absorb infrared); guilloche, watermarks and stamps over it are
  // coloured. Where the image has colour, its darkest channel's complement (the brightest
  // channel) keeps the ink and fades the rest.
  if (hasColour(image)) {
    const inkGray = toInkGray(image);
    const ink = readGray(inkGray, options, faint);
    if (ink?.reading.valid) return settle(ink, options);
    tried.push(ink);
    if (ink && (!upright || better(ink, upright))) gray = inkGray;
  }
  // Nothing (valid) the right way up or upside down: the document may lie sideways.
  const sideways = readGray(rotateGray90(gray), options, faint);
  const found = [...tried, sideways].filter(trustworthy);
  if (!sideways?.reading.valid) {
    // The locator follows rows tilted up to about 24°: with the quarter turns that covers all but
    // the diagonals, which two eighth turns (each read both ways up) cover.
    for (const angle of DIAGONALS) {
      const diagonal = readGray(rotateGray(gray, angle), options, faint);
      if (trustworthy(diagonal)) found.push(diagonal);
      if (diagonal?.reading.valid) break;
    }
  }
  found.sort((a, b) => b.passed - a.passed || a.meanDistance - b.meanDistance);
  // With nothing the classifiers can read, the line reader gets the best-shaped faint zone (one
  // ask: each costs about half a second of CPU).
  const faintBest = faint.sort((a, b) => (b.zone?.candidate.score ?? 0) - (a.zone?.candidate.score ?? 0))[0];
  const best = found[0] ?? [upright, ...tried, sideways].find((a) => a?.zone) ?? faintBest ?? null;
  if (best && options.lineReader) {
    // A line reader that fails (its engine did not start) leaves the classifiers' reading as it
    // is: the opinion can only add confirmation, never take a reading away.
    const opinion = await secondOpinion(best, options.lineReader, options).catch(() => null);
    if (opinion) return finish(opinion, options);
  }
  return found[0] ? finish(found[0], options) : null;
}

/**
 * A valid reading whose glyphs are not clean OCR-B (mean distance over CLEAN_MEAN_DISTANCE: another
 * font) is put to the line reader too: there a glyph misread twice can pass a check digit and the
 * composite together (generated Noto Mono zones, seed 53: a document number 42101268 read 42T0T268
 * with every check holding). The line reader's reading replaces it when all its checks hold; a
 * field where the two read differently and the combination does not confirm either is reported
 * unconfirmed. Every valid reading of the real development half had a mean of 0.027 or less: it
 * is not asked.
 */
async function settle(a: Attempt, options: ReadMrzOptions): Promise<MrzZoneReading> {
  if (!options.lineReader || a.meanDistance <= CLEAN_MEAN_DISTANCE) return finish(a, options);
  const second = await opinionRead(a, options.lineReader, options).catch(() => null);
  if (!second) return finish(a, options);
  if (second.read.reading.valid && better(second.read, a)) return finish(second.read, options);
  const { reading } = a;
  const lines = second.read.reading.lines;
  for (const g of [...second.layout.groups, ...(second.layout.composite ? [second.layout.composite] : [])]) {
    if (!second.read.reading.invalid_fields.includes(g.name) || reading.invalid_fields.includes(g.name))
      continue;
    const cells: [number, number][] = [[g.check[0], g.check[1]]];
    for (const [line, start, end] of g.data) for (let k = start; k < end; k++) cells.push([line, k]);
    if (cells.some(([line, k]) => lines[line]?.[k] !== reading.lines[line]?.[k])) {
      reading.invalid_fields.push(g.name);
      reading.valid = false;
    }
  }
  return finish(a, options);
}

/** The zone read again with a line reader's text first in each cell; null unless all checks hold. */
async function secondOpinion(
  a: Attempt,
  reader: MrzLineReader,
  options: ReadMrzOptions,
): Promise<Attempt | null> {
  const second = await opinionRead(a, reader, options);
  return second?.read.reading.valid && better(second.read, a) ? second.read : null;
}

/** The zone read with a line reader's text first in each cell, and the layout it was judged by. */
async function opinionRead(
  a: Attempt,
  reader: MrzLineReader,
  options: ReadMrzOptions,
): Promise<{ read: Attempt; layout: ZoneLayout } | null> {
  const zone = a.zone;
  if (!zone) return null;
  const texts = await reader.readLines(zoneLineImages(zone.gray, zone.grid));
  // Cells judged in the layout the zone was read with (a visa's optional data has no check digit).
  const layout =
    a.reading.format === 'FR_ID'
      ? FRENCH_ID_ZONE_LAYOUT
      : zoneLayout(zone.grid.rows, zone.grid.chars, a.reading.lines[0]?.[0] ?? 'P');
  if (!layout) return null;
  const checked = judgedCells(layout);
  const choices = opinionChoices(
    texts,
    zone.choices,
    zone.grid.chars,
    { previous: a.reading.lines, checked },
    gridPitch(zone.grid) < SMALL_PRINT_PITCH,
  );
  if (!choices) return null;
  const read = readChoices(choices, zone.candidate, {
    ...options,
    ties: { smallPrint: gridPitch(zone.grid) < SMALL_PRINT_PITCH },
  });
  return read ? { read, layout } : null;
}

/**
 * Finds an MRZ anywhere on the image (ICAO 9303 or the French ID card), reads and parses it.
 * Resolves to null when none was found (an answer, not an error).
 */
export async function readMrz(image: RgbaImage, options: ReadMrzOptions = {}): Promise<MrzReading | null> {
  return readMrzZone(image, options);
}
