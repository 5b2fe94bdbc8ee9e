// Capture quality of one frame or still: where the document is, how much of the frame it fills,
// whether it is sharp, glare-free and well exposed. Platform-neutral; the renderer's capture worker
// calls it on every camera frame (budget: 30 ms for 1280×720 on a slow 2-core machine).
import type { CaptureQuality, GrayImage, Point, QualityIssue, RgbaImage } from '../contract';
import { factorForMaxSide, grayDownscaled, halveGray } from '../image/grayscale';
import { assertRgbaImage } from '../image/rgbaImage';
import { insideConvex } from './convexHull';
import { findDocumentOutline } from './documentOutline';
import { measureSharpness } from './sharpness';

export interface AssessFrameOptions {
  /** Minimum share of the frame the document must cover. Default 0.2. */
  minFill?: number;
  /** Sharpness (0..1) below which the capture counts as blurred. Default 0.4: an effective blur
   * width of about 1.35 px at the 640 px working size (a Gaussian of σ≈3 px on a 1280×720 frame
   * of a card, σ≈6 px on a 1334 px wide scan of a page with thin print). */
  minSharpness?: number;
  /** Share of blown-out document area that counts as glare. Default 0.02. */
  maxGlare?: number;
  /** Bounds (0..1) of the document's mean luminance (the frame's when no document is found)
   * outside which it is too dark / too bright. Default 0.2 / 0.96: white paper scanned cleanly
   * averages about 0.9, so only a washed-out page goes above. */
  minExposure?: number;
  maxExposure?: number;
  /** Working resolution for sharpness (longer side). Default 640. */
  workingSize?: number;
}

/** Numbers behind the verdict, for tuning and for the IDV service's breakdowns. */
export interface CaptureQualityDetails extends CaptureQuality {
  /** Effective blur width in working pixels; null when there was no detail to measure. */
  blurWidth: number | null;
  /** Median document luminance 0..1 (the paper). */
  paperLevel: number;
  /** Luminance image sizes used, for callers mapping corners. */
  analysedWidth: number;
  analysedHeight: number;
}

/** Luminance at or above which a pixel is blown out. */
const CLIPPED = 250;

function median(values: Uint32Array, total: number): number {
  let acc = 0;
  for (let v = 0; v < 256; v++) {
    acc += values[v];
    if (acc * 2 >= total) return v;
  }
  return 255;
}

function documentHistogram(
  gray: GrayImage,
  quad: readonly Point[] | null,
): { hist: Uint32Array; count: number } {
  const hist = new Uint32Array(256);
  let count = 0;
  const { width: w, height: h, data } = gray;
  for (let y = 0; y < h; y++) {
    let x0 = 0;
    let x1 = w - 1;
    if (quad) {
      while (x0 <= x1 && !insideConvex(quad, x0 + 0.5, y + 0.5)) x0++;
      while (x1 >= x0 && !insideConvex(quad, x1 + 0.5, y + 0.5)) x1--;
    }
    for (let x = x0; x <= x1; x++) {
      hist[data[y * w + x]]++;
      count++;
    }
  }
  return { hist, count };
}

export function assessFrame(image: RgbaImage, options: AssessFrameOptions = {}): CaptureQualityDetails {
  assertRgbaImage(image);
  const minFill = options.minFill ?? 0.2;
  const minSharpness = options.minSharpness ?? 0.4;
  const maxGlare = options.maxGlare ?? 0.02;
  const minExposure = options.minExposure ?? 0.2;
  const maxExposure = options.maxExposure ?? 0.96;
  const workingSize = options.workingSize ?? 640;

  const factor = factorForMaxSide(image.width, image.height, workingSize);
  const work = grayDownscaled(image, factor);
  // Outline search on a quarter of the work image's pixels: corners to ±2 work pixels suffice.
  const small = work.width >= 64 && work.height >= 64 ? halveGray(work) : work;
  const smallScale = work.width / small.width;

  let exposureSum = 0;
  for (let i = 0; i < small.data.length; i++) exposureSum += small.data[i];
  let exposure = exposureSum / small.data.length / 255;

  const outline = findDocumentOutline(small);
  const issues: QualityIssue[] = [];
  let corners: CaptureQuality['corners'] = null;
  let fillRatio = 0;
  let sharpness = 0;
  let blurWidth = Infinity;
  let glare = 0;
  let paperLevel = 0;

  if (outline) {
    const workQuad = outline.corners.map((p) => ({ x: p.x * smallScale, y: p.y * smallScale }));
    const scaleToImage = image.width / work.width;
    corners = outline.corners.map((p) => ({
      x: Math.min(image.width, Math.max(0, p.x * smallScale * scaleToImage)),
      y: Math.min(image.height, Math.max(0, p.y * smallScale * (image.height / work.height))),
    })) as CaptureQuality['corners'];
    fillRatio = outline.fillRatio;
    const sharp = measureSharpness(work, workQuad, 1);
    sharpness = sharp.sharpness;
    blurWidth = sharp.blurWidth;
    const { hist, count } = documentHistogram(small, outline.corners);
    const paper = median(hist, count);
    if (count > 0) {
      let sum = 0;
      for (let v = 0; v < 256; v++) sum += v * hist[v];
      exposure = sum / count / 255;
    }
    paperLevel = paper / 255;
    // Blown-out pixels count as glare only when the paper itself is not at clipping; when it is,
    // a highlight cannot be told from white paper and exposure speaks instead.
    if (paper < CLIPPED - 10 && count > 0) {
      let clipped = 0;
      for (let v = CLIPPED; v < 256; v++) clipped += hist[v];
      glare = clipped / count;
    }
    if (sharp.edgeDensity < 0.002) {
      // A uniform quadrilateral (a blank sheet, a wall) is not a document to capture.
      issues.push('NO_DOCUMENT');
    } else {
      if (fillRatio < minFill) issues.push('TOO_SMALL');
      if (sharpness < minSharpness) issues.push('BLURRED');
      if (glare > maxGlare) issues.push('GLARE');
    }
  } else {
    issues.push('NO_DOCUMENT');
  }
  if (exposure < minExposure) issues.push('TOO_DARK');
  else if (exposure > maxExposure) issues.push('TOO_BRIGHT');

  return {
    corners,
    fillRatio,
    sharpness,
    glare,
    exposure,
    issues,
    ok: issues.length === 0,
    blurWidth: Number.isFinite(blurWidth) ? blurWidth : null,
    paperLevel,
    analysedWidth: work.width,
    analysedHeight: work.height,
  };
}
