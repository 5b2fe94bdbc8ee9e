// Points the barcode reader at zxing-wasm's own .wasm file in node_modules (no CDN, no network).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { BarcodeReading, RgbaImage } from '../contract';
import { configureBarcodeWasm, readPdf417 } from '../barcode/barcodeReader';

const require = createRequire(import.meta.url);
let ready: Promise<void> | null = null;

export function loadNodeBarcodeWasm(): Promise<void> {
  ready ??= readFile(require.resolve('zxing-wasm/reader/zxing_reader.wasm'))
    .then((bytes) =>
      configureBarcodeWasm(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)),
    )
    .catch((err: unknown) => {
      ready = null;
      throw err;
    });
  return ready;
}

/** PDF417 reading for Node callers (CLI, IDV): loads the reader's .wasm on first use. */
export async function readBarcode(image: RgbaImage): Promise<BarcodeReading | null> {
  await loadNodeBarcodeWasm();
  return readPdf417(image);
}
