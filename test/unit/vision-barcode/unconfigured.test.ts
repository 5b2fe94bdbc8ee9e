// Without configureBarcodeWasm the reader refuses instead of fetching the .wasm from a CDN.
import { describe, expect, it } from 'vitest';
import { readPdf417 } from '../../../vision/barcode';

describe('barcode reader before configuration', () => {
  it('refuses to read and never reaches for the network', async () => {
    const image = { width: 4, height: 4, data: new Uint8Array(64) };
    await expect(readPdf417(image)).rejects.toThrow(/configureBarcodeWasm/);
  });
});
