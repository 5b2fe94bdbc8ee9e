// Image operations that turn a genuine face frame into a presentation attack: shown on a screen
// (RGB subpixel grid, resampled by the camera so it beats into moiré, inside a dark bezel),
// printed and re-photographed (halftone dots, paper texture, blur), eyes painted shut, a second
// face in view. Pure pixel work on RgbaImage, seeded, so a set is the same on every machine.
import type { RawFace } from '../../../vision/faces';
import type { RgbaImage } from '../../../vision/contract';
import { sampleRgbaBilinear } from '../../../vision/image/rgbaImage';
import type { Random } from '../docgen/seededRandom';

export const blankImage = (width: number, height: number, rgb: [number, number, number]): RgbaImage => {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < data.length; i += 4) {
    data[i] = rgb[0];
    data[i + 1] = rgb[1];
    data[i + 2] = rgb[2];
    data[i + 3] = 255;
  }
  return { width, height, data };
};

const clamp = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : v);

/** Gaussian sensor noise of standard deviation `sigma`, in place. */
export function addNoise(image: RgbaImage, sigma: number, rnd: Random): RgbaImage {
  const d = image.data;
  for (let i = 0; i < d.length; i += 4) {
    for (let c = 0; c < 3; c++) d[i + c] = clamp(d[i + c] + sigma * rnd.gauss());
  }
  return image;
}

/**
 * The frame as a camera sees it on a screen: each screen pixel is three vertical R, G, B stripes
 * with a dark gap between rows, `pitch` camera pixels wide, the screen turned by `angle` radians;
 * 3×3 supersampling integrates the grid as a sensor does (which makes the moiré). The screen fills
 * `fill` of the frame width inside a dark bezel, on `backdrop`.
 */
export function onScreen(
  frame: RgbaImage,
  backdrop: RgbaImage,
  opts: { pitch: number; angle: number; fill: number; bezel: number; gain: number; visibility: number },
): RgbaImage {
  const { width: W, height: H } = backdrop;
  const out = new Uint8Array(backdrop.data);
  const sw = W * opts.fill;
  const sh = (sw * frame.height) / frame.width;
  const cx = W / 2;
  const cy = H / 2;
  const cos = Math.cos(opts.angle);
  const sin = Math.sin(opts.angle);
  const cols = Math.floor(sw / opts.pitch);
  const rows = Math.floor(sh / opts.pitch);
  const px = new Uint8Array(4);
  const SS = 3;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      // Screen coordinates of the pixel centre (before supersampling) for the bezel test.
      const dx = x - cx;
      const dy = y - cy;
      const u0 = cos * dx + sin * dy + sw / 2;
      const v0 = -sin * dx + cos * dy + sh / 2;
      const o = (y * W + x) * 4;
      if (u0 < -opts.bezel || v0 < -opts.bezel || u0 > sw + opts.bezel || v0 > sh + opts.bezel) continue;
      if (u0 < 0 || v0 < 0 || u0 > sw || v0 > sh) {
        out[o] = out[o + 1] = out[o + 2] = 18;
        continue;
      }
      let r = 0;
      let g = 0;
      let b = 0;
      const plain = [0, 0, 0];
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const ddx = dx + (sx + 0.5) / SS - 0.5;
          const ddy = dy + (sy + 0.5) / SS - 0.5;
          const u = (cos * ddx + sin * ddy + sw / 2) / opts.pitch;
          const v = (-sin * ddx + cos * ddy + sh / 2) / opts.pitch;
          const col = Math.min(cols - 1, Math.max(0, Math.floor(u)));
          const row = Math.min(rows - 1, Math.max(0, Math.floor(v)));
          sampleRgbaBilinear(
            frame,
            ((col + 0.5) * frame.width) / cols,
            ((row + 0.5) * frame.height) / rows,
            px,
            0,
          );
          const fu = u - Math.floor(u);
          const fv = v - Math.floor(v);
          const lit = fv < 0.8 ? 1 : 0.6;
          const stripe = Math.min(2, Math.floor(fu * 3));
          const inStripe = fu * 3 - stripe < 0.8 ? 1 : 0.6;
          const k = 3 * lit * inStripe * opts.gain;
          for (let c = 0; c < 3; c++) plain[c] += px[c] * opts.gain * 0.9;
          if (stripe === 0) r += px[0] * k;
          else if (stripe === 1) g += px[1] * k;
          else b += px[2] * k;
        }
      }
      const n = SS * SS;
      // A little light leaks between stripes, as on a real panel.
      // How much of the grid the camera resolves (focus, distance): the rest is the plain image.
      const v = opts.visibility;
      const mix = (a: number, p: number, q: number, c: number): number =>
        clamp((v * (0.6 * a + 0.2 * (p + q)) + (1 - v) * plain[c]) / n);
      out[o] = mix(r, g, b, 0);
      out[o + 1] = mix(g, r, b, 1);
      out[o + 2] = mix(b, r, g, 2);
    }
  }
  return { width: W, height: H, data: out };
}

/**
 * The frame printed with CMY halftone dots (cell `period` px, classic screen angles) on paper with
 * texture, then photographed: the print fills `fill` of the frame on `backdrop`.
 */
