// Capture quality: what the renderer's capture worker and the IDV upload feedback use.
export { assessFrame } from './assessFrame';
export type { AssessFrameOptions, CaptureQualityDetails } from './assessFrame';
export { createStabilityTracker, withStability } from './stabilityTracker';
export type { StabilityOptions, StabilitySignal, StabilityTracker } from './stabilityTracker';
export { perspectiveCrop } from '../image/perspectiveCrop';
export type { Quad } from '../image/perspectiveCrop';
