// Renders a generated MRZ document as a photo: an ID card/passport page drawn with sharp (SVG,
// OCR-B from fonts-ocr-b for the MRZ), placed on a desk with rotation and perspective, then
// glare, blur, noise and JPEG compression, all graded by one strength (0 = clean, 1 = harsh).
import sharp from 'sharp';
import type { SpecimenData } from './mrzSpecimen';
import { OCRB_FONT_FAMILY, escapeXml } from './ocrbText';
import type { Random } from './seededRandom';

export interface RenderOptions {
  /** 0..1 */
  strength: number;
  /** Target scene size in megapixels (default: from the document size, about 1-2.5 MP). */
  megapixels?: number;
  /** Encode as PNG instead of JPEG. */
  png?: boolean;
}

export interface RenderedDocument {
  bytes: Buffer;
  mime: 'image/jpeg' | 'image/png';
  width: number;
  height: number;
  /** What was applied, for reports. */
  params: Record<string, number | string>;
}

const SIZES_MM: Record<SpecimenData['format'], [number, number]> = {
  TD1: [85.6, 54],
  TD2: [105, 74],
  TD3: [125, 88],
};
const PITCH_MM = 2.54;

function cardSvg(
  spec: SpecimenData,
  rng: Random,
  pxPerMm: number,
): { svg: string; width: number; height: number } {
  const [wmm, hmm] = SIZES_MM[spec.format];
  const width = Math.round(wmm * pxPerMm);
  const height = Math.round(hmm * pxPerMm);
  const mm = (v: number) => (v * pxPerMm).toFixed(1);
  const hue = rng.int(0, 359);
  const bg1 = `hsl(${hue},${rng.int(20, 45)}%,${rng.int(86, 94)}%)`;
  const bg2 = `hsl(${(hue + rng.int(20, 80)) % 360},${rng.int(20, 45)}%,${rng.int(84, 93)}%)`;
  const parts: string[] = [];
  parts.push(
    `<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${bg1}"/><stop offset="1" stop-color="${bg2}"/></linearGradient>` +
      `<radialGradient id="face" cx="0.5" cy="0.4" r="0.6"><stop offset="0" stop-color="#d8b59a"/><stop offset="1" stop-color="#8a6a55"/></radialGradient></defs>`,
  );
  parts.push(`<rect width="${width}" height="${height}" rx="${mm(3.2)}" fill="url(#g)"/>`);
  // Guilloche-like security print: fine light waves across the whole card.
  for (let i = 0; i < 14; i++) {
    const y0 = rng.range(0, height);
    const amp = rng.range(2, 8) * pxPerMm;
    const period = rng.range(15, 40) * pxPerMm;
    let d = `M0 ${y0.toFixed(1)}`;
    for (let x = 0; x <= width; x += pxPerMm * 2)
      d += ` L${x.toFixed(1)} ${(y0 + amp * Math.sin((x / period) * Math.PI * 2 + i)).toFixed(1)}`;
    parts.push(
      `<path d="${d}" fill="none" stroke="hsl(${(hue + 180) % 360},40%,70%)" stroke-opacity="0.35" stroke-width="${(pxPerMm * 0.25).toFixed(2)}"/>`,
    );
  }
  const sans = 'DejaVu Sans';
  const ink = `#${rng.int(0x10, 0x30).toString(16)}${rng.int(0x10, 0x30).toString(16)}${rng.int(0x10, 0x38).toString(16)}`;
  const mrzLines = spec.lines.length;
  const lineGap = PITCH_MM * rng.range(1.5, 1.8);
  const mrzTop = hmm - rng.range(3.5, 5) - lineGap * (mrzLines - 1);
  const photoH = Math.min(hmm * 0.5, mrzTop - 12);
  parts.push(
    `<text x="${mm(6)}" y="${mm(7)}" font-family="${sans}" font-weight="bold" font-size="${mm(4)}" fill="#223">REPUBLIC OF ${escapeXml(spec.fields.issuing_country)}</text>`,
  );
  parts.push(
    `<rect x="${mm(5)}" y="${mm(10)}" width="${mm(photoH * 0.78)}" height="${mm(photoH)}" fill="#cfd6dd"/>`,
  );
  parts.push(
    `<ellipse cx="${mm(5 + photoH * 0.39)}" cy="${mm(10 + photoH * 0.42)}" rx="${mm(photoH * 0.24)}" ry="${mm(photoH * 0.3)}" fill="url(#face)"/>`,
  );
  const labels: [string, string][] = [
    ['Surname', spec.fields.family_name],
    ['Given names', spec.fields.given_names],
    ['Date of birth', spec.fields.date_of_birth],
    ['Document no.', spec.fields.document_number],
    ['Expiry', spec.fields.expiration_date],
  ];
  const x0 = 8 + photoH * 0.78;
  let y = 12;
  for (const [label, value] of labels) {
    if (y + 6 > mrzTop - 4) break;
    parts.push(
      `<text x="${mm(x0)}" y="${mm(y)}" font-family="${sans}" font-size="${mm(1.8)}" fill="#556">${label}</text>`,
    );
    parts.push(
      `<text x="${mm(x0)}" y="${mm(y + 3)}" font-family="${sans}" font-size="${mm(2.8)}" fill="${ink}">${escapeXml(value)}</text>`,
    );
    y += 6.5;
  }
  // The MRZ: OCR-B, one character every 2.54 mm (ICAO 9303), centred in the card.
  const pitch = PITCH_MM * pxPerMm;
  const fontSize = (pitch / 0.72) * rng.range(0.93, 1.04);
  const zoneWidth = spec.lines[0].length * PITCH_MM;
  const left = (wmm - zoneWidth) / 2 + rng.range(-0.8, 0.8);
  spec.lines.forEach((line, r) => {
    const base = (mrzTop + r * lineGap) * pxPerMm + fontSize * 0.36;
    const chars = [...line]
      .map(
        (ch, k) =>
          `<text x="${((left + (k + 0.5) * PITCH_MM) * pxPerMm).toFixed(1)}" y="${base.toFixed(1)}" text-anchor="middle">${escapeXml(ch)}</text>`,
      )
      .join('');
    parts.push(
      `<g font-family="${OCRB_FONT_FAMILY}" font-size="${fontSize.toFixed(2)}" fill="${ink}">${chars}</g>`,
    );
  });
  return {
    svg: `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${parts.join('')}</svg>`,
    width,
    height,
  };
}

