// The second opinion on a zone whose reading fails its check digits (issue 8, part 4): a reader of
// whole lines (Tesseract in the product) reads rectified zone lines; its text, aligned to the
// cells, is judged by the same check digits and layout rules. Fake line readers pin down when it
// is asked and what is kept; one test runs the real engine offline.
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GrayImage } from '../../../vision/contract';
import type { CharChoice } from '../../../vision/mrz/glyphClassifier';
import { alignToCells, judgedCells, opinionChoices } from '../../../vision/mrz/lineReaderOpinion';
import { zoneLayout } from '../../../vision/mrz/mrzLayout';
import { readMrzZone } from '../../../vision/mrz/mrzReader';
import { createTesseractLineReader, stackedPgm } from '../../../vision/mrz/tesseractLineReader';
import { missCase } from '../../support/docgen/missKinds';
import { ocrbAvailable } from '../../support/docgen/ocrbText';
import { decodeRgba } from './decodeForTest';

const NOW = new Date('2026-01-01');

const choice = (ch: string, d = 0.02): CharChoice[] => [
  { ch, d },
  { ch: ch === '0' ? 'O' : '0', d: d + 0.01 },
];

describe('aligning a line reader text to the cells', () => {
  it('puts each character over its cell when a filler was dropped', () => {
    // The reader dropped the '<': the digits after it still land on their own cells.
    expect(alignToCells('AB12', 'AB<12')).toEqual(['A', 'B', null, '1', '2']);
  });

  it('keeps a substituted character at its cell', () => {
    expect(alignToCells('AB8C', 'ABBC')).toEqual(['A', 'B', '8', 'C']);
  });
});

describe('the opinion on small print', () => {
  const cell = (best: string, bd: number, other: string, od: number): CharChoice[] => [
    { ch: best, d: bd },
    { ch: other, d: od },
    { ch: 'X', d: 0.3 },
  ];
  const keep = { previous: ['8'], checked: [true] };

  it('is a vote on the classifier scale: it wins only where the classifier found it plausible', () => {
    // Tesseract reads E where the glyph is an 8: far behind (0.2), the 8 stays first.
    expect(opinionChoices(['E'], [cell('8', 0.04, 'E', 0.2)], 1, keep, true)?.[0][0]).toEqual({
      ch: '8',
      d: 0.04,
    });
    // Within twice the best distance, its character comes first at half its own distance.
    expect(opinionChoices(['E'], [cell('8', 0.04, 'E', 0.06)], 1, keep, true)?.[0][0]).toEqual({
      ch: 'E',
      d: 0.03,
    });
    // On larger print it is the answer, as before.
    expect(opinionChoices(['E'], [cell('8', 0.04, 'E', 0.2)], 1, keep, false)?.[0][0]).toEqual({
      ch: 'E',
      d: 0.02,
    });
  });

  it("ties its O with the classifier's 0 at any size, so the document number's prior for 0 decides", () => {
    const zone = opinionChoices(['O'], [cell('0', 0.07, 'O', 0.09)], 1, { previous: ['0'], checked: [true] });
    expect(zone?.[0].slice(0, 2)).toEqual([
      { ch: 'O', d: 0.02 },
      { ch: '0', d: 0.021 },
    ]);
  });
});

