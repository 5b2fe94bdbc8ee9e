// vision/node/decode.ts: what reaches the pixel code from uploads, and how bad files are refused.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DecodeError, decodeImage } from '../../../vision/node/decode';

const specimens = path.resolve(__dirname, '../../fixtures/specimens');
const jpg = new Uint8Array(readFileSync(path.join(specimens, 'passport-td3.jpg')));
const png = new Uint8Array(readFileSync(path.join(specimens, 'passport-td3.png')));

async function failure(bytes: Uint8Array, options?: Parameters<typeof decodeImage>[1]): Promise<DecodeError> {
  try {
    await decodeImage(bytes, options);
  } catch (err) {
    expect(err).toBeInstanceOf(DecodeError);
    return err as DecodeError;
  }
  throw new Error('expected decodeImage to fail');
}

describe('decodeImage', () => {
  it('decodes JPEG and PNG to RGBA', async () => {
    for (const bytes of [jpg, png]) {
      const img = await decodeImage(bytes);
      expect([img.width, img.height]).toEqual([1334, 880]);
      expect(img.data.length).toBe(1334 * 880 * 4);
      // Opaque, and the page is white at its top-left margin.
      expect(img.data[3]).toBe(255);
      expect(img.data[0]).toBeGreaterThan(240);
    }
  });

  it('says a truncated JPEG or PNG is truncated', async () => {
    for (const [bytes, name] of [
      [jpg, /JPEG/],
      [png, /PNG/],
    ] as const) {
      const err = await failure(bytes.subarray(0, Math.floor(bytes.length / 2)));
      expect(err.code).toBe('TRUNCATED');
      expect(err.message).toMatch(name);
      expect(err.message).toMatch(/truncated/);
    }
  });

  it('says text, empty input and other formats are not accepted images', async () => {
    expect((await failure(new TextEncoder().encode('%PDF-1.7 not an image'))).code).toBe('NOT_AN_IMAGE');
    expect((await failure(new Uint8Array(0))).code).toBe('EMPTY');
    const gif = new Uint8Array(
      await sharp({ create: { width: 4, height: 4, channels: 3, background: '#f00' } })
        .gif()
        .toBuffer(),
    );
    const err = await failure(gif);
    expect(err.code).toBe('UNSUPPORTED_FORMAT');
    expect(err.message).toMatch(/GIF.*JPEG or PNG/);
  });

  it('says a file with a valid signature and a garbage body is damaged', async () => {
    const junk = new Uint8Array(2000).fill(7);
    junk.set(png.subarray(0, 40));
    expect(['CORRUPT', 'TRUNCATED']).toContain((await failure(junk)).code);
  });

  it('applies EXIF orientation', async () => {
    // A 40×20 image, left half black, stored with orientation 6 (rotate 90° clockwise to view).
    const left = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    const base = await sharp({ create: { width: 40, height: 20, channels: 3, background: '#fff' } })
      .composite([{ input: left, left: 0, top: 0 }])
      .jpeg({ quality: 95 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const img = await decodeImage(new Uint8Array(base));
    expect([img.width, img.height]).toEqual([20, 40]);
    // After a clockwise quarter turn the black half is on top.
    expect(img.data[(5 * 20 + 10) * 4]).toBeLessThan(30);
    expect(img.data[(35 * 20 + 10) * 4]).toBeGreaterThan(225);
  });

  it('scales huge images down to the pixel cap and refuses decompression bombs', async () => {
    const big = new Uint8Array(
      await sharp({ create: { width: 5000, height: 4000, channels: 3, background: '#888' } })
        .png()
        .toBuffer(),
    );
    const img = await decodeImage(big, { maxPixels: 4_000_000 });
    expect(img.width * img.height).toBeLessThanOrEqual(4_000_000);
    expect(img.width / img.height).toBeCloseTo(1.25, 2);
    const err = await failure(big, { limitInputPixels: 10_000_000 });
    expect(err.code).toBe('TOO_LARGE');
  });
});
