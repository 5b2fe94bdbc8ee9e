// Synthetic camera frames for capture-quality tests: a card with text-like marks on a background,
// optionally blurred, noisy, with glare. Deterministic (seeded) so failures reproduce.
import type { Point, RgbaImage } from '../../../vision/contract';
import { applyHomography, homographyFromPoints } from '../../../vision/image/homography';

export interface FrameSpec {
  width?: number;
  height?: number;
  background?: number;
  /** Card corners clockwise from top-left; omitted means no card. */
  card?: Point[];
  paper?: number;
  ink?: number;
  /** Gaussian-like blur radius in pixels (three box passes). */
  blur?: number;
  noise?: number;
  /** Glare spots: centre in card units (0..1) and radius as a share of the card width. */
  glare?: { u: number; v: number; r: number }[];
  seed?: number;
}

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

export function centredCard(width: number, height: number, fill: number, angleDeg = 0): Point[] {
  // ID-1 aspect 85.6 × 54 mm, sized so the card covers `fill` of the frame.
  const area = fill * width * height;
  const cw = Math.sqrt(area * 1.585);
  const ch = cw / 1.585;
  const a = (angleDeg * Math.PI) / 180;
  const cx = width / 2;
  const cy = height / 2;
  return [
    [-cw / 2, -ch / 2],
    [cw / 2, -ch / 2],
    [cw / 2, ch / 2],
    [-cw / 2, ch / 2],
  ].map(([x, y]) => ({
    x: cx + x * Math.cos(a) - y * Math.sin(a),
    y: cy + x * Math.sin(a) + y * Math.cos(a),
  }));
}

/** One horizontal and one vertical running-sum box pass of radius r (edges clamped). */
function boxBlurPass(src: Float32Array, w: number, h: number, r: number): Float32Array {
  const tmp = new Float32Array(src.length);
  const out = new Float32Array(src.length);
  const n = 2 * r + 1;
  for (let y = 0; y < h; y++) {
    const row = y * w;
    let s = 0;
    for (let k = -r; k <= r; k++) s += src[row + Math.min(w - 1, Math.max(0, k))];
    for (let x = 0; x < w; x++) {
      tmp[row + x] = s / n;
      s += src[row + Math.min(w - 1, x + r + 1)] - src[row + Math.max(0, x - r)];
    }
  }
  for (let x = 0; x < w; x++) {
    let s = 0;
    for (let k = -r; k <= r; k++) s += tmp[Math.min(h - 1, Math.max(0, k)) * w + x];
    for (let y = 0; y < h; y++) {
      out[y * w + x] = s / n;
      s += tmp[Math.min(h - 1, y + r + 1) * w + x] - tmp[Math.max(0, y - r) * w + x];
    }
  }
  return out;
}

/** Card face in its own units, rasterised once: portrait block and rows of text-like bars. */
const TEXTURE_W = 1200;
const TEXTURE_H = 757;
function cardTexture(random: () => number, paper: number, ink: number): Uint8Array {
  const tex = new Uint8Array(TEXTURE_W * TEXTURE_H).fill(paper);
  const fill = (u: number, v: number, bw: number, bh: number): void => {
    for (let y = Math.floor(v * TEXTURE_H); y < Math.min(TEXTURE_H, Math.ceil((v + bh) * TEXTURE_H)); y++) {
      tex.fill(
        ink,
        y * TEXTURE_W + Math.floor(u * TEXTURE_W),
        y * TEXTURE_W + Math.min(TEXTURE_W, Math.ceil((u + bw) * TEXTURE_W)),
      );
    }
  };
  fill(0.05, 0.2, 0.3, 0.75);
  for (let row = 0; row < 9; row++) {
    const v = 0.12 + row * 0.085;
    let u = 0.4;
    while (u < 0.94) {
      const len = 0.01 + random() * 0.05;
      fill(u, v, Math.min(len, 0.95 - u), 0.035);
      u += len + 0.012;
    }
  }
  return tex;
}

export function makeFrame(spec: FrameSpec = {}): RgbaImage {
  const width = spec.width ?? 1280;
  const height = spec.height ?? 720;
  const random = rng(spec.seed ?? 7);
  let lum: Float32Array = new Float32Array(width * height).fill(spec.background ?? 40);
  if (spec.card) {
    const unit = [
      { x: 0, y: 0 },
      { x: 1, y: 0 },
      { x: 1, y: 1 },
      { x: 0, y: 1 },
    ];
    const toCard = homographyFromPoints(spec.card, unit)!;
    const paper = spec.paper ?? 215;
    const tex = cardTexture(random, paper, spec.ink ?? 35);
    const xs = spec.card.map((p) => p.x);
    const ys = spec.card.map((p) => p.y);
    for (
      let y = Math.max(0, Math.floor(Math.min(...ys)));
      y < Math.min(height, Math.ceil(Math.max(...ys)));
      y++
    ) {
      for (
        let x = Math.max(0, Math.floor(Math.min(...xs)));
        x < Math.min(width, Math.ceil(Math.max(...xs)));
        x++
      ) {
        const p = applyHomography(toCard, { x: x + 0.5, y: y + 0.5 });
        if (p.x < 0 || p.x >= 1 || p.y < 0 || p.y >= 1) continue;
        let v = tex[Math.floor(p.y * TEXTURE_H) * TEXTURE_W + Math.floor(p.x * TEXTURE_W)];
        for (const g of spec.glare ?? []) {
          const d = Math.hypot(p.x - g.u, (p.y - g.v) / 1.585);
          if (d < g.r) v = 255;
          else if (d < g.r * 1.5) v = Math.max(v, 255 - ((d - g.r) / (g.r * 0.5)) * (255 - paper));
        }
        lum[y * width + x] = v;
      }
    }
  }
  if (spec.blur && spec.blur > 0) {
    const r = Math.max(1, Math.round(spec.blur));
    for (let i = 0; i < 3; i++) lum = boxBlurPass(lum, width, height, r);
  }
  const data = new Uint8Array(width * height * 4);
  const noise = spec.noise ?? 0;
  for (let i = 0; i < lum.length; i++) {
    const n = noise ? (random() + random() + random() - 1.5) * 2 * noise : 0;
    const v = Math.max(0, Math.min(255, Math.round(lum[i] + n)));
    data[i * 4] = v;
    data[i * 4 + 1] = v;
    data[i * 4 + 2] = Math.max(0, Math.min(255, v - 8));
    data[i * 4 + 3] = 255;
  }
  return { width, height, data };
}
