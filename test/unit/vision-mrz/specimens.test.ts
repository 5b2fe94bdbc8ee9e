// The ICAO specimen passports read with every field equal to expected.json, however they are
// turned, scaled or compressed; the image without a document says "no MRZ".
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readMrz } from '../../../vision/mrz/mrzReader';
import { decodeRgba } from './decodeForTest';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/specimens');
const expected = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Record<
  string,
  Record<string, string | null>
>;
const specimens = Object.keys(expected).filter((k) => !k.startsWith('_') && expected[k].format);

function expectFields(
  reading: Awaited<ReturnType<typeof readMrz>>,
  want: Record<string, string | null>,
): void {
  expect(reading?.format).toBe(want.format);
  if (!reading) return;
  expect(reading.valid).toBe(true);
  expect(reading.invalid_fields).toEqual([]);
  for (const [k, v] of Object.entries(want)) {
    if (k === 'format' || k.startsWith('_')) continue;
    expect(reading.fields[k as keyof typeof reading.fields], k).toBe(v);
  }
}

describe('readMrz on the ICAO specimens', () => {
  it.each(specimens)('%s reads with every field as expected', async (file) => {
    const reading = await readMrz(await decodeRgba(path.join(dir, file)));
    expectFields(reading, expected[file]);
  });

  it('pacman.jpg has no MRZ: null, not an exception or invented fields', async () => {
    expect(expected['pacman.jpg'].format).toBeNull();
    await expect(readMrz(await decodeRgba(path.join(dir, 'pacman.jpg')))).resolves.toBeNull();
  });

  it.each([
    ['rotated +13°', (i: import('sharp').Sharp) => i.rotate(13, { background: '#6a5d50' })],
    ['rotated -15°', (i: import('sharp').Sharp) => i.rotate(-15, { background: '#203040' })],
    ['upside down', (i: import('sharp').Sharp) => i.rotate(180)],
    ['lying sideways (90°)', (i: import('sharp').Sharp) => i.rotate(90)],
    [
      'lying sideways (270°) and tilted 8°',
      (i: import('sharp').Sharp) => i.rotate(270).rotate(8, { background: '#fff' }),
    ],
    ['shrunk to 0.5 MP', (i: import('sharp').Sharp) => i.resize({ width: 860 })],
    ['enlarged to 12 MP', (i: import('sharp').Sharp) => i.resize({ width: 4200 })],
    ['as a JPEG of quality 40', (i: import('sharp').Sharp) => i.jpeg({ quality: 40 })],
  ])('passport-td3.png %s still reads', async (_name, transform) => {
    const reading = await readMrz(await decodeRgba(path.join(dir, 'passport-td3.png'), transform));
    expectFields(reading, expected['passport-td3.png']);
  });

  it('the TD2 specimen placed small in a large frame (card at a quarter of the width) reads', async () => {
    const card = await decodeRgba(path.join(dir, 'passport-td2.jpg'), (i) => i.resize({ width: 1000 }));
    const sharp = (await import('sharp')).default;
    const big = await sharp({ create: { width: 3000, height: 2000, channels: 4, background: '#7a8a70' } })
      .composite([
        {
          input: Buffer.from(card.data),
          raw: { width: card.width, height: card.height, channels: 4 },
          left: 1400,
          top: 700,
        },
      ])
      .raw()
      .toBuffer();
    const reading = await readMrz({ width: 3000, height: 2000, data: new Uint8Array(big) });
    expectFields(reading, expected['passport-td2.jpg']);
  });
});

describe('readMrz on images without a zone and on bad input', () => {
  it('a blank page, pure noise and a tiny image give null', async () => {
    const blank = { width: 800, height: 600, data: new Uint8Array(800 * 600 * 4).fill(235) };
    await expect(readMrz(blank)).resolves.toBeNull();
    let seed = 7;
    const noise = new Uint8Array(640 * 480 * 4).map(
      () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 24) & 255,
    );
    await expect(readMrz({ width: 640, height: 480, data: noise })).resolves.toBeNull();
    await expect(readMrz({ width: 4, height: 4, data: new Uint8Array(64) })).resolves.toBeNull();
  });

  it('a page of ordinary (proportional) text is not taken for an MRZ', async () => {
    const sharp = (await import('sharp')).default;
    const text = Array.from(
      { length: 8 },
      (_, i) =>
        `<text x="30" y="${60 + i * 50}" font-family="DejaVu Sans" font-size="30">Line ${i} of an ordinary letter, nothing machine readable here.</text>`,
    ).join('');
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="500"><rect width="100%" height="100%" fill="#fff"/>${text}</svg>`;
    const img = await decodeRgba(await sharp(Buffer.from(svg)).png().toBuffer());
    await expect(readMrz(img)).resolves.toBeNull();
  });

  it('a buffer shorter than width × height × 4 is rejected with a clear error', async () => {
    await expect(readMrz({ width: 100, height: 100, data: new Uint8Array(10) })).rejects.toThrow(/too short/);
  });
});