/** Homography mapping the unit square corners (0,0),(1,0),(1,1),(0,1) to a quad. */
function squareToQuad(q: [number, number][]): number[] {
  const [[x0, y0], [x1, y1], [x2, y2], [x3, y3]] = q;
  const dx1 = x1 - x2;
  const dx2 = x3 - x2;
  const dx3 = x0 - x1 + x2 - x3;
  const dy1 = y1 - y2;
  const dy2 = y3 - y2;
  const dy3 = y0 - y1 + y2 - y3;
  const den = dx1 * dy2 - dx2 * dy1;
  const g = (dx3 * dy2 - dx2 * dy3) / den;
  const h = (dx1 * dy3 - dx3 * dy1) / den;
  return [x1 - x0 + g * x1, x3 - x0 + h * x3, x0, y1 - y0 + g * y1, y3 - y0 + h * y3, y0, g, h, 1];
}

function invert3(m: number[]): number[] {
  const [a, b, c, d, e, f, g, h, i] = m;
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  return [
    A / det,
    -(b * i - c * h) / det,
    (b * f - c * e) / det,
    B / det,
    (a * i - c * g) / det,
    -(a * f - c * d) / det,
    C / det,
    -(a * h - b * g) / det,
    (a * e - b * d) / det,
  ];
}