export function printed(
  frame: RgbaImage,
  backdrop: RgbaImage,
  opts: { period: number; fill: number; angle: number; paperNoise: number; visibility: number },
  rnd: Random,
): RgbaImage {
  const { width: W, height: H } = backdrop;
  const out = new Uint8Array(backdrop.data);
  const pw = W * opts.fill;
  const ph = (pw * frame.height) / frame.width;
  const margin = pw * 0.05;
  const cx = W / 2;
  const cy = H / 2;
  const cos = Math.cos(opts.angle);
  const sin = Math.sin(opts.angle);
  const screens = [15, 75, 0].map((a) => (a * Math.PI) / 180);
  // Paper fibre: a coarse random field, bilinearly read.
  const gw = Math.ceil(W / 6) + 2;
  const gh = Math.ceil(H / 6) + 2;
  const fibre = Float32Array.from({ length: gw * gh }, () => rnd.gauss());
  const px = new Uint8Array(4);
  const SS = 2;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const dx = x - cx;
      const dy = y - cy;
      const u = cos * dx + sin * dy + pw / 2;
      const v = -sin * dx + cos * dy + ph / 2;
      const o = (y * W + x) * 4;
      if (u < -margin || v < -margin || u > pw + margin || v > ph + margin) continue;
      const fx = x / 6;
      const fy = y / 6;
      const fi = Math.floor(fy) * gw + Math.floor(fx);
      const paper = 238 + opts.paperNoise * (fibre[fi] * 0.6 + fibre[fi + 1] * 0.4) + 2 * rnd.gauss();
      if (u < 0 || v < 0 || u > pw || v > ph) {
        out[o] = out[o + 1] = out[o + 2] = clamp(paper);
        continue;
      }
      const ink = [0, 0, 0];
      const tone = [0, 0, 0];
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const uu = u + (sx + 0.5) / SS - 0.5;
          const vv = v + (sy + 0.5) / SS - 0.5;
          sampleRgbaBilinear(frame, (uu * frame.width) / pw, (vv * frame.height) / ph, px, 0);
          for (let c = 0; c < 3; c++) {
            const a = screens[c];
            const su = (Math.cos(a) * uu + Math.sin(a) * vv) / opts.period;
            const sv = (-Math.sin(a) * uu + Math.cos(a) * vv) / opts.period;
            const spot = (Math.cos(2 * Math.PI * su) + Math.cos(2 * Math.PI * sv)) / 2;
            const coverage = 1 - px[c] / 255;
            tone[c] += coverage;
            if (spot > 1 - 2 * coverage) ink[c] += 1;
          }
        }
      }
      // How much of the dot structure the camera resolves; the rest is the dots' mean tone.
      const seen = opts.visibility;
      for (let c = 0; c < 3; c++) {
        out[o + c] = clamp(paper * (1 - (0.8 * (seen * ink[c] + (1 - seen) * tone[c])) / (SS * SS)));
      }
    }
  }
  return { width: W, height: H, data: out };
}

/** MediaPipe face-mesh eye contours (right, left). */
const EYES = [
  [33, 246, 161, 160, 159, 158, 157, 173, 133, 155, 154, 153, 145, 144, 163, 7],
  [263, 466, 388, 387, 386, 385, 384, 398, 362, 382, 381, 380, 374, 373, 390, 249],
];

function inside(poly: number[][], x: number, y: number): boolean {
  let c = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i];
    const [xj, yj] = poly[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}

/** The eyes painted shut: lid skin taken from just above each eye, and a lash line. */
export function eyesPaintedShut(image: RgbaImage, face: RawFace): RgbaImage {
  const out = new Uint8Array(image.data);
  const { width } = image;
  for (const eye of EYES) {
    const poly = eye.map((k) => [face.mesh[k][0], face.mesh[k][1]]);
    const xs = poly.map((p) => p[0]);
    const ys = poly.map((p) => p[1]);
    const eyeW = Math.max(...xs) - Math.min(...xs);
    const grow = Math.max(1.5, eyeW * 0.12);
    // Skin: the cheek below the eye (mesh points 50 and 280).
    const cheek = face.mesh[eye === EYES[0] ? 50 : 280];
    const si = (Math.round(cheek[1]) * width + Math.round(cheek[0])) * 4;
    const skin = [image.data[si], image.data[si + 1], image.data[si + 2]];
    const lashY = (poly[0][1] + poly[8][1]) / 2 + eyeW * 0.05;
    const lashHalf = Math.max(0.6, eyeW * 0.03);
    for (let y = Math.floor(Math.min(...ys) - grow); y <= Math.max(...ys) + grow; y++) {
      for (let x = Math.floor(Math.min(...xs) - grow); x <= Math.max(...xs) + grow; x++) {
        if (x < 0 || y < 0 || x >= width || y >= image.height) continue;
        let near = false;
        for (let dy = -grow; dy <= grow && !near; dy += grow / 2) {
          for (let dx = -grow; dx <= grow && !near; dx += grow / 2) near = inside(poly, x + dx, y + dy);
        }
        if (!near) continue;
        const o = (y * width + x) * 4;
        const lash =
          Math.abs(y - lashY) < lashHalf &&
          x > Math.min(...xs) + eyeW * 0.1 &&
          x < Math.max(...xs) - eyeW * 0.1;
        // Shade darkens a little towards the lash line, as a closed lid does.
        const shade = 1 - 0.12 * Math.max(0, 1 - Math.abs(y - lashY) / (eyeW * 0.3));
        for (let c = 0; c < 3; c++) out[o + c] = lash ? skin[c] * 0.35 : clamp(skin[c] * shade);
      }
    }
  }
  return { width, height: image.height, data: out };
}
