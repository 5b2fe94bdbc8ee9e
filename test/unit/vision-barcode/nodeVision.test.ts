// createNodeVision as the IDV service and the CLI use it: decode → readDocument / assessQuality.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { createNodeVision, DecodeError, type NodeVision } from '../../../vision/node';
import type { FaceEngine } from '../../../vision/faces';
import { aamvaPayload } from './aamvaPayloads';
import { createRequire } from 'node:module';
import { prepareZXingModule, writeBarcode } from 'zxing-wasm/writer';

const require = createRequire(import.meta.url);
const specimens = path.resolve(__dirname, '../../fixtures/specimens');
const bytesOf = async (file: string) => new Uint8Array(await readFile(path.join(specimens, file)));

// Faces are covered in vision-faces; here a scripted engine keeps the models out.
const noFaces: FaceEngine = { description: 'none', detect: async () => [] };
let vision: NodeVision;
beforeAll(async () => {
  vision = await createNodeVision({ faceEngine: noFaces });
});

describe('createNodeVision', () => {
  it('reads the specimen passport MRZ and finds no barcode on it', async () => {
    const reading = await vision.readDocument(await vision.decode(await bytesOf('passport-td3.jpg')));
    expect(reading.mrz?.format).toBe('TD3');
    expect(reading.mrz?.fields.document_number).toBe('L898902C3');
    expect(reading.barcode).toBeNull();
  });

  it('says nothing was found on a photo without a document', async () => {
    const image = await vision.decode(await bytesOf('pacman.jpg'));
    expect(await vision.readDocument(image)).toEqual({ mrz: null, barcode: null });
    expect(vision.assessQuality(image).issues).toContain('NO_DOCUMENT');
  });

  it('reads the PDF417 on a licence back', async () => {
    const wasm = await readFile(require.resolve('zxing-wasm/writer/zxing_writer.wasm'));
    await prepareZXingModule({
      overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) },
      fireImmediately: true,
    });
    const symbol = await writeBarcode(aamvaPayload(), { format: 'PDF417', scale: 3 });
    const png = await sharp({ create: { width: 1000, height: 640, channels: 3, background: '#e0ddd5' } })
      .composite([{ input: Buffer.from(await symbol.image!.arrayBuffer()), left: 180, top: 300 }])
      .jpeg()
      .toBuffer();
    const reading = await vision.readDocument(await vision.decode(new Uint8Array(png)));
    expect(reading.mrz).toBeNull();
    expect(reading.barcode?.fields).toMatchObject({
      family_name: 'SAMPLE',
      document_type: 'DRIVING_LICENCE',
    });
  });

  it('assesses quality of a decoded upload', async () => {
    const q = vision.assessQuality(await vision.decode(await bytesOf('passport-td2.jpg')));
    expect(q.ok).toBe(true);
  });

  it('decode refuses a truncated upload with a DecodeError', async () => {
    const bytes = await bytesOf('passport-td2.jpg');
    await expect(vision.decode(bytes.subarray(0, 5000))).rejects.toBeInstanceOf(DecodeError);
  });

  it('passes the face engine through and states the liveness scope', async () => {
    const image = await vision.decode(await bytesOf('passport-td2.png'));
    expect(await vision.detectFaces(image)).toEqual([]);
    expect(await vision.compareFaces(image, image)).toEqual({
      score: null,
      portraitFound: false,
      faceFound: false,
    });
    expect((await vision.assessLiveness([image])).passed).toBe(false);
    expect(vision.livenessScope).toMatch(/does NOT/);
  });
});
