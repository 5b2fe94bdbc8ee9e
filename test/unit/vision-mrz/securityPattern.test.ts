// An ID card whose MRZ sits on a wavy security print (as on many national ID cards), tilted,
// blurred and JPEG-compressed: the pattern must not break the rows or the glyphs.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { readMrz } from '../../../vision/mrz/mrzReader';
import { ocrbAvailable } from '../../support/docgen/ocrbText';
import { decodeRgba } from './decodeForTest';

const LINES = [
  'IDD<<T220001293<<<<<<<<<<<<<<<',
  '6408125<2010315D<<<<<<<<<<<<<4',
  'MUSTERMANN<<ERIKA<<<<<<<<<<<<<',
];

async function card(waves: number, opacity: number, angle: number): Promise<Buffer> {
  const W = 1000;
  const H = 630;
  const pitch = 29.4;
  let pattern = '';
  for (let i = 0; i < waves; i++) {
    let d = `M0 ${(i * H) / waves}`;
    for (let x = 0; x <= W; x += 10) d += ` L${x} ${((i * H) / waves + 8 * Math.sin(x / 30 + i)).toFixed(1)}`;
    pattern += `<path d="${d}" fill="none" stroke="#778" stroke-opacity="${opacity}" stroke-width="1.5"/>`;
  }
  const text = LINES.map((l, r) =>
    [...l]
      .map(
        (ch, k) =>
          `<text x="${55 + (k + 0.5) * pitch}" y="${440 + r * 48}" text-anchor="middle">${ch === '<' ? '&lt;' : ch}</text>`,
      )
      .join(''),
  ).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><rect width="100%" height="100%" fill="#e8ecef"/>${pattern}<g font-family="OCR B" font-size="${pitch / 0.72}" fill="#222">${text}</g></svg>`;
  return sharp(Buffer.from(svg))
    .rotate(angle, { background: '#543' })
    .blur(0.8)
    .jpeg({ quality: 70 })
    .toBuffer();
}

describe.skipIf(!ocrbAvailable())('MRZ on a security pattern', () => {
  it.each([
    [30, 0.5, 7],
    [40, 0.8, -9],
  ])('%i waves at opacity %f, tilted %i°: reads exactly', async (waves, opacity, angle) => {
    const reading = await readMrz(await decodeRgba(await card(waves, opacity, angle)));
    expect(reading?.lines).toEqual(LINES);
    expect(reading?.valid).toBe(true);
    expect(reading?.fields.issuing_country).toBe('D');
    expect(reading?.fields.document_number).toBe('T22000129');
  });
});
