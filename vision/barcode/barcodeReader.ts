// PDF417 reading with zxing-wasm (ZXing C++ compiled to WebAssembly), platform-neutral. The .wasm
// bytes must be supplied by the host (vision/node reads them from node_modules): until
// configureBarcodeWasm() is called, reading refuses rather than fetching the file from a CDN.
import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader';
import type { BarcodeReading, RgbaImage } from '../contract';
import { assertRgbaImage } from '../image/rgbaImage';
import { perspectiveCrop } from '../image/perspectiveCrop';
import { assessFrame } from '../quality/assessFrame';
import { aamvaToMrzFields, parseAamva } from './aamvaParser';

let configured: Promise<unknown> | null = null;

/** Loads the reader's WebAssembly module from the bytes of zxing_reader.wasm; call once before reading. */
export function configureBarcodeWasm(wasmBinary: ArrayBuffer): Promise<void> {
  configured = prepareZXingModule({
    overrides: { wasmBinary, locateFile: (p: string) => p },
    fireImmediately: true,
  });
  return configured.then(() => undefined);
}

const READER_OPTIONS: ReaderOptions = {
  formats: ['PDF417'],
  tryHarder: true,
  tryRotate: true,
  tryInvert: false,
  tryDownscale: true,
  maxNumberOfSymbols: 4,
  textMode: 'Plain',
};

async function decodeSymbols(image: RgbaImage): Promise<BarcodeReading | null> {
  const data =
    image.data instanceof Uint8ClampedArray
      ? image.data
      : new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  // zxing-wasm takes anything shaped like ImageData (Node has no ImageData class).
  const imageData = {
    data,
    width: image.width,
    height: image.height,
    colorSpace: 'srgb',
  } as unknown as Parameters<typeof readBarcodes>[0];
  const results = await readBarcodes(imageData, READER_OPTIONS);
  const valid = results.filter((r) => r.isValid && r.text.length > 0);
  // Prefer an AAMVA payload when several symbols are present.
  const parsed = valid.map((r) => ({ r, aamva: parseAamva(r.text) }));
  const best = parsed.find((p) => p.aamva) ?? parsed[0];
  if (!best) return null;
  return {
    format: 'PDF417',
    text: best.r.text,
    aamva: best.aamva ? flatten(best.aamva) : null,
    fields: best.aamva ? aamvaToMrzFields(best.aamva) : null,
  };
}

/** Degrees the document's top edge is off horizontal, from its outline. */
function skewOf(corners: NonNullable<ReturnType<typeof assessFrame>['corners']>): number {
  const [tl, tr] = corners;
  return (Math.atan2(tr.y - tl.y, tr.x - tl.x) * 180) / Math.PI;
}

/**
 * Reads the PDF417 symbols in an image and returns the first one, with AAMVA fields when it is a
 * driving-licence payload; null when there is none (or none that decodes). ZXing's PDF417
 * detector tolerates only a few degrees of skew, so when the first pass finds nothing on a
 * document held at an angle, the document is straightened with its outline and read again.
 */
export async function readPdf417(image: RgbaImage): Promise<BarcodeReading | null> {
  assertRgbaImage(image);
  if (!configured) {
    throw new Error(
      'barcode reader: call configureBarcodeWasm() first (the .wasm is never fetched from the network)',
    );
  }
  await configured;
  const first = await decodeSymbols(image);
  if (first) return first;
  const { corners } = assessFrame(image);
  if (!corners) return null;
  const skew = skewOf(corners);
  if (Math.abs(skew) < 1.5 || Math.abs(Math.abs(skew) - 180) < 1.5) return null;
  return decodeSymbols(perspectiveCrop(image, corners));
}

function flatten(record: NonNullable<ReturnType<typeof parseAamva>>): Record<string, string> {
  const out: Record<string, string> = {
    'header.iin': record.header.iin,
    'header.version': String(record.header.version),
    'header.subfiles': record.header.subfiles.join(','),
  };
  if (record.header.jurisdictionVersion !== null)
    out['header.jurisdictionVersion'] = String(record.header.jurisdictionVersion);
  if (record.country) out.country = record.country;
  return { ...out, ...record.elements };
}
