// Points the barcode reader at zxing-wasm's own .wasm file in node_modules (no CDN, no network).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { configureBarcodeWasm } from '../barcode/barcodeReader';

const require = createRequire(import.meta.url);
let ready: Promise<void> | null = null;

export function readerWasmPath(): string {
  return require.resolve('zxing-wasm/reader/zxing_reader.wasm');
}

export function loadNodeBarcodeWasm(): Promise<void> {
  ready ??= readFile(readerWasmPath())
    .then((bytes) =>
      configureBarcodeWasm({
        wasmBinary: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
      }),
    )
    .catch((err: unknown) => {
      ready = null;
      throw err;
    });
  return ready;
}
