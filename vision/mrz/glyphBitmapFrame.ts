// The frame of the stored OCR-B glyph bitmaps (glyphBitmaps.ts): the reader's cell (1 pitch wide,
// 1.5 pitches tall, centred on the character) at 40 px per pitch.
export const GLYPH_BITMAP_W = 40;
export const GLYPH_BITMAP_H = 60;
