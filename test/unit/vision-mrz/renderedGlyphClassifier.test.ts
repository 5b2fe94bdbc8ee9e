// The second glyph classifier (OCR-B degraded to the zone's pitch and blur, compared by
// correlation) and what it brings to the reader: low-resolution zones read, a cell grid that
// drifted off its glyphs realigned, and no key field wrong while the reading is flagged valid.
import { describe, expect, it } from 'vitest';
import type { GrayImage } from '../../../vision/contract';
import { buildCellGrid } from '../../../vision/mrz/glyphCells';
import { toGray } from '../../../vision/mrz/grayImage';
import { locateMrz } from '../../../vision/mrz/mrzLocator';
import { parseMrz } from '../../../vision/mrz/mrzParser';
import { readMrzZone } from '../../../vision/mrz/mrzReader';
import { classifyRendered } from '../../../vision/mrz/renderedGlyphClassifier';
import { missCase } from '../../support/docgen/missKinds';
import { ocrbAvailable } from '../../support/docgen/ocrbText';
import { decodeRgba } from './decodeForTest';
import { renderZoneCard } from './renderZone';

const NOW = new Date('2026-01-01');
const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];

async function zoneAt(pitch: number): Promise<GrayImage> {
  return toGray(await decodeRgba(await renderZoneCard(TD3, { pitch })));
}

function topChars(gray: GrayImage, shiftPitches = 0): string {
  const candidate = locateMrz(gray).find((c) => c.chars === 44 && c.rows.length === 2);
  if (!candidate) throw new Error('zone not located');
  const grid = buildCellGrid(candidate, 1);
  // Move every cell along its row by a fraction of a pitch, as a drifting row fit does.
  for (let i = 0; i < grid.cx.length; i++) {
    grid.cx[i] += shiftPitches * grid.px[i];
    grid.cy[i] += shiftPitches * grid.py[i];
  }
  return classifyRendered(gray, grid)
    .choices.map((c) => c[0].ch)
    .join('');
}

function agreement(read: string, truth: string): number {
  let same = 0;
  for (let i = 0; i < truth.length; i++) if (read[i] === truth[i]) same++;
  return same / truth.length;
}

describe.skipIf(!ocrbAvailable())('renderedGlyphClassifier', () => {
  it('reads a zone at 7 px per character glyph by glyph', async () => {
    const read = topChars(await zoneAt(7));
    expect(agreement(read, TD3.join(''))).toBeGreaterThanOrEqual(0.95);
  });

  it('realigns cells placed a fifth of a pitch off their glyphs', async () => {
    const gray = await zoneAt(8);
    expect(agreement(topChars(gray, 0.2), TD3.join(''))).toBeGreaterThanOrEqual(0.97);
    expect(agreement(topChars(gray, -0.2), TD3.join(''))).toBeGreaterThanOrEqual(0.97);
  });
});

describe.skipIf(!ocrbAvailable())('low-resolution reading', () => {
  it('reads a far webcam zone (5-8 px per character, noise, strong JPEG) exactly and valid', async () => {
    const c = await missCase('webcam-low-resolution', 5001);
    const reading = await readMrzZone(await decodeRgba(c.bytes), { now: NOW });
    expect(reading?.lines).toEqual(c.lines);
    expect(reading?.valid).toBe(true);
  }, 30_000);

  it('locates a zone whose glyphs are 3-4 px tall by looking again at twice the size', async () => {
    const c = await missCase('low-resolution', 5000);
    const image = await decodeRgba(c.bytes);
    expect(image.width).toBeLessThan(300);
    const reading = await readMrzZone(image, { now: NOW });
    expect(reading?.lines).toEqual(c.lines);
  }, 30_000);

  it('never flags a reading valid with a wrong key field (document number, dates, check digits)', async () => {
    const wrongButValid: string[] = [];
    for (const [kind, seed] of [
      ['webcam-low-resolution', 7000],
      ['webcam-low-resolution', 7001],
      ['webcam-low-resolution', 7002],
      ['low-resolution', 7000],
      ['low-resolution', 7001],
      ['dense-guilloche', 7000],
    ] as const) {
      const c = await missCase(kind, seed);
      const reading = await readMrzZone(await decodeRgba(c.bytes), { now: NOW });
      if (!reading?.valid) continue;
      const truth = parseMrz(c.lines, { now: NOW });
      // Names and nationality carry no check digit: only the fields one vouches for count here.
      const keys = ['document_number', 'date_of_birth', 'expiration_date', 'personal_number'] as const;
      if (keys.some((k) => reading.fields[k] !== truth?.fields[k]))
        wrongButValid.push(`${kind}-${seed}: ${reading.lines.join(' / ')}`);
    }
    expect(wrongButValid).toEqual([]);
  }, 90_000);
});
