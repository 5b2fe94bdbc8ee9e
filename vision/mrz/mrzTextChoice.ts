// Turns per-character alternatives into MRZ lines: each position takes its best character of the
// class the layout allows there, then check digits choose among close alternatives, but only when
// exactly one combination passes (an ambiguous field stays as read and fails its check).
import { computeCheckDigit, mrzCharValue } from './checkDigit';
import type { CharChoice } from './glyphClassifier';
import { isMrzStateCode } from './mrzCountryCodes';
import { type CheckGroup, type ZoneLayout, allowedChars } from './mrzLayout';

/** An alternative is "close" when its distance is within this factor of the best (plus a floor). */
const CLOSE_FACTOR = 1.8;
const CLOSE_FLOOR = 0.012;
const MAX_ALTERNATIVES = 3;
const MAX_PAIRS = 600;
/** Near-equal: an alternative this close to the chosen glyph could as well be the truth. */
const TIE_FACTOR = 1.2;
const TIE_FLOOR = 0.002;
const MAX_TIE_COMBINATIONS = 4096;
/** Letters per position tried when a state code reads as no state. */
const STATE_ALTERNATIVES = 4;
/** A state code is replaced only by one whose glyphs are this close (sum of distances). */
const STATE_FACTOR = 2.5;
const STATE_FLOOR = 0.06;
/**
 * The zone's other state code wins over a closer unrelated code unless that is this much closer,
 * and may be this much further from the glyphs than another code could.
 */
const SAME_STATE_FACTOR = 1.5;

/**
 * Document numbers use the digit 0 and, with few exceptions, not the letter O (issuers avoid it
 * because the two look alike; the Netherlands rules it out): where O (or Q) reads best but 0 is
 * within this factor (plus floor) of it, the cell reads 0. On real print made small or soft
 * (degraded development-half images) 0 read as O 29 times in 204 zones, in pairs whose check
 * values cancel (weights 7 and 3: 4·7 + 4·3 ≡ 0 mod 10), so the check digit passed on the wrong
 * number.
 */
const ZERO_PRIOR_FACTOR = 3;
const ZERO_PRIOR_FLOOR = 0.01;
const ZERO_LOOK_ALIKES = 'OQ';

/**
 * Glyph pairs that small or soft print blurs into each other (0/D/O, 8/B, 5/S, 1/I, 2/Z, 6/G, 7/T):
 * a rival of such a pair within this factor of the chosen glyph is a tie when judging whether a
 * passing group is confirmed, wider than TIE_FACTOR, since these pairs stay close only at the
 * resolutions where the classifiers are least sure.
 */
const LOOK_ALIKES = ['0D', '0Q', '8B', '5S', '1I', '2Z', '6G', '7T', '0U'];
const LOOK_ALIKE_TIE_FACTOR = 2;
const LOOK_ALIKE_TIE_FLOOR = 0.01;
/** Most distance a combination with look-alike options may add and still be a rival reading. */
const LOOK_ALIKE_BUDGET = 0.03;
/** Pitch (image px per character) below which print is small (ChooseTextOptions.smallPrint). */
export const SMALL_PRINT_PITCH = 16;

function lookAlike(a: string, b: string): boolean {
  return LOOK_ALIKES.some((p) => (p[0] === a && p[1] === b) || (p[0] === b && p[1] === a));
}

/** 0 against O or Q (the document number's prior decides between them). */
export function zeroOrLetterO(a: string, b: string): boolean {
  return (a === '0' && ZERO_LOOK_ALIKES.includes(b)) || (b === '0' && ZERO_LOOK_ALIKES.includes(a));
}

/** Glyphs blurred print turns into each other: the look-alikes, and 0 with O or Q. */
export function blurredPair(a: string, b: string): boolean {
  return lookAlike(a, b) || zeroOrLetterO(a, b);
}

