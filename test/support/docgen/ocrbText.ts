// OCR-B as the test generators use it: Debian's fonts-ocr-b, addressed through fontconfig by
// librsvg (sharp's SVG renderer).
import { existsSync } from 'node:fs';

export const OCRB_FONT_FILE = '/usr/share/fonts/opentype/ocr-b/OCRB.otf';
export const OCRB_FONT_FAMILY = 'OCR B';

export function ocrbAvailable(): boolean {
  return existsSync(OCRB_FONT_FILE);
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
