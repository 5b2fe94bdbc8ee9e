// Test helper: MRZ lines drawn in OCR-B on a plain or patterned card, tilted, blurred, JPEG.
import sharp from 'sharp';

export interface ZoneCardOptions {
  /** Wavy security-print lines under the text (0 = none). */
  waves?: number;
  waveOpacity?: number;
  angle?: number;
  pitch?: number;
}

export async function renderZoneCard(lines: string[], options: ZoneCardOptions = {}): Promise<Buffer> {
  const pitch = options.pitch ?? 29.4;
  const W = Math.round(pitch * (lines[0].length + 4));
  const H = Math.round(W * 0.63);
  const waves = options.waves ?? 0;
  let pattern = '';
  for (let i = 0; i < waves; i++) {
    let d = `M0 ${(i * H) / waves}`;
    for (let x = 0; x <= W; x += 10) d += ` L${x} ${((i * H) / waves + 8 * Math.sin(x / 30 + i)).toFixed(1)}`;
    pattern += `<path d="${d}" fill="none" stroke="#778" stroke-opacity="${options.waveOpacity ?? 0.5}" stroke-width="1.5"/>`;
  }
  const top = H - pitch * 1.7 * lines.length - pitch;
  const text = lines
    .map((l, r) =>
      [...l]
        .map(
          (ch, k) =>
            `<text x="${2 * pitch + (k + 0.5) * pitch}" y="${top + r * pitch * 1.65}" text-anchor="middle">${ch === '<' ? '&lt;' : ch}</text>`,
        )
        .join(''),
    )
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><rect width="100%" height="100%" fill="#e8ecef"/>${pattern}<g font-family="OCR B" font-size="${pitch / 0.72}" fill="#222">${text}</g></svg>`;
  return sharp(Buffer.from(svg))
    .rotate(options.angle ?? 0, { background: '#543' })
    .blur(0.8)
    .jpeg({ quality: 70 })
    .toBuffer();
}
