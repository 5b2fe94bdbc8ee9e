// Faces with the real models (@vladmandic/human, wasm backend, models from node_modules).
// No real person's face is committed to this repo: the subjects are the ICAO specimen portrait
// (already in test/fixtures) and, as other people, face crops from a screenshot that ships inside
// the @vladmandic/human npm package (assets/screenshot-facedetect.jpg).
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RgbaImage } from '../../../vision/contract';
import {
  cosineSimilarity,
  eyeAspectRatios,
  eyesOpenEstimate,
  FACE_MATCH_THRESHOLD,
} from '../../../vision/faces';
import { createWorkerFaceEngine } from '../../../vision/node/faceWorkerPool';
import { createNodeVision, type NodeVision } from '../../../vision/node';
import {
  createInThreadFaceEngine,
  humanPaths,
  loadNodeFaceEngine,
} from '../../../vision/node/humanFaceRuntime';
import { machineFileAvailable } from '../../support/docgen/machineFile';

const specimens = path.resolve(__dirname, '../../fixtures/specimens');
const screenshot = path.join(humanPaths().humanDir, 'assets', 'screenshot-facedetect.jpg');
const screenshotAvailable = machineFileAvailable(
  screenshot,
  "@vladmandic/human's sample image assets/screenshot-facedetect.jpg (npm ci installs it)",
);

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

  it.runIf(screenshotAvailable)('other people do not match the portrait', async () => {
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

  it.runIf(screenshotAvailable)(
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
    await expect(pool.detect(td3)).rejects.toThrow('face engine is closed');
  });

  it('the process-wide engine runs on worker threads (not the in-thread fallback)', async () => {
    expect((await loadNodeFaceEngine()).description).toMatch(/\(wasm backend, [12] worker threads\)$/);
  });
});

describe('eyes from the face mesh', () => {
  /** MediaPipe face-mesh eye contours (right, left). */
  const EYES = [
    [33, 246, 161, 160, 159, 158, 157, 173, 133, 155, 154, 153, 145, 144, 163, 7],
    [263, 466, 388, 387, 386, 385, 384, 398, 362, 382, 381, 380, 374, 373, 390, 249],
  ];
  const inside = (poly: number[][], x: number, y: number): boolean => {
    let c = false;
    for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
      const [xi, yi] = poly[i];
      const [xj, yj] = poly[j];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
    }
    return c;
  };

  it('the eye aspect ratio falls when the eyes are painted shut', async () => {
    const engine = await createInThreadFaceEngine();
    const crop = await raw(
      specimen('passport-td3.png').extract({ left: 100, top: 220, width: 360, height: 420 }),
    );
    const [open] = await engine.detect(crop);
    const painted = new Uint8Array(crop.data);
    const cheek = open.mesh[50];
    const ci = (Math.round(cheek[1]) * crop.width + Math.round(cheek[0])) * 4;
    for (const eye of EYES) {
      const poly = eye.map((k) => [open.mesh[k][0], open.mesh[k][1]]);
      const ys = poly.map((p) => p[1]);
      const xs = poly.map((p) => p[0]);
      for (let y = Math.floor(Math.min(...ys)) - 3; y <= Math.max(...ys) + 3; y++) {
        for (let x = Math.floor(Math.min(...xs)) - 3; x <= Math.max(...xs) + 3; x++) {
          let near = false;
          for (let dy = -3; dy <= 3 && !near; dy++) {
            for (let dx = -3; dx <= 3 && !near; dx++) near = inside(poly, x + dx, y + dy);
          }
          if (!near) continue;
          // Skin from the cheek, and a lash line across the middle.
          const o = (y * crop.width + x) * 4;
          const lash = Math.abs(y - (poly[0][1] + poly[8][1]) / 2 - 2) < 1.2;
          for (let c = 0; c < 3; c++) painted[o + c] = lash ? 50 : crop.data[ci + c] - 10;
        }
      }
    }
    const [shut] = await engine.detect({ ...crop, data: painted });
    const before = eyeAspectRatios(open)!;
    const after = eyeAspectRatios(shut)!;
    expect(after.left).toBeLessThan(before.left * 0.75);
    expect(after.right).toBeLessThan(before.right * 0.75);
    expect(eyesOpenEstimate(shut)!).toBeLessThan(eyesOpenEstimate(open)!);
  });
});