describe('the opinion among the cell alternatives', () => {
  // Two rows of five cells, 'P<UTO' over 'L8989', each with a look-alike second choice.
  const own = [...'P<UTOL8989'].map((c) => choice(c));
  const keep = {
    previous: ['P<UTO', 'L8989'],
    checked: [false, false, true, true, true, true, true, true, true, true],
  };

  it('comes first where the zone is judged, and the zone as read keeps the other cells', () => {
    const zone = opinionChoices(['X<UTO', 'L8989'], own, 5, keep);
    // The reader's X is in a cell no check digit judges: the zone keeps its P.
    expect(zone?.map((c) => c[0].ch).join('')).toBe('P<UTOL8989');
    // Kept as read, its alternative as far behind as the classifier had it.
    expect(zone?.[0]).toEqual([
      { ch: 'P', d: 0.02 },
      { ch: '0', d: 0.02 + (0.03 - 0.02) },
    ]);
    // Judged cells: the reader's character first at the opinion distance, the classifier's next.
    expect(zone?.[2]).toEqual([
      { ch: 'U', d: 0.02 },
      { ch: '0', d: 0.02 + 0.03 },
    ]);
    // Where the reader differs from a clean classifier glyph, the two tie (the check digits
    // choose only when one of them alone passes).
    const other = opinionChoices(['P<UTO', 'L8B89'], own, 5, keep);
    expect(other?.[7]).toEqual([
      { ch: 'B', d: 0.02 },
      { ch: '9', d: 0.02 + 0.001 },
      { ch: '0', d: 0.02 + 0.03 },
    ]);
    // In a cell no check digit judges, a glyph far from every template yields to the reader.
    const poor = [...'P<UTOL8989'].map((c) => choice(c, 0.09));
    expect(opinionChoices(['X<UTO', 'L8989'], poor, 5, keep)?.[0]).toEqual([
      { ch: 'X', d: 0.02 },
      { ch: 'P', d: 0.02 + 0.001 },
    ]);
    // A glyph far from every template (another font) is no rival: it follows at its distance.
    const far = [...'P<UTOL8989'].map((c) => choice(c, 0.08));
    expect(opinionChoices(['P<UTO', 'L8B89'], far, 5, keep)?.[7]).toEqual([
      { ch: 'B', d: 0.02 },
      { ch: '9', d: 0.02 + 0.08 },
      { ch: '0', d: 0.02 + 0.09 },
    ]);
    // ... unless it is a filler the reader reads as a letter of the same check value (K: 20).
    const farFiller = [...'P<UTOL<989'].map((c) => choice(c, 0.08));
    expect(opinionChoices(['P<UTO', 'LK989'], farFiller, 5, keep)?.[6]).toEqual([
      { ch: 'K', d: 0.02 },
      { ch: '<', d: 0.02 + 0.001 },
      { ch: '0', d: 0.02 + 0.09 },
    ]);
    // A filler the classifier matched closely stays a filler, whatever letter the reader saw
    // there (Tesseract reads filler runs as K and L), with the classifier's own alternatives.
    const closeFiller = [...'P<UTOL<<89'].map((c) => choice(c, c === '<' ? 0.05 : 0.09));
    const fillers = opinionChoices(['P<UTO', 'LLK89'], closeFiller, 5, keep);
    expect(fillers?.[6]).toEqual([
      { ch: '<', d: 0.02 },
      { ch: '0', d: 0.02 + (0.05 + 0.01) },
    ]);
    expect(fillers?.[7]).toEqual(fillers?.[6]);
  });

  it('is refused when the rows do not fit the zone', () => {
    expect(opinionChoices(['P<UTO'], own, 5, keep)).toBeNull();
  });

  it('is refused when a row has less than half its characters', () => {
    expect(opinionChoices(['P<', 'L8989'], own, 5)).toBeNull();
  });

  it('judges the check-digit groups and state codes of a TD3, not its name', () => {
    const layout = zoneLayout(2, 44, 'P');
    if (!layout) throw new Error('no TD3 layout');
    const judged = judgedCells(layout);
    const row1 = judged
      .slice(0, 44)
      .map((j) => (j ? 'j' : '.'))
      .join('');
    const row2 = judged
      .slice(44)
      .map((j) => (j ? 'j' : '.'))
      .join('');
    expect(row1).toBe('..jjj' + '.'.repeat(39));
    // Sex (position 20) is covered by no check digit; everything else on line 2 is.
    expect(row2).toBe('j'.repeat(20) + '.' + 'j'.repeat(23));
  });
});

/** A line reader that answers fixed lines and counts how often it was asked. */
function fakeReader(answer: (lines: GrayImage[]) => string[]) {
  const asked: GrayImage[][] = [];
  return {
    asked,
    reader: {
      async readLines(lines: GrayImage[]) {
        asked.push(lines);
        return answer(lines);
      },
    },
  };
}

