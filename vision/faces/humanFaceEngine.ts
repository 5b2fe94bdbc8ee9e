// FaceEngine over an initialised @vladmandic/human instance (any build: the wasm one in Node, the
// ESM one in a browser). Platform-neutral: it only needs the instance and its bundled tf.
import type { RgbaImage } from '../contract';
import { resizeRgba } from '../image/rgbaImage';
import type { FaceEngine, RawFace } from './faceEngine';

/** The part of Human's API used here (kept structural so any Human build fits). */
export interface HumanLike {
  version: string;
  tf: {
    tensor3d(values: Uint8Array, shape: [number, number, number], dtype: 'int32'): unknown;
    dispose(tensor: unknown): void;
    getBackend(): string;
  };
  detect(input: unknown): Promise<{ face: HumanFace[] } | { error: string }>;
}

export interface HumanFace {
  box: [number, number, number, number];
  score: number;
  rotation?: { angle: { roll: number; yaw: number; pitch: number } } | null;
  mesh?: Array<[number, number, number?]>;
  embedding?: number[];
  /** Antispoof model: 0..1, how much the crop looks like a real face (absent when not run). */
  real?: number;
  /** Liveness model: 0..1, how much the crop looks like a live face (absent when not run). */
  live?: number;
}

export interface HumanEngineOptions {
  /** Longer side images are brought down to before detection. The detector works on a 256 px
   * copy and crops faces from the input itself, so this only bounds memory for huge stills.
   * Default 2048. */
  maxSide?: number;
}

const toDegrees = (rad: number | undefined): number | null =>
  typeof rad === 'number' && Number.isFinite(rad) ? (rad * 180) / Math.PI : null;

const score01 = (v: number | undefined): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : null;

/** Packed RGB pixels, what Human's tensors take. */
export interface RgbInput {
  rgb: Uint8Array;
  width: number;
  height: number;
}

/** The image as packed RGB, scaled so its longer side ≤ maxSide. */
export function toRgbInput(image: RgbaImage, maxSide: number): RgbInput {
  const scale = Math.min(1, maxSide / Math.max(image.width, image.height));
  const input = scale < 1 ? resizeRgba(image, image.width * scale, image.height * scale) : image;
  const n = input.width * input.height;
  const rgb = new Uint8Array(n * 3);
  const src = input.data;
  for (let p = 0, i = 0, o = 0; p < n; p++, i += 4, o += 3) {
    rgb[o] = src[i];
    rgb[o + 1] = src[i + 1];
    rgb[o + 2] = src[i + 2];
  }
  return { rgb, width: input.width, height: input.height };
}

/**
 * One detection, as plain data: only the fields RawFace needs, so a worker thread can post the
 * result back without cloning Human's annotations.
 */
export async function detectHumanFaces(human: HumanLike, input: RgbInput): Promise<HumanFace[]> {
  const tensor = human.tf.tensor3d(input.rgb, [input.height, input.width, 3], 'int32');
  let result: Awaited<ReturnType<HumanLike['detect']>>;
  try {
    result = await human.detect(tensor);
  } finally {
    human.tf.dispose(tensor);
  }
  if ('error' in result && result.error) throw new Error(`face detection failed: ${result.error}`);
  return ('face' in result ? result.face : []).map((f) => ({
    box: f.box,
    score: f.score,
    rotation: f.rotation ? { angle: f.rotation.angle } : null,
    mesh: f.mesh,
    embedding: f.embedding ? Array.from(f.embedding) : [],
    real: f.real,
    live: f.live,
  }));
}

/** Human's face results as RawFace, coordinates multiplied by `back` (input → original pixels). */
export function toRawFaces(faces: readonly HumanFace[], back: number): RawFace[] {
  return faces.map((f) => ({
    box: { x: f.box[0] * back, y: f.box[1] * back, width: f.box[2] * back, height: f.box[3] * back },
    score: f.score,
    yaw: toDegrees(f.rotation?.angle.yaw),
    pitch: toDegrees(f.rotation?.angle.pitch),
    roll: toDegrees(f.rotation?.angle.roll),
    mesh: (f.mesh ?? []).map((p) => [p[0] * back, p[1] * back, p[2]] as const),
    embedding: f.embedding && f.embedding.length > 0 ? Array.from(f.embedding) : null,
    real: score01(f.real),
    live: score01(f.live),
  }));
}

export function createHumanFaceEngine(human: HumanLike, options: HumanEngineOptions = {}): FaceEngine {
  const maxSide = options.maxSide ?? 2048;
  // Human keeps per-call state (tensors, skip caches): one detection at a time.
  let queue: Promise<unknown> = Promise.resolve();

  async function run(image: RgbaImage): Promise<RawFace[]> {
    const input = toRgbInput(image, maxSide);
    return toRawFaces(await detectHumanFaces(human, input), image.width / input.width);
  }

  return {
    description: `@vladmandic/human ${human.version} (${human.tf.getBackend()} backend)`,
    detect(image) {
      const next = queue.then(() => run(image));
      queue = next.catch(() => undefined);
      return next;
    },
  };
}
