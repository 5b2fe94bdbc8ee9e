// The liveness calibration and test sets, built offline: genuine face frames made from the sample
// people inside the @vladmandic/human package (the face tiles of assets/screenshot-facematch.jpg,
// rows 1–3 for calibration and rows 4–6 for test, so no tile is in both; the same person can
// recur in the grid, which is noted where the figures are reported) plus, in the test split, the
// tiles of assets/screenshot-facedetect.jpg and the ICAO specimen portrait; and attacks made from
// them (attackImages.ts) and from the specimen document pages. Images are cached as JPEG under
// test-results/attacks/ (delete the folder to rebuild).
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp, { type Sharp } from 'sharp';
import type { RgbaImage } from '../../../vision/contract';
import type { FaceEngine, RawFace } from '../../../vision/faces';
import { humanPaths } from '../../../vision/node/humanFaceRuntime';
import { seededRandom, type Random } from '../docgen/seededRandom';
import { addNoise, blankImage, eyesPaintedShut, onScreen, printed } from './attackImages';

export const SAMPLE_KINDS = [
  'genuine',
  'document',
  'screen',
  'print',
  'eyes_closed',
  'two_faces',
  'no_face',
] as const;
export type SampleKind = (typeof SAMPLE_KINDS)[number];
export type Split = 'calibration' | 'test';