describe.skipIf(!ocrbAvailable())('the reader asking for a second opinion', () => {
  // A TD1 zone printed in Noto Mono, a font none of the templates were drawn from: the
  // classifiers misread a few of its glyphs and cannot vouch for the rest (the glyphs are far
  // from their templates), so the reading comes back wrong and invalid without a second opinion.
  const unvouched = () => missCase('clean-scan', 41001, { font: 'Noto Mono' });

  it('does not ask about a zone whose check digits hold', async () => {
    const c = await missCase('clean-scan', 5000);
    const fake = fakeReader(() => c.lines);
    const reading = await readMrzZone(await decodeRgba(c.bytes), { now: NOW, lineReader: fake.reader });
    expect(reading?.valid).toBe(true);
    expect(fake.asked).toHaveLength(0);
  }, 20_000);

  it('takes a reading every check digit then confirms, from rectified upright lines', async () => {
    const c = await unvouched();
    const image = await decodeRgba(c.bytes);
    const alone = await readMrzZone(image, { now: NOW });
    expect(alone?.valid).toBe(false);
    expect(alone?.lines).not.toEqual(c.lines);
    const fake = fakeReader(() => c.lines);
    const reading = await readMrzZone(image, { now: NOW, lineReader: fake.reader });
    expect(fake.asked).toHaveLength(1);
    // One strip per row, 24 px per character with a character's margin each side, 2 pitches tall.
    expect(fake.asked[0].map((l) => [l.width, l.height])).toEqual([
      [24 * 32, 48],
      [24 * 32, 48],
      [24 * 32, 48],
    ]);
    // Upright and on the grid: the margins are blank paper, every one of the 30 cells holds ink.
    for (const line of fake.asked[0]) {
      const darkest = (x0: number, x1: number) => {
        let min = 255;
        for (let y = 0; y < line.height; y++)
          for (let x = x0; x < x1; x++) min = Math.min(min, line.data[y * line.width + x]);
        return min;
      };
      expect(darkest(0, 20)).toBeGreaterThan(200);
      expect(darkest(line.width - 20, line.width)).toBeGreaterThan(200);
      const cells = Array.from({ length: 30 }, (_, k) => darkest(24 * (k + 1) + 4, 24 * (k + 2) - 4) < 100);
      expect(cells).toEqual(new Array<boolean>(30).fill(true));
    }
    expect(reading?.lines).toEqual(c.lines);
    expect(reading?.valid).toBe(true);
    expect(reading?.invalid_fields).toEqual([]);
  }, 30_000);

  it('keeps the name as the classifiers read it: no check digit would catch the reader there', async () => {
    const c = await unvouched();
    // Fillers after the name (TD1 line 3) read as L (the line reader's usual misread of '<' runs).
    const lines = [c.lines[0], c.lines[1], c.lines[2].replace(/<{6}$/, 'LLLLLL')];
    expect(lines[2]).not.toBe(c.lines[2]);
    const fake = fakeReader(() => lines);
    const reading = await readMrzZone(await decodeRgba(c.bytes), { now: NOW, lineReader: fake.reader });
    expect(reading?.lines).toEqual(c.lines);
    expect(reading?.valid).toBe(true);
  }, 30_000);

  it('refuses an opinion whose check digits fail, leaving the reading as it was', async () => {
    const c = await unvouched();
    const image = await decodeRgba(c.bytes);
    const alone = await readMrzZone(image, { now: NOW });
    // The birth date's check digit changed (TD1 line 2, position 7): it and the composite fail.
    const d = c.lines[1];
    const wrong = [c.lines[0], `${d.slice(0, 6)}${d[6] === '9' ? '1' : '9'}${d.slice(7)}`, c.lines[2]];
    const fake = fakeReader(() => wrong);
    const reading = await readMrzZone(image, { now: NOW, lineReader: fake.reader });
    expect(fake.asked).toHaveLength(1);
    expect(reading?.lines).toEqual(alone?.lines);
    expect(reading?.valid).toBe(false);
  }, 30_000);
});

describe.skipIf(!ocrbAvailable())('a line reader that fails', () => {
  it('leaves the classifiers reading as it was', async () => {
    const c = await missCase('clean-scan', 41001, { font: 'Noto Mono' });
    const image = await decodeRgba(c.bytes);
    const alone = await readMrzZone(image, { now: NOW });
    const failing = {
      async readLines(): Promise<string[]> {
        throw new Error('tesseract core failed to load');
      },
    };
    const reading = await readMrzZone(image, { now: NOW, lineReader: failing });
    expect(reading).toEqual(alone);
  }, 30_000);
});

describe('Tesseract as the line reader', () => {
  it('stacks the lines into one binary PGM', () => {
    const line = { width: 3, height: 2, data: Uint8Array.from([0, 1, 2, 3, 4, 5]) };
    const pgm = stackedPgm([line, line]);
    const header = 'P5\n3 28\n255\n';
    expect(new TextDecoder().decode(pgm.subarray(0, header.length))).toBe(header);
    // 8 blank rows, the line, 8 blank rows, the line, 8 blank rows.
    const pixels = pgm.subarray(header.length);
    expect([...pixels.subarray(8 * 3, 10 * 3)]).toEqual([0, 1, 2, 3, 4, 5]);
    expect([...pixels.subarray(18 * 3, 20 * 3)]).toEqual([0, 1, 2, 3, 4, 5]);
    expect(pixels.subarray(0, 8 * 3).every((v) => v === 255)).toBe(true);
  });

  it.skipIf(!ocrbAvailable())(
    'reads a zone Noto Mono prints, offline from node_modules, to a valid exact reading',
    async () => {
      const require = createRequire(import.meta.url);
      const reader = createTesseractLineReader({
        langPath: (require('@tesseract.js-data/eng') as { langPath: string }).langPath,
        corePath: path.dirname(require.resolve('tesseract.js-core/package.json')),
      });
      try {
        const c = await missCase('clean-scan', 41001, { font: 'Noto Mono' });
        const reading = await readMrzZone(await decodeRgba(c.bytes), { now: NOW, lineReader: reader });
        expect(reading?.lines).toEqual(c.lines);
        expect(reading?.valid).toBe(true);
      } finally {
        await reader.dispose();
      }
    },
    60_000,
  );
});