export interface ChosenText {
  lines: string[];
  /** Repairs made by check digits, e.g. "date_of_birth: 8→B at line 2 pos 14". */
  repairs: string[];
  /** Mean distance of the chosen characters (lower = cleaner read). */
  meanDistance: number;
  /** Distance of each chosen character, per line (after repairs). */
  distances: number[][];
  /**
   * Check groups that pass as read but would also pass with another near-equal reading (e.g. O
   * and 0 swapped where the glyphs are too blurred to tell): the check digit cannot vouch for
   * them, so the reader reports them invalid.
   */
  ambiguous: string[];
}

interface Position {
  line: number;
  pos: number;
}

function groupPositions(g: CheckGroup): Position[] {
  const out: Position[] = [];
  for (const [line, start, end] of g.data) for (let pos = start; pos < end; pos++) out.push({ line, pos });
  out.push({ line: g.check[0], pos: g.check[1] });
  return out;
}

function groupPasses(g: CheckGroup, text: string[][]): boolean {
  const data = g.data.map(([line, start, end]) => text[line].slice(start, end).join('')).join('');
  const check = text[g.check[0]][g.check[1]];
  if (check === '<') return /^<*$/.test(data);
  const expected = computeCheckDigit(data);
  return expected !== null && String(expected) === check;
}

export interface ChooseTextOptions {
  /**
   * How near an alternative must be to count as a tie when judging whether a passing group is
   * ambiguous (factor of the chosen glyph's distance, plus a floor). Wider for classifiers whose
   * distances separate look-alikes less (low-resolution reads).
   */
  tieFactor?: number;
  tieFloor?: number;
  /** The same for rivals a check digit cannot tell apart (hasCheckBlindRival). */
  blindFactor?: number;
  blindFloor?: number;
  /**
   * Small print (a few px per character): look-alike rivals (LOOK_ALIKES) tie within the wider
   * LOOK_ALIKE_TIE_FACTOR. On larger print the classifiers tell them apart.
   */
  smallPrint?: boolean;
}

/**
 * Characters whose values differ by a multiple of ten weigh the same in every check digit
 * (0, '<', A, K, U; 1, B, L, V; 3, D, N, X; ...): a check digit cannot tell them apart, so where
 * such a rival glyph is nearly as close as the chosen one, the glyph alone decides, and a group
 * passing on it is not confirmed. (A 0 read as U twice in a document number passed both its
 * check digit and the composite.)
 */
const BLIND_FACTOR = 1.25;
const BLIND_FLOOR = 0;

function hasCheckBlindRival(
  g: CheckGroup,
  text: string[][],
  dist: number[][],
  choices: CharChoice[][],
  layout: ZoneLayout,
  factor: number,
  floor: number,
): boolean {
  for (const p of groupPositions(g)) {
    const chosen = text[p.line][p.pos];
    const value = mrzCharValue(chosen) % 10;
    const allowed = allowedChars(layout.classes[p.line][p.pos]);
    const limit = dist[p.line][p.pos] * factor + floor;
    const rival = choices[p.line * layout.length + p.pos].some(
      (c) => c.ch !== chosen && allowed.includes(c.ch) && mrzCharValue(c.ch) % 10 === value && c.d <= limit,
    );
    if (rival) return true;
  }
  return false;
}

