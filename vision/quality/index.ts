// Capture quality: what the renderer's capture worker and the IDV upload feedback use.
export { assessFrame } from './assessFrame';
export { createStabilityTracker, withStability } from './stabilityTracker';
export { perspectiveCrop } from '../image/perspectiveCrop';
