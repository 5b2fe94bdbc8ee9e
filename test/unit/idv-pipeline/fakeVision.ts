// A scripted VisionPort for testing the pipeline's logic: "images" are UTF-8 tags, and the script
// says what vision finds in each tag. Records calls so tests can see what was compared.
import type {
  CaptureQuality,
  DocumentReading,
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
}

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
  const calls: string[] = [];
  const tagOf = (image: RgbaImage): string => tags.get(image) ?? '?';
  return {
    calls,
    async decode(bytes) {
      const name = new TextDecoder().decode(bytes);
      calls.push(`decode:${name}`);
      if (script.undecodable?.includes(name))
        throw new Error('Input buffer contains unsupported image format');
      const image: RgbaImage = { width: 4, height: 4, data: new Uint8Array(64) };
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
    async detectFaces() {
      return [];
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