/** `firstChars` restricts the document code's first letter (V for visas, anything else for TD). */
export function chooseText(
  choices: CharChoice[][],
  layout: ZoneLayout,
  firstChars?: string,
  options: ChooseTextOptions = {},
): ChosenText {
  const tieFactor = options.tieFactor ?? TIE_FACTOR;
  const tieFloor = options.tieFloor ?? TIE_FLOOR;
  const blindFactor = options.blindFactor ?? BLIND_FACTOR;
  const blindFloor = options.blindFloor ?? BLIND_FLOOR;
  const smallPrint = options.smallPrint === true;
  const { lines, length } = layout;
  const text: string[][] = [];
  const dist: number[][] = [];
  const alts: CharChoice[][][] = [];
  let total = 0;
  for (let l = 0; l < lines; l++) {
    const row: string[] = [];
    const rowDist: number[] = [];
    const rowAlts: CharChoice[][] = [];
    for (let p = 0; p < length; p++) {
      const allowed = l === 0 && p === 0 && firstChars ? firstChars : allowedChars(layout.classes[l][p]);
      const ranked = choices[l * length + p].filter((c) => allowed.includes(c.ch));
      const best = ranked[0] ?? { ch: '<', d: 1 };
      row.push(best.ch);
      rowDist.push(best.d);
      total += best.d;
      const limit = best.d * CLOSE_FACTOR + CLOSE_FLOOR;
      rowAlts.push(ranked.slice(1, 1 + MAX_ALTERNATIVES).filter((c) => c.d <= limit));
    }
    text.push(row);
    dist.push(rowDist);
    alts.push(rowAlts);
  }
  // Names end in fillers: after three '<' in a row nothing but '<' follows (a name component is
  // never empty), so a stray letter read there (glare, a scratch) is a filler if '<' is close.
  {
    const [line, start, end] = layout.name;
    const run = text[line].slice(start, end).join('').indexOf('<<<');
    if (run >= 0) {
      for (let p = start + run + 3; p < end; p++) {
        if (text[line][p] === '<') continue;
        const filler = choices[line * length + p].find((c) => c.ch === '<');
        if (filler && filler.d <= dist[line][p] * 3 + CLOSE_FLOOR) {
          text[line][p] = '<';
          dist[line][p] = filler.d;
        }
      }
    }
  }
  // State codes come from a closed list: one read as no state (MLD) takes the closest code one
  // glyph away (NLD), if that glyph is near enough. No check digit covers these fields, so two
  // glyphs changed at once are a guess (WBR became NOR on a blurred GBR), not a repair.
  for (const [line, start, end] of layout.states) {
    const read = text[line].slice(start, end).join('');
    if (isMrzStateCode(read)) continue;
    const options: CharChoice[][] = [];
    for (let p = start; p < end; p++) {
      const allowed = allowedChars(layout.classes[line][p]);
      options.push(
        choices[line * length + p].filter((c) => allowed.includes(c.ch)).slice(0, STATE_ALTERNATIVES),
      );
    }
    const readCost = dist[line].slice(start, end).reduce((a, b) => a + b, 0);
    let best: { code: CharChoice[]; cost: number } | null = null;
    const walk = (i: number, picked: CharChoice[], cost: number): void => {
      if (i === options.length) {
        const code = picked.map((c) => c.ch).join('');
        const changed = [...code].filter((ch, k) => ch !== read[k]).length;
        if (changed === 1 && (!best || cost < best.cost) && isMrzStateCode(code))
          best = { code: [...picked], cost };
        return;
      }
      for (const c of options[i]) walk(i + 1, [...picked, c], cost + c.d);
    };
    walk(0, [], 0);
    let sameState = false;
    // Nationality is the issuing state on most documents: the zone's other state code, one glyph
    // away, is a candidate even when its glyph ranked below the alternatives tried (5 px glyphs).
    for (const [oLine, oStart, oEnd] of layout.states) {
      if (oLine === line && oStart === start) continue;
      const other = text[oLine].slice(oStart, oEnd).join('');
      if (!isMrzStateCode(other) || [...other].filter((ch, k) => ch !== read[k]).length !== 1) continue;
      const code = [...other].map(
        (ch, k) => choices[line * length + start + k].find((c) => c.ch === ch) ?? { ch, d: 1 },
      );
      const cost = code.reduce((a, c) => a + c.d, 0);
      const current = best as { code: CharChoice[]; cost: number } | null;
      if (!current || cost < current.cost * SAME_STATE_FACTOR) {
        best = { code, cost };
        sameState = true;
      }
    }
    const found = best as { code: CharChoice[]; cost: number } | null;
    const factor = sameState ? STATE_FACTOR * SAME_STATE_FACTOR : STATE_FACTOR;
    if (found && found.cost <= readCost * factor + STATE_FLOOR) {
      found.code.forEach((c, k) => {
        total += c.d - dist[line][start + k];
        text[line][start + k] = c.ch;
        dist[line][start + k] = c.d;
      });
    }
  }
  // The document number's O that may as well be a 0 is a 0 (ZERO_PRIOR_FACTOR).
  const documentNumber = layout.groups.find((g) => g.name === 'document_number');
  const zeroByPrior = new Set<string>();
  for (const [line, start, end] of documentNumber?.data ?? []) {
    for (let p = start; p < end; p++) {
      if (!ZERO_LOOK_ALIKES.includes(text[line][p])) continue;
      const zero = choices[line * length + p].find((c) => c.ch === '0');
      if (!zero || zero.d > dist[line][p] * ZERO_PRIOR_FACTOR + ZERO_PRIOR_FLOOR) continue;
      const letter = { ch: text[line][p], d: dist[line][p] };
      total += zero.d - letter.d;
      text[line][p] = '0';
      dist[line][p] = zero.d;
      zeroByPrior.add(`${line}:${p}`);
      alts[line][p] = [letter, ...alts[line][p].filter((c) => c.ch !== '0' && c.ch !== letter.ch)];
    }
  }
  /**
   * No check digit (the document number's or the composite's) may write O or Q into the document
   * number: a pair of them can cancel. Only the glyphs' own lone O is put back (below).
   */
  const inDocumentNumber = (p: Position) =>
    documentNumber?.data.some(([line, start, end]) => p.line === line && p.pos >= start && p.pos < end) ??
    false;
  const zeroLetters = () =>
    (documentNumber?.data ?? []).reduce(
      (n, [line, start, end]) =>
        n + text[line].slice(start, end).filter((ch) => ZERO_LOOK_ALIKES.includes(ch)).length,
      0,
    );
  // Two glyphs changed at once in the document number are a guess, not a repair: the check digit
  // is spent choosing them, and the composite weighs the number as its own check digit does (the
  // number starts it), so nothing is left to witness them. On real print made small (development
  // set) the one such repair wrote 08CD503380 as U8CDND33B0, flagged valid.
  const admissible = (subs: { p: Position; ch: string }[]): boolean =>
    !subs.some((x) => ZERO_LOOK_ALIKES.includes(x.ch) && inDocumentNumber(x.p)) &&
    (subs.length < 2 || !subs.some((x) => inDocumentNumber(x.p)));
  const repairs: string[] = [];
  const locked = new Set<string>();
  const key = (p: Position) => `${p.line}:${p.pos}`;

  const resolve = (g: CheckGroup): boolean => {
    if (groupPasses(g, text)) return true;
    const positions = groupPositions(g).filter((p) => !locked.has(key(p)) && alts[p.line][p.pos].length > 0);
    const passing: { subs: { p: Position; ch: string; d: number }[] }[] = [];
    // First the glyphs' own reading: a 0 the prior made that was a lone O after all.
    if (g === documentNumber) {
      for (const p of positions) {
        if (!zeroByPrior.has(key(p))) continue;
        const letter = alts[p.line][p.pos][0];
        text[p.line][p.pos] = letter.ch;
        if (groupPasses(g, text) && zeroLetters() <= 1)
          passing.push({ subs: [{ p, ch: letter.ch, d: letter.d }] });
        text[p.line][p.pos] = '0';
      }
      if (passing.length > 1) passing.length = 0;
    }
    if (!passing.length)
      for (const p of positions) {
        const original = text[p.line][p.pos];
        for (const a of alts[p.line][p.pos]) {
          text[p.line][p.pos] = a.ch;
          if (groupPasses(g, text) && admissible([{ p, ch: a.ch }]))
            passing.push({ subs: [{ p, ch: a.ch, d: a.d }] });
          text[p.line][p.pos] = original;
        }
      }
    if (passing.length === 0) {
      let tried = 0;
      outer: for (let i = 0; i < positions.length; i++) {
        for (let j = i + 1; j < positions.length; j++) {
          const p = positions[i];
          const q = positions[j];
          const op = text[p.line][p.pos];
          const oq = text[q.line][q.pos];
          for (const a of alts[p.line][p.pos]) {
            for (const b of alts[q.line][q.pos]) {
              if (++tried > MAX_PAIRS) break outer;
              text[p.line][p.pos] = a.ch;
              text[q.line][q.pos] = b.ch;
              if (
                groupPasses(g, text) &&
                admissible([
                  { p, ch: a.ch },
                  { p: q, ch: b.ch },
                ])
              )
                passing.push({
                  subs: [
                    { p, ch: a.ch, d: a.d },
                    { p: q, ch: b.ch, d: b.d },
                  ],
                });
              text[p.line][p.pos] = op;
              text[q.line][q.pos] = oq;
            }
          }
        }
      }
    }
    if (passing.length !== 1) return false;
    for (const { p, ch, d } of passing[0].subs) {
      repairs.push(`${g.name}: ${text[p.line][p.pos]}→${ch} at line ${p.line + 1} position ${p.pos + 1}`);
      text[p.line][p.pos] = ch;
      dist[p.line][p.pos] = d;
    }
    return true;
  };

  for (const g of layout.groups) {
    if (resolve(g)) for (const p of groupPositions(g)) locked.add(key(p));
  }
  if (layout.composite) resolve(layout.composite);

  // Would another near-equal reading of a passing group pass as well? Then it is ambiguous.
  const ambiguous: string[] = [];
  for (const g of [...layout.groups, ...(layout.composite ? [layout.composite] : [])]) {
    if (!groupPasses(g, text)) continue;
    if (hasCheckBlindRival(g, text, dist, choices, layout, blindFactor, blindFloor)) {
      ambiguous.push(g.name);
      continue;
    }
    // Each tie option with the distance it adds; look-alike options (wider than near-equal) only
    // count in combinations adding little in all (a rival reading must be about as likely).
    const ties: { p: Position; options: { ch: string; extra: number; wide: boolean }[] }[] = [];
    for (const p of groupPositions(g)) {
      const allowed = allowedChars(layout.classes[p.line][p.pos]);
      const chosen = text[p.line][p.pos];
      const d = dist[p.line][p.pos];
      const options = choices[p.line * length + p.pos]
        .filter(
          (c) =>
            c.ch !== chosen &&
            // The prior made this cell a 0 knowing the letter fit better: no tie to reopen.
            !(chosen === '0' && ZERO_LOOK_ALIKES.includes(c.ch) && zeroByPrior.has(key(p))) &&
            allowed.includes(c.ch) &&
            (c.d <= d * tieFactor + tieFloor ||
              (smallPrint &&
                lookAlike(c.ch, chosen) &&
                c.d <= d * LOOK_ALIKE_TIE_FACTOR + LOOK_ALIKE_TIE_FLOOR)),
        )
        .map((c) => ({ ch: c.ch, extra: Math.max(0, c.d - d), wide: c.d > d * tieFactor + tieFloor }));
      if (options.length) ties.push({ p, options: [{ ch: chosen, extra: 0, wide: false }, ...options] });
    }
    if (!ties.length) continue;
    const combos = ties.reduce((n, t) => n * t.options.length, 1);
    if (combos > MAX_TIE_COMBINATIONS) {
      ambiguous.push(g.name);
      continue;
    }
    const original = ties.map((t) => t.options[0].ch);
    let others = 0;
    for (let c = 1; c < combos && others === 0; c++) {
      let rest = c;
      let extra = 0;
      let wide = false;
      for (const t of ties) {
        const o = t.options[rest % t.options.length];
        text[t.p.line][t.p.pos] = o.ch;
        extra += o.extra;
        wide ||= o.wide;
        rest = Math.floor(rest / t.options.length);
      }
      if ((!wide || extra <= LOOK_ALIKE_BUDGET) && groupPasses(g, text)) others++;
    }
    ties.forEach((t, i) => (text[t.p.line][t.p.pos] = original[i]));
    if (others) ambiguous.push(g.name);
  }
  return {
    lines: text.map((r) => r.join('')),
    repairs,
    meanDistance: total / (lines * length),
    distances: dist,
    ambiguous,
  };
}
