// Faces with the real models (@vladmandic/human, wasm backend, models from node_modules).
// No real person's face is committed to this repo: the subjects are the ICAO specimen portrait
// (already in test/fixtures) and, as other people, face crops from a screenshot that ships inside
// the @vladmandic/human npm package (assets/screenshot-facedetect.jpg).
import { existsSync } from 'node:fs';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RgbaImage } from '../../../vision/contract';
import { cosineSimilarity, FACE_MATCH_THRESHOLD } from '../../../vision/faces';
import { createWorkerFaceEngine } from '../../../vision/node/faceWorkerPool';
import { createNodeVision, type NodeVision } from '../../../vision/node';
import { createInThreadFaceEngine, humanPaths } from '../../../vision/node/humanFaceRuntime';

const specimens = path.resolve(__dirname, '../../fixtures/specimens');
const screenshot = path.join(humanPaths().humanDir, 'assets', 'screenshot-facedetect.jpg');

async function raw(pipeline: Sharp): Promise<RgbaImage> {
  const { data, info } = await pipeline.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}
const specimen = (file: string) => sharp(path.join(specimens, file));
/** The five face tiles of the screenshot (150 px squares in a row). */
const otherPerson = (i: number) =>
  raw(sharp(screenshot).extract({ left: [8, 164, 321, 478, 634][i], top: 345, width: 150, height: 152 }));

let vision: NodeVision;
let td3: RgbaImage;
beforeAll(async () => {
  vision = await createNodeVision({ preloadFaces: true });
  td3 = await raw(specimen('passport-td3.png'));
});

describe('face detection on documents', () => {
  it('finds the specimen portrait: one face, frontal, eyes open, with a descriptor', async () => {
    const faces = await vision.detectFaces(td3);
    expect(faces).toHaveLength(1);
    const [f] = faces;
    // The portrait occupies x 130–430, y 230–615 of the page; the face box sits inside it.
    expect(f.box.x).toBeGreaterThan(100);
    expect(f.box.x + f.box.width).toBeLessThan(460);
    expect(f.box.y).toBeGreaterThan(220);
    expect(f.box.y + f.box.height).toBeLessThan(620);
    expect(f.score).toBeGreaterThan(0.8);
    expect(Math.abs(f.yaw!)).toBeLessThan(15);
    expect(Math.abs(f.pitch!)).toBeLessThan(20);
    expect(f.eyesOpen).toBeGreaterThan(0.5);
    expect(f.embedding).toHaveLength(1024);
  });

  it('finds no face in a landscape photo or a blank page', async () => {
    expect(await vision.detectFaces(await raw(specimen('pacman.jpg')))).toEqual([]);
    const white = { width: 640, height: 480, data: new Uint8Array(640 * 480 * 4).fill(255) };
    expect(await vision.detectFaces(white)).toEqual([]);
  });
});

describe('face match', () => {
  it('the same portrait, rotated, shrunk and JPEG-compressed, matches', async () => {
    const copy = await raw(
      sharp(
        await specimen('passport-td3.png')
          .rotate(10, { background: '#fff' })
          .resize(600)
          .jpeg({ quality: 35 })
          .toBuffer(),
      ),
    );
    const m = await vision.compareFaces(td3, copy);
    expect(m.portraitFound && m.faceFound).toBe(true);
    expect(m.score).toBeGreaterThan(0.85);
  });

  it('the portrait printed on the other specimen document matches', async () => {
    const m = await vision.compareFaces(td3, await raw(specimen('passport-td2.jpg')));
    expect(m.score).toBeGreaterThan(FACE_MATCH_THRESHOLD);
  });

  it.runIf(existsSync(screenshot))('other people do not match the portrait', async () => {
    for (let i = 0; i < 5; i++) {
      const m = await vision.compareFaces(td3, await otherPerson(i));
      expect(m.faceFound, `tile ${i}`).toBe(true);
      expect(m.score!, `tile ${i}`).toBeLessThan(FACE_MATCH_THRESHOLD);
      expect(m.score!, `tile ${i}`).toBeLessThan(0.45);
    }
  });

  it('no face in the capture gives no score', async () => {
    expect(await vision.compareFaces(td3, await raw(specimen('pacman.jpg')))).toEqual({
      score: null,
      portraitFound: true,
      faceFound: false,
    });
  });
});

describe('static liveness', () => {
  const portraitCrop = (dx: number) =>
    raw(specimen('passport-td3.png').extract({ left: 100 + dx, top: 220, width: 360, height: 420 }));

  it('passes frames of one frontal, open-eyed face', async () => {
    const r = await vision.assessLiveness([
      await portraitCrop(0),
      await portraitCrop(10),
      await portraitCrop(20),
    ]);
    expect(r.reasons).toEqual([]);
    expect(r).toMatchObject({
      passed: true,
      facesPerFrame: [1, 1, 1],
      frontal: true,
      eyesOpen: true,
      consistent: true,
    });
  });

  it('fails when a frame has no face', async () => {
    const r = await vision.assessLiveness([await portraitCrop(0), await raw(specimen('pacman.jpg'))]);
    expect(r.passed).toBe(false);
    expect(r.facesPerFrame).toEqual([1, 0]);
  });

  it.runIf(existsSync(screenshot))(
    'fails when the person changes between frames, or two people are in view',
    async () => {
      const swap = await vision.assessLiveness([await portraitCrop(0), await otherPerson(1)]);
      expect(swap.passed).toBe(false);
      expect(swap.consistent).toBe(false);
      expect(swap.reasons.join()).toMatch(/different face/);

      const left = await sharp(path.join(specimens, 'passport-td3.png'))
        .extract({ left: 100, top: 220, width: 360, height: 420 })
        .png()
        .toBuffer();
      const right = await sharp(screenshot)
        .extract({ left: 478, top: 345, width: 150, height: 152 })
        .resize(300)
        .png()
        .toBuffer();
      const pair = await raw(
        sharp({ create: { width: 760, height: 440, channels: 3, background: '#ffffff' } }).composite([
          { input: left, left: 0, top: 10 },
          { input: right, left: 420, top: 60 },
        ]),
      );
      const crowd = await vision.assessLiveness([pair]);
      expect(crowd.passed).toBe(false);
      expect(crowd.facesPerFrame).toEqual([2]);
    },
  );
});

describe('engines', () => {
  it('worker threads and an in-thread Human give the same result; a closed pool refuses work', async () => {
    const pool = await createWorkerFaceEngine({ size: 1 });
    const local = await createInThreadFaceEngine();
    const [a] = await pool.detect(td3);
    const [b] = await local.detect(td3);
    expect(a.box.x).toBeCloseTo(b.box.x, 3);
    expect(cosineSimilarity(a.embedding!, b.embedding!)).toBeGreaterThan(0.9999);
    expect(pool.description).toMatch(/1 worker thread/);
    await pool.close();
    await expect(pool.detect(td3)).rejects.toThrow(/closed/);
  });
});
