// Turns per-character alternatives into MRZ lines: each position takes its best character of the
// class the layout allows there, then check digits choose among close alternatives, but only when
// exactly one combination passes (an ambiguous field stays as read and fails its check).
import { computeCheckDigit } from './checkDigit';
import type { CharChoice } from './glyphClassifier';
import { type CheckGroup, type ZoneLayout, allowedChars } from './mrzLayout';

/** An alternative is "close" when its distance is within this factor of the best (plus a floor). */
const CLOSE_FACTOR = 1.8;
const CLOSE_FLOOR = 0.012;
const MAX_ALTERNATIVES = 3;
const MAX_PAIRS = 600;

export interface ChosenText {
  lines: string[];
  /** Repairs made by check digits, e.g. "date_of_birth: 8→B at line 2 pos 14". */
  repairs: string[];
  /** Mean distance of the chosen characters (lower = cleaner read). */
  meanDistance: number;
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

export function chooseText(choices: CharChoice[][], layout: ZoneLayout): ChosenText {
  const { lines, length } = layout;
  const text: string[][] = [];
  const alts: CharChoice[][][] = [];
  let total = 0;
  for (let l = 0; l < lines; l++) {
    const row: string[] = [];
    const rowAlts: CharChoice[][] = [];
    for (let p = 0; p < length; p++) {
      const allowed = allowedChars(layout.classes[l][p]);
      const ranked = choices[l * length + p].filter((c) => allowed.includes(c.ch));
      const best = ranked[0];
      row.push(best.ch);
      total += best.d;
      const limit = best.d * CLOSE_FACTOR + CLOSE_FLOOR;
      rowAlts.push(ranked.slice(1, 1 + MAX_ALTERNATIVES).filter((c) => c.d <= limit));
    }
    text.push(row);
    alts.push(rowAlts);
  }
  const repairs: string[] = [];
  const locked = new Set<string>();
  const key = (p: Position) => `${p.line}:${p.pos}`;

  const resolve = (g: CheckGroup): boolean => {
    if (groupPasses(g, text)) return true;
    const positions = groupPositions(g).filter((p) => !locked.has(key(p)) && alts[p.line][p.pos].length > 0);
    const passing: { subs: { p: Position; ch: string }[] }[] = [];
    for (const p of positions) {
      const original = text[p.line][p.pos];
      for (const a of alts[p.line][p.pos]) {
        text[p.line][p.pos] = a.ch;
        if (groupPasses(g, text)) passing.push({ subs: [{ p, ch: a.ch }] });
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
              if (groupPasses(g, text))
                passing.push({
                  subs: [
                    { p, ch: a.ch },
                    { p: q, ch: b.ch },
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
    for (const { p, ch } of passing[0].subs) {
      repairs.push(`${g.name}: ${text[p.line][p.pos]}→${ch} at line ${p.line + 1} position ${p.pos + 1}`);
      text[p.line][p.pos] = ch;
    }
    return true;
  };

  for (const g of layout.groups) {
    if (resolve(g)) for (const p of groupPositions(g)) locked.add(key(p));
  }
  if (layout.composite) resolve(layout.composite);
  return { lines: text.map((r) => r.join('')), repairs, meanDistance: total / (lines * length) };
}