export async function renderDocumentPhoto(
  spec: SpecimenData,
  rng: Random,
  options: RenderOptions,
): Promise<RenderedDocument> {
  const s = Math.max(0, Math.min(1, options.strength));
  const pxPerMm = rng.range(8, 12.5);
  const card = cardSvg(spec, rng, pxPerMm);
  const cardRaw = await sharp(Buffer.from(card.svg)).ensureAlpha().raw().toBuffer();
  const cw = card.width;
  const ch = card.height;
  // Scene: the card fills 45-80% of the frame's width, or a requested size.
  let sw: number;
  let sh: number;
  if (options.megapixels) {
    sw = Math.round(Math.sqrt(options.megapixels * 1e6 * 1.5));
    sh = Math.round(sw / 1.5);
  } else {
    sw = Math.round(cw / rng.range(0.5, 0.8));
    sh = Math.round(sw * rng.range(0.62, 0.8));
  }
  const diag = Math.hypot(cw, ch);
  const fill = Math.min((sw * rng.range(0.6, 0.8)) / cw, (sh * 0.9) / diag);
  const angle = ((rng.range(-1, 1) * (4 + 11 * s)) / 180) * Math.PI;
  const persp = 0.01 + 0.08 * s;
  const cx = sw / 2 + rng.range(-0.05, 0.05) * sw;
  const cy = sh / 2 + rng.range(-0.05, 0.05) * sh;
  const hw = (cw * fill) / 2;
  const hh = (ch * fill) / 2;
  const quad: [number, number][] = [
    [-hw, -hh],
    [hw, -hh],
    [hw, hh],
    [-hw, hh],
  ].map(([x, y]) => {
    const jx = x + rng.range(-1, 1) * persp * cw * fill;
    const jy = y + rng.range(-1, 1) * persp * ch * fill;
    return [
      cx + jx * Math.cos(angle) - jy * Math.sin(angle),
      cy + jx * Math.sin(angle) + jy * Math.cos(angle),
    ] as [number, number];
  });
  const inv = invert3(squareToQuad(quad));
  // Desk background: a colour with a gentle light gradient.
  const desk = [rng.int(40, 200), rng.int(40, 180), rng.int(30, 160)];
  const scene = new Uint8Array(sw * sh * 3);
  const light = rng.range(0.75, 1.1);
  const lx = rng.range(-0.3, 0.3);
  for (let y = 0; y < sh; y++) {
    for (let x = 0; x < sw; x++) {
      const shade = light * (1 + lx * (x / sw - 0.5));
      let r = desk[0] * shade;
      let g = desk[1] * shade;
      let b = desk[2] * shade;
      const den = inv[6] * x + inv[7] * y + inv[8];
      const u = ((inv[0] * x + inv[1] * y + inv[2]) / den) * cw - 0.5;
      const v = ((inv[3] * x + inv[4] * y + inv[5]) / den) * ch - 0.5;
      if (u > -1 && v > -1 && u < cw && v < ch) {
        const x0 = Math.floor(u);
        const y0 = Math.floor(v);
        const fx = u - x0;
        const fy = v - y0;
        let cr = 0;
        let cg = 0;
        let cb = 0;
        let ca = 0;
        for (const [xx, yy, wgt] of [
          [x0, y0, (1 - fx) * (1 - fy)],
          [x0 + 1, y0, fx * (1 - fy)],
          [x0, y0 + 1, (1 - fx) * fy],
          [x0 + 1, y0 + 1, fx * fy],
        ]) {
          if (xx < 0 || yy < 0 || xx >= cw || yy >= ch) continue;
          const o = (yy * cw + xx) * 4;
          const a = (cardRaw[o + 3] / 255) * wgt;
          cr += cardRaw[o] * a;
          cg += cardRaw[o + 1] * a;
          cb += cardRaw[o + 2] * a;
          ca += a;
        }
        if (ca > 0) {
          const sh2 = shade * 0.9 + 0.1;
          r = r * (1 - ca) + cr * sh2;
          g = g * (1 - ca) + cg * sh2;
          b = b * (1 - ca) + cb * sh2;
        }
      }
      const o = (y * sw + x) * 3;
      scene[o] = r > 255 ? 255 : r;
      scene[o + 1] = g > 255 ? 255 : g;
      scene[o + 2] = b > 255 ? 255 : b;
    }
  }
  // Glare: a bright specular spot somewhere on the card, stronger with strength.
  let glare = 0;
  if (rng.chance(0.3 + 0.7 * s)) {
    glare = 0.25 + 0.6 * s;
    const gx = rng.range(quad[0][0], quad[2][0]);
    const gy = rng.range(quad[0][1], quad[2][1]);
    const radius = cw * fill * rng.range(0.12, 0.3);
    const r2 = radius * radius;
    for (let y = Math.max(0, Math.floor(gy - 2 * radius)); y < Math.min(sh, gy + 2 * radius); y++) {
      for (let x = Math.max(0, Math.floor(gx - 2 * radius)); x < Math.min(sw, gx + 2 * radius); x++) {
        const d2 = (x - gx) ** 2 + (y - gy) ** 2;
        const k = glare * Math.exp(-d2 / r2);
        const o = (y * sw + x) * 3;
        for (let c = 0; c < 3; c++) scene[o + c] = Math.min(255, scene[o + c] + (255 - scene[o + c]) * k);
      }
    }
  }
  const pitchPx = PITCH_MM * pxPerMm * fill;
  const blur = pitchPx * (0.015 + 0.1 * s) * rng.range(0.6, 1);
  let img = sharp(scene, { raw: { width: sw, height: sh, channels: 3 } });
  if (blur >= 0.3) img = img.blur(blur);
  const blurred = await img.raw().toBuffer();
  const noise = 1.5 + 14 * s;
  for (let i = 0; i < blurred.length; i++) {
    const v = blurred[i] + noise * rng.gauss();
    blurred[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
  const quality = Math.round(92 - 60 * s * rng.range(0.7, 1));
  const out = sharp(blurred, { raw: { width: sw, height: sh, channels: 3 } });
  const bytes = options.png ? await out.png().toBuffer() : await out.jpeg({ quality }).toBuffer();
  return {
    bytes,
    mime: options.png ? 'image/png' : 'image/jpeg',
    width: sw,
    height: sh,
    params: {
      strength: Number(s.toFixed(2)),
      angle_deg: Number(((angle * 180) / Math.PI).toFixed(1)),
      perspective: Number(persp.toFixed(3)),
      pitch_px: Number(pitchPx.toFixed(1)),
      blur_sigma: Number(blur.toFixed(2)),
      noise_sigma: Number(noise.toFixed(1)),
      glare: Number(glare.toFixed(2)),
      jpeg_quality: options.png ? 'png' : quality,
    },
  };
}
