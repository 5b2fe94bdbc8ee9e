// A second opinion on a zone from a reader of whole text lines (an OCR engine such as
// tesseract), asked only when the glyph classifiers' reading fails its check digits. Its text is
// aligned to the zone's cells and put first among each cell's alternatives; the check digits and
// layout rules then judge the combination as they judge the classifiers' own reading.
import type { GrayImage } from '../contract';
import { mrzCharValue } from './checkDigit';
import { type CharChoice, MRZ_ALPHABET } from './glyphClassifier';
import type { ZoneLayout } from './mrzLayout';
import { blurredPair, zeroOrLetterO } from './mrzTextChoice';

/** Reads rectified line images (ink dark on white, one per zone row) into text, one string per line. */
export interface MrzLineReader {
  readLines(lines: GrayImage[]): Promise<string[]>;
}

/**
 * Distance given to the line reader's character: below the classifiers' "clean OCR-B" level, so a
 * cell where both agree stays as read; the classifier's own alternatives follow at their distance
 * added on, so a check digit can still repair a cell the line reader got wrong.
 */
const OPINION_DISTANCE = 0.02;
/**
 * Where the line reader disagrees with a classifier glyph that matched its template this closely
 * (clean OCR-B), the classifier's character follows at DISAGREEMENT_MARGIN: a tie (mrzTextChoice's
 * tie rule), so the check digits choose between the two only when exactly one combination
 * passes, and both passing leaves the field unconfirmed. A glyph far from every template (a font
 * the templates were not drawn from, a smear) is no rival to the line reader's reading.
 */
const CONFIDENT_DISTANCE = 0.03;
const DISAGREEMENT_MARGIN = 0.001;
/**
 * In a cell no check digit judges, a classifier glyph this far from its template (a font the
 * templates were not drawn from) is worse evidence than the line reader's character, which then
 * comes first. Tuned on generated zones in Noto Mono and Nimbus Mono PS (seed 41): names in a
 * Courier-like font read exactly 18 times of 39 instead of 4, Noto Mono's as often as before.
 */
const POOR_FIT_DISTANCE = 0.08;
/**
 * A filler the classifier matched this closely stays a filler whatever the line reader says: the
 * chevron is drawn alike in every MRZ font (generated Nimbus Mono PS zones matched it at 0.02-0.05
 * while their letters sat at 0.1-0.25), and Tesseract reads filler runs as K and L, several per
 * field, more than a check digit can mend (located Courier-like zones failed only on those).
 */
const FILLER_FIT_DISTANCE = 0.06;

/**
 * On small print (fewer than SMALL_PRINT_PITCH px per character), in a cell whose glyph fits OCR-B
 * (within POOR_FIT_DISTANCE), the line reader's character has its classifier distance scaled by
 * this: it wins where the classifier found it at most twice as far as its best. Taken as the
 * answer instead, on real OCR-B print made small or soft (degraded development-half images, 204
 * zones) Tesseract's 8 read as E and 0 as O gave readings flagged valid with a wrong document
 * number (look-alike pairs' check values cancel). On larger print in a font the templates were
 * not drawn from, its answers are what mends the zone (generated Noto Mono zones), so there they
 * stay answers.
 */
const VOTE_WEIGHT = 0.5;

/** Keeps what an MRZ can hold (a reader may return spaces, lower case or other symbols). */
export function mrzLineText(text: string): string {
  return [...text.toUpperCase()].filter((c) => MRZ_ALPHABET.includes(c)).join('');
}

/**
 * Positions of `text` aligned to `cells` (the classifier's best character per cell) by edit
 * distance: the text's character for each cell, or null where the text has none (a dropped
 * filler, a merged pair).
 */
export function alignToCells(text: string, cells: string): (string | null)[] {
  const n = text.length;
  const m = cells.length;
  const cost = Array.from({ length: n + 1 }, () => new Float64Array(m + 1));
  for (let i = 0; i <= n; i++) cost[i][0] = i;
  for (let j = 0; j <= m; j++) cost[0][j] = j;
  for (let i = 1; i <= n; i++)
    for (let j = 1; j <= m; j++)
      cost[i][j] = Math.min(
        cost[i - 1][j - 1] + (text[i - 1] === cells[j - 1] ? 0 : 1),
        cost[i - 1][j] + 1,
        cost[i][j - 1] + 1,
      );
  const out: (string | null)[] = new Array<string | null>(m).fill(null);
  let i = n;
  let j = m;
  while (i > 0 && j > 0) {
    if (cost[i][j] === cost[i - 1][j - 1] + (text[i - 1] === cells[j - 1] ? 0 : 1)) {
      out[j - 1] = text[i - 1];
      i--;
      j--;
    } else if (cost[i][j] === cost[i - 1][j] + 1) i--;
    else j--;
  }
  return out;
}

/**
 * Each cell's alternatives with the line reader's character first. `own` is row-major, `chars`
 * per row; `texts` one string per row. Only cells in `checked` (row-major: those a check digit
 * or the state code list can judge) take the line reader's character; the others (the name, a
 * visa's optional data) keep what the zone was read as (`previous`, one line per row), since
 * nothing would catch the line reader's misreads there (a run of fillers read as L is its usual
 * one), unless the classifier's glyph there fits no template (POOR_FIT_DISTANCE). Null when the
 * texts do not fit the zone (another row count, or a row with less than half its characters).
 */
