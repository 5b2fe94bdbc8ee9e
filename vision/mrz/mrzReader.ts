// Reads the machine readable zone of an ID document from a photo or scan. Platform-neutral:
// runs in Node and in a Web Worker (no node imports here).
import type { MrzReading, RgbaImage } from '../contract';

/**
 * Finds the MRZ anywhere on the image, reads and parses it.
 * Resolves to null when no MRZ was found (an answer, not an error).
 */
export async function readMrz(image: RgbaImage): Promise<MrzReading | null> {
  if (image.width <= 0 || image.height <= 0) return null;
  // First version: the locating/reading pipeline is being filled in.
  return null;
}
