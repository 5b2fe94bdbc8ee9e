// Refuses an uploaded body that is not a whole JPEG or PNG (idv/imageFile.ts), or that would decode
// to more than MAX_IMAGE_PIXELS, with the HTTP status and code that say why, before anything is
// stored or decoded.
import { MAX_IMAGE_PIXELS, checkImageFile, formatName, type ImageMime } from '../imageFile';
import { HttpError, badRequest } from './httpError';

export interface ImageInfo {
  mime: ImageMime;
  width: number;
  height: number;
}

/**
 * Validates an image body against its declared Content-Type. Throws 415 for a body that is not a
 * JPEG/PNG (or a declared type we do not take), 400 for a mismatch, a truncated or a corrupt file.
 */
export function inspectImage(bytes: Uint8Array, declaredType: string | undefined): ImageInfo {
  // The yoti SDK labels JPEG face captures "image/jpg"; it is the same thing.
  const raw = declaredType?.split(';')[0].trim().toLowerCase();
  const declared = raw === 'image/jpg' ? 'image/jpeg' : raw;
  if (declared !== undefined && declared !== 'image/jpeg' && declared !== 'image/png') {
    throw new HttpError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      `Content-Type must be image/jpeg or image/png, got ${declared === '' ? 'nothing' : declared}`,
    );
  }
  const check = checkImageFile(bytes);
  if (check.mime !== null && declared !== undefined && declared !== check.mime) {
    throw badRequest('CONTENT_TYPE_MISMATCH', `Content-Type says ${declared} but the body is ${check.mime}`);
  }
  if (check.ok) {
    // From the header, before any decoder runs (the checks and the feedback decode the image).
    const pixels = check.width * check.height;
    if (pixels > MAX_IMAGE_PIXELS) {
      throw new HttpError(
        413,
        'IMAGE_TOO_LARGE',
        `the image is ${check.width} × ${check.height} pixels (${Math.round(pixels / 1e6)} MP); the limit is ${MAX_IMAGE_PIXELS / 1e6} MP`,
        { width: check.width, height: check.height, limit_pixels: MAX_IMAGE_PIXELS },
      );
    }
    return { mime: check.mime, width: check.width, height: check.height };
  }
  switch (check.problem) {
    case 'EMPTY':
      throw badRequest('EMPTY_IMAGE', 'the image body is empty');
    case 'NOT_AN_IMAGE':
      throw new HttpError(415, 'NOT_AN_IMAGE', 'the body is not a JPEG or PNG image');
    case 'TRUNCATED':
      throw badRequest(
        'TRUNCATED_IMAGE',
        `the ${formatName(check.mime as ImageMime)} image is truncated (the upload did not arrive whole)`,
      );
    default:
      throw badRequest('CORRUPT_IMAGE', check.reason);
  }
}
