// The portrait printed on a document page: the largest face detected on the page, widened to the
// head-and-shoulders area an ID photo covers, cut out of the page's pixels. Platform-neutral: the
// caller detects the faces (VisionPort.detectFaces) and encodes the crop.
import type { FaceBox, FaceDetection, RgbaImage } from '../contract';
import { assertRgbaImage } from '../image/rgbaImage';

/**
 * How far the crop reaches beyond the detected face box, as shares of the box's width (sides) and
 * height (above, below): the detector's box already takes in most of the head, and the printed
 * photo (ICAO 9303: the face 70–80 % of its height) ends a little beyond it. Set on the specimen
 * passports, whose crops then hold the photo and little of the text beside it.
 */
export const PORTRAIT_MARGIN = { side: 0.12, above: 0.18, below: 0.12 } as const;

export interface DocumentPortrait {
  /** The detected face, in page pixels. */
  face: FaceDetection;
  /** The cut-out area, whole pixels, inside the page. */
  region: FaceBox;
  /** The page's pixels inside `region`. */
  image: RgbaImage;
}

/** `box` plus PORTRAIT_MARGIN, rounded out to whole pixels and clipped to the page. */
export function portraitRegion(box: FaceBox, pageWidth: number, pageHeight: number): FaceBox {
  const left = Math.max(0, Math.floor(box.x - box.width * PORTRAIT_MARGIN.side));
  const top = Math.max(0, Math.floor(box.y - box.height * PORTRAIT_MARGIN.above));
  const right = Math.min(pageWidth, Math.ceil(box.x + box.width * (1 + PORTRAIT_MARGIN.side)));
  const bottom = Math.min(pageHeight, Math.ceil(box.y + box.height * (1 + PORTRAIT_MARGIN.below)));
  return { x: left, y: top, width: Math.max(0, right - left), height: Math.max(0, bottom - top) };
}

/** The pixels of `region` (whole pixels, inside the image) as a new image. */
export function cropRgba(image: RgbaImage, region: FaceBox): RgbaImage {
  assertRgbaImage(image);
  const { x, y, width, height } = region;
  if (
    ![x, y, width, height].every(Number.isInteger) ||
    x < 0 ||
    y < 0 ||
    width <= 0 ||
    height <= 0 ||
    x + width > image.width ||
    y + height > image.height
  ) {
    throw new RangeError(
      `crop ${width}x${height}+${x}+${y} is not whole pixels inside the ${image.width}x${image.height} image`,
    );
  }
  const data = new Uint8Array(width * height * 4);
  const rowBytes = width * 4;
  for (let row = 0; row < height; row++) {
    const from = ((y + row) * image.width + x) * 4;
    data.set(image.data.subarray(from, from + rowBytes), row * rowBytes);
  }
  return { width, height, data };
}

/**
 * The document's portrait among the faces detected on the page, or null when there is none. The
 * largest face is the portrait: documents often carry a smaller "ghost" copy of it.
 */
export function documentPortrait(page: RgbaImage, faces: readonly FaceDetection[]): DocumentPortrait | null {
  const face = [...faces]
    .filter((f) => f.box.width > 0 && f.box.height > 0)
    .sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height)[0];
  if (!face) return null;
  const region = portraitRegion(face.box, page.width, page.height);
  if (region.width === 0 || region.height === 0) return null; // a box wholly off the page
  return { face, region, image: cropRgba(page, region) };
}
