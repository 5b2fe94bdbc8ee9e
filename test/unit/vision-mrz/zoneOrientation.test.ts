// On 5-6 px glyphs, soft and noisy, the feature classifier fits a zone turned upside down about
// as well as upright (0.053 against 0.055 on this far webcam photo of a German ID card): taken
// at its word, every cell was read turned (BNBDWNW...). Near ties are read both ways in full and
// the check digits choose (mrzReader.ts, ORIENTATION_TIE_RATIO).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMrzZone } from '../../../vision/mrz/mrzReader';
import { decodeRgba } from './decodeForTest';

const DIR = path.resolve(__dirname, '../../fixtures/mrz-real');
const NOW = new Date('2026-01-01');

describe('a zone whose orientation the glyph features cannot tell', () => {
  it('is read the right way up, and not flagged valid where it is not exact', async () => {
    const truth = JSON.parse(readFileSync(path.join(DIR, 'truth.json'), 'utf8')) as Record<
      string,
      { lines: string[] }
    >;
    const image = await decodeRgba(readFileSync(path.join(DIR, '53_id-d.far-webcam.jpg')));
    const reading = await readMrzZone(image, { now: NOW });
    expect(reading?.format).toBe('TD1');
    // The document code, country and the start of the number, upright.
    expect(reading?.lines[0].slice(0, 9)).toBe('IDD<<T220');
    expect(reading?.lines[2]).toContain('STERMANN<<ERIKA');
    const exact = reading?.lines.join('\n') === truth['53_id-d.jpg'].lines.join('\n');
    expect(exact || reading?.valid === false).toBe(true);
  }, 30_000);
});
