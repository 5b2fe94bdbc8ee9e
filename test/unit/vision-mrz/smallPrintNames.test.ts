// Names carry no check digit, so on small print the feature classifier's clean, valid reading was
// taken as it was: it reads a blurred M as H (the middle strokes gone), while OCR-B rendered at the
// zone's pitch and blur tells them apart (M 0.011 against H 0.019 on this Croatian passport made
// very small). Under 14 px per character the rendered classifier now always looks (mrzReader.ts).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMrzZone } from '../../../vision/mrz/mrzReader';
import { decodeRgba } from './decodeForTest';

const DIR = path.resolve(__dirname, '../../fixtures/mrz-real');
const NOW = new Date('2026-01-01');

describe('the name on small print', () => {
  it('is read by rendered OCR-B too, even when the features read the zone cleanly', async () => {
    const file = '100_pass-hrv.very-low-resolution.jpg';
    const truth = JSON.parse(readFileSync(path.join(DIR, 'truth.json'), 'utf8')) as Record<
      string,
      { lines: string[] }
    >;
    const reading = await readMrzZone(await decodeRgba(readFileSync(path.join(DIR, file))), { now: NOW });
    expect(reading?.lines).toEqual(truth[file].lines);
    expect(reading?.valid).toBe(true);
    expect(reading?.fields.family_name).toBe('SPECIMEN');
  }, 30_000);
});
