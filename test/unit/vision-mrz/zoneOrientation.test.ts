// On 5-6 px glyphs, soft and noisy, the feature classifier fits a zone turned upside down about
// as well as upright (0.053 against 0.055 on this far webcam photo of a German ID card): taken
// at its word, every cell was read turned (BNBDWNW...). Near ties are read both ways in full and
// the check digits choose (mrzReader.ts, ORIENTATION_TIE_RATIO).
import { describe, expect, it } from 'vitest';
import { readMrzZone } from '../../../vision/mrz/mrzReader';
import { FIXTURE_NOW, fixtureImage, trueLines } from './realFixtures';

describe('a zone whose orientation the glyph features cannot tell', () => {
  it('is read the right way up, and not flagged valid where it is not exact', async () => {
    const file = '53_id-d.far-webcam.jpg';
    const reading = await readMrzZone(await fixtureImage(file), { now: FIXTURE_NOW });
    expect(reading?.format).toBe('TD1');
    // The document code, country and the start of the number, upright.
    expect(reading?.lines[0].slice(0, 9)).toBe('IDD<<T220');
    expect(reading?.lines[2]).toContain('STERMANN<<ERIKA');
    const exact = reading?.lines.join('\n') === trueLines(file).join('\n');
    expect(exact || reading?.valid === false).toBe(true);
  }, 30_000);
});
