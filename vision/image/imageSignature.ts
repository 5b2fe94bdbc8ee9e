// The one reader of image file signatures (magic bytes), for the IDV service's upload checks and
// vision/node's decoder: it tells "not an image at all" from "an image of a kind we do not take".
export type ImageFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'tiff' | 'bmp' | 'heif';
export type ImageMime = 'image/jpeg' | 'image/png';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function imageFormatOf(b: Uint8Array): ImageFormat | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && PNG_SIGNATURE.every((x, i) => b[i] === x)) return 'png';
  if (b.length >= 6 && b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46) return 'gif';
  if (b.length >= 12 && b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46 && b[8] === 0x57)
    return 'webp';
  if (
    b.length >= 4 &&
    ((b[0] === 0x49 && b[1] === 0x49) || (b[0] === 0x4d && b[1] === 0x4d)) &&
    (b[2] === 42 || b[3] === 42)
  )
    return 'tiff';
  if (b.length >= 2 && b[0] === 0x42 && b[1] === 0x4d) return 'bmp';
  if (b.length >= 12 && String.fromCharCode(...b.subarray(4, 8)) === 'ftyp') return 'heif';
  return null;
}

/** The kiosk's two upload formats: the MIME type the signature announces, or null. */
export function sniffImage(bytes: Uint8Array): ImageMime | null {
  const format = imageFormatOf(bytes);
  return format === 'jpeg' ? 'image/jpeg' : format === 'png' ? 'image/png' : null;
}
