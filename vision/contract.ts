// Types shared by every vision module and its users (idv/ checks, the renderer's capture worker,
// the CLI). Pure TypeScript: it runs in Node and in a Web Worker.

/** 8-bit RGBA, row-major, 4 bytes a pixel (what ImageData and sharp's raw output give). */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array | Uint8ClampedArray;
}

/** 8-bit single channel. */
export interface GrayImage {
  width: number;
  height: number;
  data: Uint8Array;
}

export interface Point {
  x: number;
  y: number;
}

/** ICAO 9303's machine readable zone formats. */
export type IcaoMrzFormat = 'TD1' | 'TD2' | 'TD3' | 'MRVA' | 'MRVB';
/** ICAO's, and FR_ID: the pre-2021 French national ID card (2×36, not ICAO 9303). */
export type MrzFormat = IcaoMrzFormat | 'FR_ID';

export interface MrzFields {
  document_type: string | null;
  issuing_country: string | null;
  nationality: string | null;
  document_number: string | null;
  family_name: string | null;
  given_names: string | null;
  /** ISO YYYY-MM-DD */
  date_of_birth: string | null;
  /** ISO YYYY-MM-DD */
  expiration_date: string | null;
  sex: string | null;
  personal_number: string | null;
}

export interface MrzReading {
  format: MrzFormat;
  lines: string[];
  /** Every check digit valid (after repair of the usual OCR confusions). */
  valid: boolean;
  fields: MrzFields;
  /** Names of fields whose check digit (or format) failed. */
  invalid_fields: string[];
  /** Repairs made with the help of check digits, e.g. "document_number: O→0 at 3". */
  repairs?: string[];
}

export interface BarcodeReading {
  format: 'PDF417' | string;
  /** The decoded text. */
  text: string;
  /** AAMVA fields when the barcode is an AAMVA driving licence payload, else null. */
  aamva: Record<string, string> | null;
  /** Normalised fields in the same vocabulary as MRZ fields where they exist. */
  fields: Partial<MrzFields> | null;
}

export interface DocumentReading {
  mrz: MrzReading | null;
  barcode: BarcodeReading | null;
}

export type QualityIssue =
  | 'NO_DOCUMENT'
  | 'TOO_SMALL'
  | 'BLURRED'
  | 'GLARE'
  | 'TOO_DARK'
  | 'TOO_BRIGHT'
  | 'NOT_STEADY';

export interface CaptureQuality {
  /** Document outline, clockwise from top-left, in image pixels; null when none was found. */
  corners: [Point, Point, Point, Point] | null;
  /** Share of the frame the document covers, 0..1. */
  fillRatio: number;
  /** Higher is sharper (normalised, 0..1). */
  sharpness: number;
  /** Share of the document area that is blown-out highlight, 0..1. */
  glare: number;
  /** Mean luminance 0..1. */
  exposure: number;
  issues: QualityIssue[];
  /** True when nothing in issues blocks a capture. */
  ok: boolean;
}

export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface FaceDetection {
  box: FaceBox;
  score: number;
  /** Head pose in degrees, when the detector gives it. */
  yaw: number | null;
  pitch: number | null;
  /** Eyes open probability estimate 0..1, null when unknown. */
  eyesOpen: number | null;
  /** Face descriptor for matching; null when the model could not compute one. */
  embedding: number[] | null;
}

export interface FaceMatch {
  /** Similarity 0..1, null when either face is missing. */
  score: number | null;
  portraitFound: boolean;
  faceFound: boolean;
}

export interface LivenessAssessment {
  passed: boolean;
  /** Faces found in each frame. */
  facesPerFrame: number[];
  frontal: boolean;
  eyesOpen: boolean;
  consistent: boolean;
  reasons: string[];
}

/**
 * What the IDV service's tasks and checks need from vision. The Node implementation lives in
 * vision/node/ (decoding with sharp); idv/ receives one through its dependencies and reports
 * NOT_AVAILABLE, with a reason, for anything it is not given.
 */
export interface VisionPort {
  /** Decodes JPEG/PNG; throws an Error whose message says why for non-images and truncated files. */
  decode(bytes: Uint8Array): Promise<RgbaImage>;
  readDocument(image: RgbaImage): Promise<DocumentReading>;
  assessQuality(image: RgbaImage): CaptureQuality;
  detectFaces(image: RgbaImage): Promise<FaceDetection[]>;
  compareFaces(documentImage: RgbaImage, faceImage: RgbaImage): Promise<FaceMatch>;
  assessLiveness(frames: RgbaImage[]): Promise<LivenessAssessment>;
}
