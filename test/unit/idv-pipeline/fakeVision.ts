// A scripted VisionPort for testing the pipeline's logic: "images" are UTF-8 tags, and the script
// says what vision finds in each tag. Records calls so tests can see what was compared. A decoded
// tag is a FAKE_SIZE square whose every pixel carries the tag's number, so a crop of it is still
// known: it shows up in the calls as `crop(tag)WxH`.
import type {
  CaptureQuality,
  DocumentReading,
  FaceBox,
  FaceMatch,
  LivenessAssessment,
  RgbaImage,
  VisionPort,
} from '../../../vision/contract';

export interface VisionScript {
  readings?: Record<string, DocumentReading>;
  quality?: Record<string, Partial<CaptureQuality>>;
  undecodable?: string[];
  readFails?: string[];
  faceMatch?: FaceMatch;
  liveness?: LivenessAssessment;
  /** Faces detectFaces finds per tag; a tag not listed has one face, FAKE_FACE. */
  faces?: Record<string, FaceBox[]>;
  detectFails?: string[];
}

/** Side of every decoded fake image, and the face detectFaces finds on it by default. */
export const FAKE_SIZE = 40;
export const FAKE_FACE: FaceBox = { x: 10, y: 10, width: 20, height: 20 };

export const GOOD_QUALITY: CaptureQuality = {
  corners: [
    { x: 0, y: 0 },
    { x: 10, y: 0 },
    { x: 10, y: 10 },
    { x: 0, y: 10 },
  ],
  fillRatio: 0.8,
  sharpness: 0.9,
  glare: 0.01,
  exposure: 0.5,
  issues: [],
  ok: true,
};

export function tag(name: string): Uint8Array {
  return new TextEncoder().encode(name);
}

export interface FakeVision extends VisionPort {
  calls: string[];
}

export function fakeVision(script: VisionScript = {}): FakeVision {
  const tags = new WeakMap<RgbaImage, string>();
  const names: string[] = [];
  const calls: string[] = [];
  const tagOf = (image: RgbaImage): string => {
    const name = tags.get(image);
    if (name) return name;
    const from = names[image.data[0] - 1];
    return from ? `crop(${from})${image.width}x${image.height}` : '?';
  };
  return {
    calls,
    async decode(bytes) {
      const name = new TextDecoder().decode(bytes);
      calls.push(`decode:${name}`);
      if (script.undecodable?.includes(name))
        throw new Error('Input buffer contains unsupported image format');
      if (!names.includes(name)) names.push(name);
      const data = new Uint8Array(FAKE_SIZE * FAKE_SIZE * 4).fill(names.indexOf(name) + 1);
      const image: RgbaImage = { width: FAKE_SIZE, height: FAKE_SIZE, data };
      tags.set(image, name);
      return image;
    },
    async readDocument(image) {
      const name = tagOf(image);
      calls.push(`read:${name}`);
      if (script.readFails?.includes(name)) throw new Error('reader crashed');
      return script.readings?.[name] ?? { mrz: null, barcode: null };
    },
    assessQuality(image) {
      const name = tagOf(image);
      calls.push(`quality:${name}`);
      const q = { ...GOOD_QUALITY, ...script.quality?.[name] };
      return { ...q, ok: q.issues.length === 0 };
    },
    async detectFaces(image) {
      const name = tagOf(image);
      calls.push(`faces:${name}`);
      if (script.detectFails?.includes(name)) throw new Error('face model failed to load');
      const boxes = script.faces?.[name] ?? [FAKE_FACE];
      return boxes.map((box) => ({ box, score: 0.99, yaw: 0, pitch: 0, eyesOpen: 1, embedding: null }));
    },
    async compareFaces(documentImage, faceImage) {
      calls.push(`compare:${tagOf(documentImage)}:${tagOf(faceImage)}`);
      return script.faceMatch ?? { score: null, portraitFound: false, faceFound: false };
    },
    async assessLiveness(frames) {
      calls.push(`liveness:${frames.map(tagOf).join(',')}`);
      return (
        script.liveness ?? {
          passed: false,
          facesPerFrame: frames.map(() => 0),
          frontal: false,
          eyesOpen: false,
          consistent: false,
          reasons: ['no face'],
        }
      );
    },
  };
}
