// Reads the QR code in a camera frame of a customer's IBV letter, in main, with zxing-wasm (the
// renderer sends the frame; the QR's text never goes back to it).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';

const require = createRequire(import.meta.url);
let ready: Promise<unknown> | null = null;

function prepare(): Promise<unknown> {
  // The wasm binary from the package itself (no fetch from a CDN, as zxing-wasm would by default).
  ready ??= readFile(require.resolve('zxing-wasm/reader/zxing_reader.wasm')).then((wasm) =>
    prepareZXingModule({
      overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) },
      fireImmediately: true,
    }),
  );
  return ready;
}

/** The text of the first QR code in a JPEG or PNG, or null when the picture holds none. */
export async function readQrText(image: Uint8Array): Promise<string | null> {
  await prepare();
  const found = await readBarcodes(new Blob([new Uint8Array(image)]), { formats: ['QRCode'], tryHarder: true, maxNumberOfSymbols: 1 });
  const valid = found.find((b) => b.isValid && b.text.length > 0);
  return valid ? valid.text : null;
}
