// Reads just enough of a JPEG or PNG to say what it is, how big, and whether it is complete, so
// upload feedback can name an unreadable file even when no image decoder is available.
export interface ImageHeader {
  format: 'JPEG' | 'PNG';
  width: number;
  height: number;
  /** False when the end-of-image marker is missing (a truncated upload). */
  complete: boolean;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PNG_IEND = [0x49, 0x45, 0x4e, 0x44];

/** The header facts, or a short reason why these bytes are no JPEG/PNG. */
export function readImageHeader(bytes: Uint8Array): ImageHeader | { error: string } {
  if (!(bytes instanceof Uint8Array) || bytes.length < 16)
    return { error: 'the file is empty or too short to be an image' };
  if (PNG_SIGNATURE.every((b, i) => bytes[i] === b)) {
    if (bytes.length < 24) return { error: 'the PNG file is truncated' };
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const width = view.getUint32(16);
    const height = view.getUint32(20);
    const tail = bytes.subarray(Math.max(0, bytes.length - 12));
    const complete = tail.length === 12 && PNG_IEND.every((b, i) => tail[4 + i] === b);
    return { format: 'PNG', width, height, complete };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    let width = 0;
    let height = 0;
    let i = 2;
    while (i + 9 < bytes.length) {
      if (bytes[i] !== 0xff) {
        i++;
        continue;
      }
      const marker = bytes[i + 1];
      if (marker === 0xff) {
        i++;
        continue;
      }
      const length = (bytes[i + 2] << 8) | bytes[i + 3];
      // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        height = (bytes[i + 5] << 8) | bytes[i + 6];
        width = (bytes[i + 7] << 8) | bytes[i + 8];
        break;
      }
      if (marker === 0xda || length < 2) break; // start of scan before any frame header: give up
      i += 2 + length;
    }
    if (width === 0 || height === 0) return { error: 'the JPEG file has no readable frame header' };
    // The end-of-image marker may be followed by a little padding.
    let complete = false;
    for (let j = bytes.length - 2; j >= Math.max(0, bytes.length - 256); j--) {
      if (bytes[j] === 0xff && bytes[j + 1] === 0xd9) {
        complete = true;
        break;
      }
    }
    return { format: 'JPEG', width, height, complete };
  }
  return { error: 'the file is not a JPEG or PNG image' };
}
