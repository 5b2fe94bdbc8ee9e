// JPEG/PNG bytes → RgbaImage with sharp (libvips, N-API). Uploads come from the kiosk and from
// integrators, so every failure says what was wrong with the file, and huge images are refused
// (decompression bombs) or scaled down before they reach the pixel loops.
import { imageFormatOf } from '../image/imageSignature';
import sharp from 'sharp';
import { errorFirstLine, errorMessage } from '../../common/errorMessage';
import type { RgbaImage } from '../contract';

export type DecodeErrorCode =
  'EMPTY' | 'NOT_AN_IMAGE' | 'UNSUPPORTED_FORMAT' | 'TRUNCATED' | 'CORRUPT' | 'TOO_LARGE';

export class DecodeError extends Error {
  override readonly name = 'DecodeError';
  constructor(
    readonly code: DecodeErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface DecodeOptions {
  /** Images with more input pixels than this are refused. Default 100 MP. */
  limitInputPixels?: number;
  /** Larger images are scaled down (aspect kept) to at most this many pixels. Default 16 MP. */
  maxPixels?: number;
}

const SUPPORTED = new Set(['jpeg', 'png']);

function explain(err: unknown, format: string): DecodeError {
  const full = errorMessage(err);
  // libvips repeats itself over several lines; the first says it.
  const message = errorFirstLine(err).trim();
  if (/pixel limit|exceeds/i.test(full)) {
    return new DecodeError('TOO_LARGE', `image is too large to decode (${message})`);
  }
  if (
    /premature end|truncated|unexpected end|incomplete|not enough data|read error|end of file/i.test(message)
  ) {
    return new DecodeError('TRUNCATED', `the ${format.toUpperCase()} file is truncated (${message})`);
  }
  return new DecodeError(
    'CORRUPT',
    `the ${format.toUpperCase()} file is damaged and cannot be decoded (${message})`,
  );
}

export async function decodeImage(bytes: Uint8Array, options: DecodeOptions = {}): Promise<RgbaImage> {
  if (!(bytes instanceof Uint8Array))
    throw new DecodeError('NOT_AN_IMAGE', 'image data must be bytes (Uint8Array)');
  if (bytes.length === 0) throw new DecodeError('EMPTY', 'the file is empty');
  const format = imageFormatOf(bytes);
  if (!format) throw new DecodeError('NOT_AN_IMAGE', 'not an image: the data is neither JPEG nor PNG');
  if (!SUPPORTED.has(format)) {
    throw new DecodeError(
      'UNSUPPORTED_FORMAT',
      `unsupported image format ${format.toUpperCase()}: JPEG or PNG expected`,
    );
  }
  const limitInputPixels = options.limitInputPixels ?? 100_000_000;
  const maxPixels = options.maxPixels ?? 16_000_000;
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    // failOn 'truncated' makes libvips report a cut-off file instead of returning grey rows.
    const image = sharp(input, { failOn: 'truncated', limitInputPixels });
    const meta = await image.metadata();
    if (!meta.width || !meta.height) throw new DecodeError('CORRUPT', 'the image has no dimensions');
    // EXIF orientations 5–8 swap width and height; the pixel count is the same either way.
    const pixels = meta.width * meta.height;
    let pipeline = image.rotate();
    if (pixels > maxPixels) {
      const scale = Math.sqrt(maxPixels / pixels);
      const oriented = (meta.orientation ?? 1) >= 5;
      const w = Math.max(1, Math.floor((oriented ? meta.height : meta.width) * scale));
      const h = Math.max(1, Math.floor((oriented ? meta.width : meta.height) * scale));
      // Both bounds, floored, so rounding never takes the result over the cap.
      pipeline = pipeline.resize(w, h, { fit: 'inside' });
    }
    const { data, info } = await pipeline.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== 4) throw new DecodeError('CORRUPT', `unexpected channel count ${info.channels}`);
    return {
      width: info.width,
      height: info.height,
      data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    };
  } catch (err) {
    if (err instanceof DecodeError) throw err;
    throw explain(err, format);
  }
}
