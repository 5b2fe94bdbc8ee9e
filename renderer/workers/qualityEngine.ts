// Adapter between the capture worker and vision/quality (assessFrame, the stability tracker and
// the perspective crop). Kept in one place so the worker's protocol does not change when the
// vision API does.
import type { CaptureQuality, RgbaImage } from '../../vision/contract';
import { assessFrame, createStabilityTracker, perspectiveCrop, withStability } from '../../vision/quality';
import type { Corners } from './captureProtocol';

export interface QualityEngine {
  /** Why analysis is not available, or null when it is. */
  readonly unavailable: string | null;
  /** Quality of one preview frame, with NOT_STEADY added while the document still moves. */
  assess(image: RgbaImage, timeMs: number): { quality: CaptureQuality; steady: boolean };
  reset(): void;
  crop(image: RgbaImage, corners: Corners): RgbaImage;
}

export function createQualityEngine(): QualityEngine {
  const tracker = createStabilityTracker();
  return {
    unavailable: null,
    assess(image, timeMs) {
      const details = assessFrame(image);
      const signal = tracker.update(details.corners, timeMs);
      // Only the contract's fields cross to the UI thread.
      const quality = withStability(
        {
          corners: details.corners,
          fillRatio: details.fillRatio,
          sharpness: details.sharpness,
          glare: details.glare,
          exposure: details.exposure,
          issues: details.issues,
          ok: details.ok,
        },
        signal,
      );
      return { quality, steady: signal.steady };
    },
    reset: () => tracker.reset(),
    crop: (image, corners) => perspectiveCrop(image, corners),
  };
}
