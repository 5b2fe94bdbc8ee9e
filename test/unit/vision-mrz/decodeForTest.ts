// Test helper: decode an image file or buffer to RGBA with sharp, optionally transformed.
import sharp, { type Sharp } from 'sharp';
import type { RgbaImage } from '../../../vision/contract';

export async function decodeRgba(
  input: string | Buffer,
  transform?: (img: Sharp) => Sharp,
): Promise<RgbaImage> {
  let img = sharp(input);
  if (transform) img = sharp(await transform(img).png().toBuffer());
  const { data, info } = await img.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return {
    width: info.width,
    height: info.height,
    data: new Uint8Array(data.buffer, data.byteOffset, data.length),
  };
}