export interface LivenessSample {
  id: string;
  split: Split;
  kind: SampleKind;
  /** The source person (tile) it was made from, when any. */
  person: string | null;
  file: string;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const cacheDir = path.join(root, 'test-results', 'attacks', 'v6');
const specimens = path.join(root, 'test', 'fixtures', 'specimens');
const assets = path.join(humanPaths().humanDir, 'assets');

async function rawOf(pipeline: Sharp): Promise<RgbaImage> {
  const { data, info } = await pipeline.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}
const sharpOf = (img: RgbaImage): Sharp =>
  sharp(Buffer.from(img.data), { raw: { width: img.width, height: img.height, channels: 4 } });

export async function decodeSample(file: string): Promise<RgbaImage> {
  return rawOf(sharp(await readFile(file)));
}

interface Tile {
  person: string;
  image: RgbaImage;
}

/** Face tiles of the facematch screenshot: 6 rows of 18, each cropped inside its labels. */
async function facematchTiles(rows: readonly number[]): Promise<Tile[]> {
  const shot = path.join(assets, 'screenshot-facematch.jpg');
  const tiles: Tile[] = [];
  for (const r of rows) {
    for (let c = 0; c < 18; c++) {
      const left = Math.round(2 + c * 106.6 + 6);
      const top = Math.round(284 + r * 113 + 14);
      tiles.push({
        person: `facematch-r${r + 1}c${c + 1}`,
        image: await rawOf(sharp(shot).extract({ left, top, width: 92, height: 80 })),
      });
    }
  }
  return tiles;
}

async function testOnlyTiles(): Promise<Tile[]> {
  const shot = path.join(assets, 'screenshot-facedetect.jpg');
  const tiles: Tile[] = [];
  const lefts = [8, 164, 321, 478, 634];
  for (let i = 0; i < lefts.length; i++) {
    tiles.push({
      person: `facedetect-${i + 1}`,
      image: await rawOf(sharp(shot).extract({ left: lefts[i] + 15, top: 360, width: 120, height: 120 })),
    });
  }
  tiles.push({
    person: 'icao-specimen',
    image: await rawOf(
      sharp(path.join(specimens, 'passport-td3.png')).extract({
        left: 150,
        top: 260,
        width: 260,
        height: 300,
      }),
    ),
  });
  return tiles;
}

/** `top` over `base` at (x, y), through an elliptical mask feathered over `feather` of its radius. */
function compositeEllipse(base: RgbaImage, top: RgbaImage, x: number, y: number, feather = 0.25): RgbaImage {
  const out = new Uint8Array(base.data);
  const rx = top.width / 2;
  const ry = top.height / 2;
  for (let ty = 0; ty < top.height; ty++) {
    for (let tx = 0; tx < top.width; tx++) {
      const bx = x + tx;
      const by = y + ty;
      if (bx < 0 || by < 0 || bx >= base.width || by >= base.height) continue;
      const d = Math.hypot((tx - rx) / rx, (ty - ry) / ry);
      const a = d <= 1 - feather ? 1 : d >= 1 ? 0 : (1 - d) / feather;
      if (a <= 0) continue;
      const o = (by * base.width + bx) * 4;
      const t = (ty * top.width + tx) * 4;
      for (let c = 0; c < 3; c++) out[o + c] = Math.round(out[o + c] * (1 - a) + top.data[t + c] * a);
    }
  }
  return { width: base.width, height: base.height, data: out };
}

const resized = async (img: RgbaImage, width: number, height: number): Promise<RgbaImage> =>
  rawOf(sharpOf(img).resize(Math.round(width), Math.round(height), { fit: 'fill', kernel: 'cubic' }));

/** A camera frame of the person: the face large, in front of a plain wall. */
async function genuineFrame(tile: RgbaImage, rnd: Random): Promise<RgbaImage> {
  const [W, H] = rnd.pick([
    [640, 480],
    [960, 720],
  ] as const);
  const tone = rnd.range(120, 220);
  const tint = [rnd.range(0.9, 1.05), rnd.range(0.9, 1.05), rnd.range(0.85, 1.05)];
  const wall = blankImage(W, H, [0, 0, 0]);
  for (let y = 0; y < H; y++) {
    const shade = tone * (0.85 + 0.2 * (y / H));
    for (let x = 0; x < W; x++) {
      const o = (y * W + x) * 4;
      for (let c = 0; c < 3; c++) wall.data[o + c] = Math.min(255, shade * tint[c]);
    }
  }
  const faceH = H * rnd.range(0.55, 0.8);
  const faceW = (faceH * tile.width) / tile.height;
  const face = await resized(tile, faceW, faceH);
  const x = Math.round((W - faceW) / 2 + rnd.range(-0.08, 0.08) * W);
  const y = Math.round((H - faceH) / 2 + rnd.range(-0.05, 0.05) * H);
  return addNoise(compositeEllipse(wall, face, x, y, 0.12), rnd.range(1.5, 4), rnd);
}

/** A scene behind a held-up screen or print: the frame itself, blurred and darker. */
const backdropOf = async (frame: RgbaImage, rnd: Random): Promise<RgbaImage> =>
  rawOf(
    sharpOf(frame)
      .blur(rnd.range(20, 35))
      .modulate({ brightness: rnd.range(0.5, 0.8) }),
  );

async function screenAttack(frame: RgbaImage, rnd: Random): Promise<RgbaImage> {
  const shot = onScreen(frame, await backdropOf(frame, rnd), {
    // Camera pixels per screen pixel: from a grid the camera resolves (3–4) down to one it aliases
    // into moiré (1.2–2).
    pitch: rnd.chance(0.5) ? rnd.range(2.6, 4) : rnd.range(1.2, 2.2),
    angle: rnd.range(-0.05, 0.05),
    fill: rnd.range(0.8, 0.95),
    bezel: rnd.range(6, 20),
    gain: rnd.range(0.9, 1.3),
    visibility: rnd.range(0.15, 0.6),
  });
  // The camera's optics soften the grid a little.
  return addNoise(await rawOf(sharpOf(shot).blur(rnd.range(0.6, 1))), rnd.range(1.5, 4), rnd);
}

async function printAttack(frame: RgbaImage, rnd: Random): Promise<RgbaImage> {
  const print = printed(
    frame,
    await backdropOf(frame, rnd),
    {
      period: rnd.range(3, 6),
      fill: rnd.range(0.78, 0.92),
      angle: rnd.range(-0.06, 0.06),
      paperNoise: rnd.range(3, 8),
      visibility: rnd.range(0.25, 0.8),
    },
    rnd,
  );
  // Re-photographed: a little defocus and the camera's own noise.
  const shot = await rawOf(sharpOf(print).blur(rnd.range(0.7, 1.1)));
  return addNoise(shot, rnd.range(1.5, 3.5), rnd);
}

function largest(faces: RawFace[]): RawFace | null {
  return faces.reduce<RawFace | null>((a, f) => (!a || f.box.width > a.box.width ? f : a), null);
}

/** A specimen page, with `portrait` pasted over its own portrait when given, presented to the camera. */
async function documentAttack(
  pageFile: string,
  portrait: RgbaImage | null,
  engine: FaceEngine,
  rnd: Random,
): Promise<RgbaImage> {
  let page = await rawOf(sharp(pageFile));
  if (portrait) {
    const own = largest(await engine.detect(page));
    if (own) {
      const w = own.box.width * 1.5;
      const h = own.box.height * 1.6;
      const paste = await resized(portrait, w, h);
      page = compositeEllipse(
        page,
        paste,
        Math.round(own.box.x - w * 0.17),
        Math.round(own.box.y - h * 0.2),
        0.12,
      );
    }
  }
  const style = rnd.pick(['as-is', 'letterboxed', 'held'] as const);
  if (style === 'as-is') return addNoise(page, rnd.range(1, 3), rnd);
  if (style === 'letterboxed') {
    // The e2e fake camera: the page fitted into a 1280×720 frame on black.
    return rawOf(sharpOf(page).resize(1280, 720, { fit: 'contain', background: '#000' }));
  }
  const W = 1280;
  const H = 720;
  const scene = await rawOf(
    sharpOf(page).resize(W, H, { fit: 'cover' }).blur(30).modulate({ brightness: 0.6 }),
  );
  const pw = W * rnd.range(0.6, 0.85);
  const turned = await rawOf(
    sharpOf(page)
      .resize(Math.round(pw))
      .rotate(rnd.range(-6, 6), { background: { r: 0, g: 0, b: 0, alpha: 0 } }),
  );
  const out = new Uint8Array(scene.data);
  const x0 = Math.round((W - turned.width) / 2);
  const y0 = Math.round((H - turned.height) / 2);
  for (let y = 0; y < turned.height; y++) {
    for (let x = 0; x < turned.width; x++) {
      const bx = x0 + x;
      const by = y0 + y;
      if (bx < 0 || by < 0 || bx >= W || by >= H) continue;
      const t = (y * turned.width + x) * 4;
      const a = turned.data[t + 3] / 255;
      const o = (by * W + bx) * 4;
      for (let c = 0; c < 3; c++) out[o + c] = Math.round(out[o + c] * (1 - a) + turned.data[t + c] * a);
    }
  }
  return addNoise({ width: W, height: H, data: out }, rnd.range(1.5, 3), rnd);
}

async function twoFaces(frame: RgbaImage, other: RgbaImage, rnd: Random): Promise<RgbaImage> {
  const h = frame.height * rnd.range(0.3, 0.42);
  const w = (h * other.width) / other.height;
  const small = await resized(other, w, h);
  const x = rnd.chance(0.5) ? Math.round(frame.width * 0.02) : Math.round(frame.width * 0.98 - w);
  return compositeEllipse(frame, small, x, Math.round(frame.height * rnd.range(0.05, 0.3)), 0.3);
}

/** Saved as a camera or a browser canvas would: JPEG with half-resolution colour, at a quality
 * drawn from the sample's own seed. */
async function cached(file: string, make: () => Promise<RgbaImage>, quality: number): Promise<string> {
  if (existsSync(file)) return file;
  const img = await make();
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(
    file,
    await sharpOf(img).removeAlpha().jpeg({ quality, chromaSubsampling: '4:2:0' }).toBuffer(),
  );
  return file;
}

export interface SetOptions {
  /** Source people per split (the first N usable tiles). Default 24. */
  persons?: number;
  /** Finds the face to paint the eyes of, and the portrait on a page. */
  engine: FaceEngine;
}

/**
 * One split of the set. A tile is usable when its genuine frame shows exactly one face with a mesh
 * (a tile whose face the detector misses says nothing about presentation cues).
 */
export async function livenessSet(split: Split, options: SetOptions): Promise<LivenessSample[]> {
  const persons = options.persons ?? 24;
  const engine = options.engine;
  const tiles =
    split === 'calibration'
      ? await facematchTiles([0, 1, 2])
      : [...(await testOnlyTiles()), ...(await facematchTiles([3, 4, 5]))];
  const pages =
    split === 'calibration'
      ? [path.join(specimens, 'passport-td2.png')]
      : [path.join(specimens, 'passport-td3.png'), path.join(root, 'demo', 'specimen-passport-utopia.jpg')];
  const samples: LivenessSample[] = [];
  const dir = path.join(cacheDir, split);
  const add = async (kind: SampleKind, person: string | null, id: string, make: () => Promise<RgbaImage>) => {
    const quality = seededRandom(
      seedBase + [...id].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7),
    ).int(75, 92);
    const file = await cached(path.join(dir, kind, `${id}.jpg`), make, quality);
    samples.push({ id, split, kind, person, file });
  };
  const seedBase = split === 'calibration' ? 1000 : 5000;
  let used = 0;
  for (let t = 0; t < tiles.length && used < persons; t++) {
    const tile = tiles[t];
    const rnd = seededRandom(seedBase + t);
    const genuineFile = path.join(dir, 'genuine', `${tile.person}-a.jpg`);
    const frame = existsSync(genuineFile)
      ? await decodeSample(genuineFile)
      : await genuineFrame(tile.image, rnd);
    const faces = await engine.detect(frame);
    if (faces.length !== 1 || faces[0].mesh.length < 468) continue;
    used++;
    await add('genuine', tile.person, `${tile.person}-a`, async () => frame);
    await add('genuine', tile.person, `${tile.person}-b`, () =>
      genuineFrame(tile.image, seededRandom(seedBase + 500 + t)),
    );
    await add('screen', tile.person, `${tile.person}-screen`, () => screenAttack(frame, rnd));
    await add('print', tile.person, `${tile.person}-print`, () => printAttack(frame, rnd));
    await add('eyes_closed', tile.person, `${tile.person}-eyes`, async () =>
      eyesPaintedShut(frame, faces[0]),
    );
    const other = tiles[(t + 7) % tiles.length];
    await add('two_faces', tile.person, `${tile.person}-pair`, () => twoFaces(frame, other.image, rnd));
    await add('document', tile.person, `${tile.person}-document`, () =>
      documentAttack(pages[t % pages.length], tile.image, engine, rnd),
    );
  }
  // The specimen pages themselves, each presented three ways.
  for (let p = 0; p < pages.length; p++) {
    for (let v = 0; v < 3; v++) {
      const name = `${path.basename(pages[p]).replace(/\.\w+$/, '')}-${v}`;
      await add('document', null, name, () =>
        documentAttack(pages[p], null, engine, seededRandom(seedBase + 900 + p * 10 + v)),
      );
    }
  }
  const noFace: [string, () => Promise<RgbaImage>][] = [
    ['landscape', () => rawOf(sharp(path.join(specimens, 'pacman.jpg')).resize(640))],
    [
      'blank-wall',
      async () => addNoise(blankImage(640, 480, [200, 196, 188]), 3, seededRandom(seedBase + 1)),
    ],
    ['scene-only', async () => rawOf(sharpOf(tiles[0].image).resize(640, 480, { fit: 'cover' }).blur(20))],
  ];
  for (const [name, make] of noFace) await add('no_face', null, name, make);
  return samples;
}