export function opinionChoices(
  texts: string[],
  own: CharChoice[][],
  chars: number,
  keep?: { previous: readonly string[]; checked: readonly boolean[] },
  /**
   * Small print (mrzTextChoice's SMALL_PRINT_PITCH): the line reader's characters are votes, not
   * answers (VOTE_WEIGHT), and look-alikes it reads otherwise tie with the classifier's.
   */
  smallPrint = false,
): CharChoice[][] | null {
  const rows = own.length / chars;
  if (texts.length !== rows) return null;
  const out: CharChoice[][] = [];
  for (let r = 0; r < rows; r++) {
    const text = mrzLineText(texts[r]);
    if (text.length < chars / 2) return null;
    const cells = own.slice(r * chars, (r + 1) * chars);
    const aligned = alignToCells(text, cells.map((c) => c[0].ch).join(''));
    cells.forEach((cell, k) => {
      const fillerFits = cell[0].ch === '<' && cell[0].d <= FILLER_FIT_DISTANCE;
      const ch = fillerFits ? '<' : aligned[k];
      const previous = keep?.previous[r]?.[k];
      if (previous && keep && !keep.checked[r * chars + k]) {
        // As read, with the classifier's alternatives as near as they were (its ties stay ties).
        const top = cell.find((c) => c.ch === previous)?.d ?? cell[0].d;
        if (ch !== null && ch !== previous && top > POOR_FIT_DISTANCE) {
          out.push([
            { ch, d: OPINION_DISTANCE },
            { ch: previous, d: OPINION_DISTANCE + DISAGREEMENT_MARGIN },
          ]);
          return;
        }
        out.push([
          { ch: previous, d: OPINION_DISTANCE },
          ...cell
            .filter((c) => c.ch !== previous)
            .map((c) => ({ ch: c.ch, d: OPINION_DISTANCE + Math.max(0, c.d - top) })),
        ]);
        return;
      }
      if (ch === null) {
        out.push(cell);
        return;
      }
      if (smallPrint && cell[0].d <= POOR_FIT_DISTANCE && !fillerFits) {
        // OCR-B print: the line reader's character is a vote on the classifier's own scale, so
        // check digits, ties and priors still weigh glyph evidence, not the engine's say-so.
        const own = cell.find((c) => c.ch === ch);
        if (!own) {
          out.push(cell);
          return;
        }
        out.push(
          [{ ch, d: own.d * VOTE_WEIGHT }, ...cell.filter((c) => c.ch !== ch)].sort((a, b) => a.d - b.d),
        );
        return;
      }
      const rest = cell.filter((c) => c.ch !== ch);
      if (cell[0].ch === ch) {
        out.push([
          { ch, d: OPINION_DISTANCE },
          ...rest.map((c) => ({ ch: c.ch, d: OPINION_DISTANCE + c.d })),
        ]);
        return;
      }
      // A filler and a letter of the same check value ('<' and A, K, U: the line reader reads runs
      // of fillers as K) always tie: no check digit can choose between them, so a field passing
      // on either stays unconfirmed (mrzTextChoice's blind-rival rule). Other check-blind pairs
      // (S/8, Z/5, G/6) are where the line reader mends a poorly fitting font (tied, generated
      // Noto Mono zones read exactly 20 times of 39 instead of 31).
      const blind =
        (ch === '<' || cell[0].ch === '<') && mrzCharValue(ch) % 10 === mrzCharValue(cell[0].ch) % 10;
      // Nor, on small print, does it tell look-alikes (0/O/D, 8/B, 5/S) apart better than the
      // classifier (on larger print in another font it does: there its answer stands).
      const rival =
        blind ||
        (smallPrint && blurredPair(ch, cell[0].ch)) ||
        // Its O against the glyph's 0 always ties: the document number's prior for 0 decides
        // (two 0s taken as O cancel in the check digit).
        zeroOrLetterO(ch, cell[0].ch) ||
        cell[0].d <= CONFIDENT_DISTANCE
          ? DISAGREEMENT_MARGIN
          : cell[0].d;
      out.push([
        { ch, d: OPINION_DISTANCE },
        { ch: cell[0].ch, d: OPINION_DISTANCE + rival },
        ...rest.slice(1).map((c) => ({ ch: c.ch, d: OPINION_DISTANCE + c.d })),
      ]);
    });
  }
  return out;
}

/** Cells (row-major) that a check digit of `layout` covers, or a state code span. */
export function judgedCells(layout: ZoneLayout): boolean[] {
  const out = new Array<boolean>(layout.lines * layout.length).fill(false);
  const mark = ([line, start, end]: readonly [number, number, number]) => {
    for (let k = start; k < end; k++) out[line * layout.length + k] = true;
  };
  for (const g of [...layout.groups, ...(layout.composite ? [layout.composite] : [])]) {
    g.data.forEach(mark);
    mark([g.check[0], g.check[1], g.check[1] + 1]);
  }
  layout.states.forEach(mark);
  return out;
}
