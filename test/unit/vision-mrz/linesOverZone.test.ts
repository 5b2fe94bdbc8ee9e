// Fine wavy lines printed over the zone (guilloche, a watermark's edge) join its glyphs into one
// blob at the locator's usual ink margin, so a real passport with such lines read as nothing at
// all (degraded development-half images: 0 of 34). The reader looks again counting only ink much
// darker than its surroundings (MRZ ink must be black), and reads the zone.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { downscale, toGray } from '../../../vision/mrz/grayImage';
import { STRONG_INK_MARGIN, locateMrz } from '../../../vision/mrz/mrzLocator';
import { readMrzZone } from '../../../vision/mrz/mrzReader';
import { degrade } from '../../support/docgen/degradeReal';
import { missCase } from '../../support/docgen/missKinds';
import { ocrbAvailable } from '../../support/docgen/ocrbText';
import { seededRandom } from '../../support/docgen/seededRandom';
import { decodeRgba } from './decodeForTest';

const NOW = new Date('2026-01-01');

describe.skipIf(!ocrbAvailable())('lines printed over the zone', () => {
  it('are looked through: the zone is located at the strong ink margin and read exactly', async () => {
    const c = await missCase('clean-scan', 7001);
    const clean = await decodeRgba(c.bytes);
    expect((await readMrzZone(clean, { now: NOW }))?.lines).toEqual(c.lines);
    // Wavy lines multiplied over the whole card, ink included.
    // Then a grey scan of it: no colour left for the ink channel to fade.
    const bytes = await degrade('real-guilloche', Buffer.from(c.bytes), 34, seededRandom(3));
    const image = await decodeRgba(bytes, (img) => img.greyscale());
    const gray = toGray(image);
    const small = downscale(gray, Math.max(1, Math.round(Math.max(gray.width, gray.height) / 1000)));
    expect(locateMrz(small).filter((z) => z.chars === c.lines[0].length)).toEqual([]);
    expect(
      locateMrz(small, { inkMargin: STRONG_INK_MARGIN }).some((z) => z.chars === c.lines[0].length),
    ).toBe(true);
    const reading = await readMrzZone(image, { now: NOW });
    expect(reading?.lines).toEqual(c.lines);
  }, 30_000);

  it('on a grey scan too: the lines come out in colour over it', async () => {
    const c = await missCase('clean-scan', 7002);
    const grey = await sharp(Buffer.from(c.bytes)).greyscale().png().toBuffer();
    const bytes = await degrade('real-guilloche', grey, 34, seededRandom(3));
    const { info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
    expect(info.channels).toBe(3);
  });
});
