// PDF417 round trip: payloads written with zxing-wasm's writer, read back from images.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { prepareZXingModule, writeBarcode } from 'zxing-wasm/writer';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RgbaImage } from '../../../vision/contract';
import { readPdf417 } from '../../../vision/barcode';
import { loadNodeBarcodeWasm } from '../../../vision/node/barcodeWasm';
import { aamvaPayload } from './aamvaPayloads';

const require = createRequire(import.meta.url);
const specimens = path.resolve(__dirname, '../../fixtures/specimens');

async function raw(input: Buffer | Sharp): Promise<RgbaImage> {
  const pipeline = Buffer.isBuffer(input) ? sharp(input) : input;
  const { data, info } = await pipeline.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

async function symbolPng(text: string, format: 'PDF417' | 'QRCode' = 'PDF417', scale = 3): Promise<Buffer> {
  const out = await writeBarcode(text, { format, scale });
  if (out.error || !out.image) throw new Error(`writer failed: ${out.error}`);
  return Buffer.from(await out.image.arrayBuffer());
}

/** The barcode on a grey licence back, rotated a little, with noise and JPEG compression. */
async function licenceBack(png: Buffer): Promise<RgbaImage> {
  const symbol = await sharp(png).resize({ width: 900 }).toBuffer();
  const back = await sharp({ create: { width: 1200, height: 760, channels: 3, background: '#d8d4cc' } })
    .composite([{ input: symbol, left: 150, top: 360 }])
    .png()
    .toBuffer();
  const rotated = await sharp(back).rotate(4, { background: '#202020' }).jpeg({ quality: 70 }).toBuffer();
  return raw(rotated);
}

beforeAll(async () => {
  const wasm = await readFile(require.resolve('zxing-wasm/writer/zxing_writer.wasm'));
  await prepareZXingModule({
    overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) },
    fireImmediately: true,
  });
  await loadNodeBarcodeWasm();
});

describe('readPdf417', () => {
  it('reads an AAMVA licence barcode back into fields', async () => {
    const payload = aamvaPayload();
    const r = await readPdf417(await raw(await symbolPng(payload)));
    expect(r).toMatchObject({ format: 'PDF417', text: payload });
    expect(r!.aamva).toMatchObject({
      'header.iin': '636014',
      DCS: 'SAMPLE',
      DAQ: 'D1234562',
      country: 'USA',
    });
    expect(r!.fields).toMatchObject({
      family_name: 'SAMPLE',
      given_names: 'JOHN QUINCY',
      date_of_birth: '1977-08-31',
      expiration_date: '2028-08-31',
      document_number: 'D1234562',
      issuing_country: 'USA',
    });
  });

  it('reads it from a photo-like licence back (tilted, JPEG) and upside down', async () => {
    const png = await symbolPng(
      aamvaPayload({ iin: '636012', elements: { DAJ: 'ON', DCG: 'CAN', DBB: '19850214' } }),
    );
    const back = await licenceBack(png);
    const r = await readPdf417(back);
    expect(r?.fields).toMatchObject({ issuing_country: 'CAN', date_of_birth: '1985-02-14' });
    const flipped = await raw(sharp(await sharp(png).rotate(180).png().toBuffer()));
    expect((await readPdf417(flipped))?.fields?.family_name).toBe('SAMPLE');
  });

  it('gives text but no AAMVA fields for a PDF417 that is not a licence', async () => {
    const r = await readPdf417(await raw(await symbolPng('BOARDING PASS M1DOE/JANE')));
    expect(r).toEqual({ format: 'PDF417', text: 'BOARDING PASS M1DOE/JANE', aamva: null, fields: null });
  });

  it('returns null without a PDF417: a passport page, a blank image, a QR code', async () => {
    expect(await readPdf417(await raw(sharp(path.join(specimens, 'passport-td3.jpg'))))).toBeNull();
    expect(
      await readPdf417({ width: 300, height: 200, data: new Uint8Array(300 * 200 * 4).fill(255) }),
    ).toBeNull();
    expect(await readPdf417(await raw(await symbolPng(aamvaPayload(), 'QRCode')))).toBeNull();
  });

  it('returns null for a damaged barcode (a band of it painted over)', async () => {
    const png = await symbolPng(aamvaPayload(), 'PDF417', 3);
    const meta = await sharp(png).metadata();
    const band = await sharp({
      create: {
        width: Math.round(meta.width! * 0.45),
        height: meta.height!,
        channels: 3,
        background: '#ffffff',
      },
    })
      .png()
      .toBuffer();
    const damaged = await raw(
      sharp(png).composite([{ input: band, left: Math.round(meta.width! * 0.3), top: 0 }]),
    );
    expect(await readPdf417(damaged)).toBeNull();
  });

  it('rejects a malformed image', async () => {
    await expect(readPdf417({ width: 10, height: 10, data: new Uint8Array(10) })).rejects.toThrow(/bytes/);
  });
});
