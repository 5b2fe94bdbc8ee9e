// A reading whose check digits all hold but whose glyphs are not clean OCR-B (another font) is
// put to the line reader as well (issue 8, part 4): a glyph misread twice can pass a check digit
// and the composite together, and where the two readers then disagree on a field the check digits
// cannot settle, the field is reported unconfirmed.
import { describe, expect, it } from 'vitest';
import { readMrzZone } from '../../../vision/mrz/mrzReader';
import { missCase } from '../../support/docgen/missKinds';
import { ocrbAvailable } from '../../support/docgen/ocrbText';
import { decodeRgba } from './decodeForTest';

const NOW = new Date('2026-01-01');

/** A line reader that always answers `lines`, counting how often it was asked. */
function answering(lines: string[]) {
  const reader = {
    asked: 0,
    async readLines() {
      reader.asked++;
      return lines;
    },
  };
  return reader;
}

describe.skipIf(!ocrbAvailable())('a valid reading of glyphs that are not clean OCR-B', () => {
  // A TD2 zone in Noto Mono: the classifiers read its document number 4210126 as 42T0T26, and
  // both T misreads together pass the document number's check digit and the composite.
  const noto = () => missCase('seal-beside', 53001, { font: 'Noto Mono' });

  it('takes the line reader reading when its check digits all hold', async () => {
    const c = await noto();
    const image = await decodeRgba(c.bytes);
    const alone = await readMrzZone(image, { now: NOW });
    // Alone, the classifiers read it wrong and say so.
    expect(alone?.lines[1].slice(0, 9)).toBe('NT42T0T26');
    expect(alone?.invalid_fields).toContain('document_number');
    expect(c.lines[1].slice(0, 9)).toBe('NT4210126');
    const reader = answering(c.lines);
    const reading = await readMrzZone(image, { now: NOW, lineReader: reader });
    expect(reader.asked).toBe(1);
    expect(reading?.lines).toEqual(c.lines);
    expect(reading?.valid).toBe(true);
  }, 30_000);

  it('is unconfirmed where the line reader reads the field otherwise and nothing settles it', async () => {
    const c = await noto();
    // What Tesseract read from this zone: line 1's last fillers lost and read as 44, line 2 one
    // filler short; its document number is the true one.
    const tesseract = ['ACCZENOULSUMBOU<<PLAINT<<<<<44', 'NT42101268CZE7106071F3410037<<<<<<6'];
    const reading = await readMrzZone(await decodeRgba(c.bytes), {
      now: NOW,
      lineReader: { readLines: async () => tesseract },
    });
    expect(reading?.lines[1].slice(0, 9)).toBe('NT42T0T26');
    expect(reading?.valid).toBe(false);
    expect(reading?.invalid_fields).toEqual(['document_number', 'composite']);
  }, 30_000);

  it('stays confirmed when the line reader reads it alike', async () => {
    const c = await noto();
    const image = await decodeRgba(c.bytes);
    const alone = await readMrzZone(image, { now: NOW });
    const reader = answering(alone?.lines ?? []);
    const reading = await readMrzZone(image, { now: NOW, lineReader: reader });
    expect(reader.asked).toBe(1);
    expect(reading?.lines).toEqual(alone?.lines);
    expect(reading?.valid).toBe(true);
  }, 30_000);
});
