// Check digits choose among close alternatives only when exactly one combination passes.
import { describe, expect, it } from 'vitest';
import { computeCheckDigit } from '../../../vision/mrz/checkDigit';
import type { CharChoice } from '../../../vision/mrz/glyphClassifier';
import { MRZ_ALPHABET } from '../../../vision/mrz/glyphClassifier';
import { zoneLayout } from '../../../vision/mrz/mrzLayout';
import { chooseText } from '../../../vision/mrz/mrzTextChoice';

const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];

/** Choices where every cell's best is the true character unless overridden. */
function choicesFor(lines: string[], overrides: Record<string, CharChoice[]> = {}): CharChoice[][] {
  const out: CharChoice[][] = [];
  lines.forEach((line, l) =>
    [...line].forEach((ch, p) => {
      const o = overrides[`${l}:${p}`];
      out.push(
        o ?? [{ ch, d: 0.01 }, ...[...MRZ_ALPHABET].filter((c) => c !== ch).map((c) => ({ ch: c, d: 0.3 }))],
      );
    }),
  );
  return out;
}

function rest(except: string[]): CharChoice[] {
  return [...MRZ_ALPHABET].filter((c) => !except.includes(c)).map((c) => ({ ch: c, d: 0.4 }));
}

describe('chooseText', () => {
  const layout = zoneLayout(2, 44, 'P');
  if (!layout) throw new Error('no TD3 layout');

  it('keeps a clean read as it is', () => {
    const r = chooseText(choicesFor(TD3), layout);
    expect(r.lines).toEqual(TD3);
    expect(r.repairs).toEqual([]);
  });

  it('restricts numeric positions to digits (an O read in a date becomes 0)', () => {
    // Birth date 740812 at line 2 positions 14-19 (0-based 13-18): its '0' looked most like 'O'.
    const r = chooseText(
      choicesFor(TD3, { '1:15': [{ ch: 'O', d: 0.02 }, { ch: '0', d: 0.03 }, ...rest(['O', '0'])] }),
      layout,
    );
    expect(r.lines[1]).toBe(TD3[1]);
  });

  it('lets the check digit pick the one alternative that passes', () => {
    // Birth date digit '8' read as 6 with 8 a close second: 740612 fails its check digit, 740812 passes.
    const r = chooseText(
      choicesFor(TD3, { '1:16': [{ ch: '6', d: 0.02 }, { ch: '8', d: 0.025 }, ...rest(['6', '8'])] }),
      layout,
    );
    expect(r.lines[1]).toBe(TD3[1]);
    expect(r.repairs.join()).toMatch(/date_of_birth: 6→8/);
  });

  it('accepts a repair the composite check digit alone singles out', () => {
    const other = String(computeCheckDigit('740612'));
    const overrides = {
      '1:16': [{ ch: '6', d: 0.02 }, { ch: '8', d: 0.025 }, ...rest(['6', '8'])],
      '1:19': [{ ch: '2', d: 0.02 }, { ch: other, d: 0.025 }, ...rest(['2', other])],
    };
    const r = chooseText(choicesFor(TD3, overrides), layout);
    expect(r.lines).toEqual(TD3);
    expect(r.repairs.join()).toMatch(/composite: 6→8/);
  });

  it('mends a date by two glyphs at once, never the document number', () => {
    // Birth date 740812: 8 read as 6 and 2 as 7, each true glyph a close second; only the pair passes.
    const date = chooseText(
      choicesFor(TD3, {
        '1:16': [{ ch: '6', d: 0.02 }, { ch: '8', d: 0.025 }, ...rest(['6', '8'])],
        '1:18': [{ ch: '7', d: 0.02 }, { ch: '2', d: 0.025 }, ...rest(['7', '2'])],
      }),
      layout,
    );
    expect(date.lines[1]).toBe(TD3[1]);
    // Document number L898902C3: 8 read as B and 9 as 4 in the same way. Its check digit chose
    // the pair and the composite weighs the number alike, so nothing would witness the repair.
    const doc = chooseText(
      choicesFor(TD3, {
        '1:1': [{ ch: 'B', d: 0.02 }, { ch: '8', d: 0.025 }, ...rest(['B', '8'])],
        '1:4': [{ ch: '4', d: 0.02 }, { ch: '9', d: 0.025 }, ...rest(['4', '9'])],
      }),
      layout,
    );
    expect(doc.lines[1].slice(0, 9)).toBe('LB98402C3');
    expect(doc.repairs.filter((r) => r.startsWith('document_number'))).toEqual([]);
  });

  it('does not guess when the true character is not among the close alternatives', () => {
    const r = chooseText(choicesFor(TD3, { '1:16': [{ ch: '6', d: 0.02 }, ...rest(['6'])] }), layout);
    expect(r.lines[1].slice(13, 19)).toBe('740612');
  });

  it('leaves a field as read when two different alternatives would both pass (ambiguous)', () => {
    // '8' read as 6 (8 close), and the check digit '2' has a close alternative that makes 740612
    // pass too: two single repairs pass, so neither is made and the field stays invalid.
    const other = String(computeCheckDigit('740612'));
    expect(other).not.toBe('2');
    const overrides = {
      '1:16': [{ ch: '6', d: 0.02 }, { ch: '8', d: 0.025 }, ...rest(['6', '8'])],
      '1:19': [{ ch: '2', d: 0.02 }, { ch: other, d: 0.025 }, ...rest(['2', other])],
    };
    // A visa (MRV-A) has no composite check digit that could break the tie.
    const visa = zoneLayout(2, 44, 'V');
    if (!visa) throw new Error('no MRV-A layout');
    const r = chooseText(choicesFor(['V' + TD3[0].slice(1), TD3[1]], overrides), visa);
    expect(r.lines[1].slice(13, 20)).toBe('7406122');
    expect(r.repairs.filter((x) => x.startsWith('date_of_birth'))).toEqual([]);
  });

  it('reports a passing field as ambiguous when a near-equal reading passes too', () => {
    // Document number LB98902C3: B (11) and L (21) swapped at weights 7 and 3 move its check
    // sum by 10·7 - 10·3 ≡ 0, so the swapped reading passes as well.
    const doc = 'LB98902C3';
    const lines = [TD3[0], doc + String(computeCheckDigit(doc)) + TD3[1].slice(10)];
    const tie = (read: string, other: string): CharChoice[] => [
      { ch: read, d: 0.02 },
      { ch: other, d: 0.022 },
      ...rest([read, other]),
    ];
    // B↔L at 0-based 1 (weight 3) and L↔B at 0 (weight 7): 10·3 - 10·7 ≡ 0, both pass.
    const r = chooseText(choicesFor(lines, { '1:0': tie('L', 'B'), '1:1': tie('B', 'L') }), layout);
    expect(r.lines[1].slice(0, 9)).toBe(doc);
    expect(r.ambiguous).toContain('document_number');
    expect(chooseText(choicesFor(lines), layout).ambiguous).toEqual([]);
  });

  describe("the document number's 0 and O", () => {
    // XA0000014, check 8: a pair of 0s read as O at weights 7 and 3 passes the check as well.
    const doc = 'XA0000014';
    const lines = [TD3[0], doc + String(computeCheckDigit(doc)) + TD3[1].slice(10)];
    const looksO = (zero: number, o: number): CharChoice[] => [
      { ch: 'O', d: o },
      { ch: '0', d: zero },
      ...rest(['O', '0']),
    ];

    it('reads 0 where O reads better but 0 is near (the pair of O would pass the check too)', () => {
      expect(computeCheckDigit('XA0OO0014')).toBe(computeCheckDigit(doc));
      const r = chooseText(
        choicesFor(lines, { '1:3': looksO(0.05, 0.03), '1:4': looksO(0.06, 0.03) }),
        layout,
      );
      expect(r.lines[1].slice(0, 10)).toBe(lines[1].slice(0, 10));
      expect(r.ambiguous).toEqual([]);
    });

    it('keeps a clear O, and a lone O the check digit proves', () => {
      const clear = chooseText(
        choicesFor(lines, { '1:3': looksO(0.2, 0.01), '1:4': looksO(0.2, 0.01) }),
        layout,
      );
      expect(clear.lines[1].slice(0, 9)).toBe('XA0OO0014');
      // A document number with one true O (XA0O00014): the prior reads 0, the check digit fails,
      // and the glyphs' own O is put back.
      const one = 'XA0O00014';
      const oneLines = [TD3[0], one + String(computeCheckDigit(one)) + TD3[1].slice(10)];
      const r = chooseText(choicesFor(oneLines, { '1:3': looksO(0.05, 0.03) }), layout);
      expect(r.lines[1].slice(0, 9)).toBe(one);
      expect(r.repairs).toEqual(['document_number: 0→O at line 2 position 4']);
    });

    it('never mends the number into a second O', () => {
      // Read XA0O00014 (one O, near 0) with the next 0 having O as a close rival: XA0OO0014 would
      // pass, but a check digit may not make a pair of O.
      const r = chooseText(
        choicesFor(lines, {
          '1:3': looksO(0.2, 0.01),
          '1:4': [{ ch: '0', d: 0.02 }, { ch: 'O', d: 0.025 }, ...rest(['O', '0'])],
        }),
        layout,
      );
      expect(r.lines[1].slice(0, 9)).not.toBe('XA0OO0014');
    });
  });

  it('ties look-alikes on small print only (0 and D)', () => {
    // 0→D at weights 7 and 3 (values 0 and 13): 13·10 ≡ 0, so XA0DD0014 passes as well.
    const lines = [TD3[0], 'XA0000014' + String(computeCheckDigit('XA0000014')) + TD3[1].slice(10)];
    const nearD: CharChoice[] = [{ ch: '0', d: 0.03 }, { ch: 'D', d: 0.04 }, ...rest(['0', 'D'])];
    const choices = choicesFor(lines, { '1:3': nearD, '1:4': nearD });
    expect(chooseText(choices, layout).ambiguous).toEqual([]);
    expect(chooseText(choices, layout, undefined, { smallPrint: true }).ambiguous).toContain(
      'document_number',
    );
  });

  it('does not confirm a field on a glyph whose rival a check digit cannot tell apart (0 and U)', () => {
    // Document number L898902C36 (line 2, 0-based position 5 is '0'): its 0 read as U, which weighs
    // 30 (a multiple of ten), so the check digit and the composite pass as they do on the truth.
    // The 0 is no tie (beyond 1.2×), but within the blind-rival margin (1.5×).
    const margins = { tieFactor: 1.2, tieFloor: 0, blindFactor: 1.5, blindFloor: 0 };
    const overrides = { '1:5': [{ ch: 'U', d: 0.02 }, { ch: '0', d: 0.028 }, ...rest(['U', '0'])] };
    const r = chooseText(choicesFor(TD3, overrides), layout, undefined, margins);
    expect(r.lines[1].slice(0, 10)).toBe('L8989U2C36');
    expect(r.ambiguous).toEqual(['document_number', 'composite']);
    // A rival that is not check-blind at the same distance (0 read as C, worth 12): confirmed, as
    // the check digit does tell C from 0.
    const seen = { '1:5': [{ ch: 'C', d: 0.02 }, { ch: '0', d: 0.028 }, ...rest(['C', '0'])] };
    expect(chooseText(choicesFor(TD3, seen), layout, undefined, margins).lines[1].slice(0, 10)).toBe(
      'L898902C36',
    );
    // The blind rival far off: the glyph is clear, the field is confirmed.
    const clear = { '1:5': [{ ch: 'U', d: 0.02 }, { ch: '0', d: 0.2 }, ...rest(['U', '0'])] };
    expect(chooseText(choicesFor(TD3, clear), layout, undefined, margins).ambiguous).toEqual([]);
  });

  it('reads a state code as the state one close glyph away (NLD, not MLD)', () => {
    const nld = [TD3[0].replace('UTO', 'NLD'), TD3[1].replace('UTO', 'NLD')];
    // Nationality (line 2, positions 11-13): its N looked a little more like M.
    const r = chooseText(
      choicesFor(nld, { '1:10': [{ ch: 'M', d: 0.02 }, { ch: 'N', d: 0.025 }, ...rest(['M', 'N'])] }),
      layout,
    );
    expect(r.lines[1].slice(10, 13)).toBe('NLD');
  });

  it("reads a nationality that is no state as the issuer's, one glyph away, though that glyph ranked low", () => {
    const can = [TD3[0].replace('UTO', 'CAN'), TD3[1].replace('UTO', 'CAN')];
    // A 5 px C read as L: C ranks below E, I and F, beyond the alternatives a state code tries.
    const letters = (d: number, chs: string[]) => chs.map((ch) => ({ ch, d }));
    const r = chooseText(
      choicesFor(can, {
        '1:10': [
          { ch: 'L', d: 0.02 },
          ...letters(0.1, ['E', 'I', 'F']),
          { ch: 'C', d: 0.15 },
          ...rest(['L', 'E', 'I', 'F', 'C']),
        ],
      }),
      layout,
    );
    expect(r.lines[1].slice(10, 13)).toBe('CAN');
  });

  it('leaves a state code as read when no state is one glyph away', () => {
    // Issuing state (line 1, positions 3-5) read as WBQ: GBR is two glyphs away, a guess.
    const r = chooseText(
      choicesFor(TD3, {
        '0:2': [{ ch: 'W', d: 0.02 }, { ch: 'G', d: 0.025 }, ...rest(['W', 'G'])],
        '0:3': [{ ch: 'B', d: 0.02 }, ...rest(['B'])],
        '0:4': [{ ch: 'Q', d: 0.02 }, { ch: 'R', d: 0.025 }, ...rest(['Q', 'R'])],
      }),
      layout,
    );
    expect(r.lines[0].slice(2, 5)).toBe('WBQ');
  });
});
