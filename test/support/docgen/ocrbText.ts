// OCR-B as the test generators use it: Debian's fonts-ocr-b, addressed through fontconfig by
// librsvg (sharp's SVG renderer).
import { machineFileAvailable } from './machineFile';

export const OCRB_FONT_FILE = '/usr/share/fonts/opentype/ocr-b/OCRB.otf';
export const OCRB_FONT_FAMILY = 'OCR B';

/** Whether the font is installed (in CI its absence is an error, see machineFile.ts). */
export function ocrbAvailable(): boolean {
  return machineFileAvailable(OCRB_FONT_FILE, 'the OCR-B font (Debian package fonts-ocr-b)');
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
