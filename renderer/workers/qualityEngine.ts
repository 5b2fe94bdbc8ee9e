// Adapter between the capture worker and vision/quality (H5's assessFrame and stability tracker)
// plus vision/image's perspective crop. Kept in one place so the worker's protocol does not
// change when the vision API does.
import type { CaptureQuality, RgbaImage } from '../../vision/contract';
import type { Corners } from './captureProtocol';

export interface QualityEngine {
  /** Why analysis is not available, or null when it is. */
  readonly unavailable: string | null;
  assess(image: RgbaImage): { quality: CaptureQuality; steady: boolean } | null;
  reset(): void;
  crop(image: RgbaImage, corners: Corners): RgbaImage | null;
}

export function createQualityEngine(): QualityEngine {
  return {
    unavailable: 'vision/quality is not in this build yet',
    assess: () => null,
    reset: () => undefined,
    crop: () => null,
  };
}
