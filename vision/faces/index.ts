// Faces: detection, document-portrait match, static liveness (see STATIC_LIVENESS_SCOPE).
export {
  assessLiveness,
  compareFaces,
  cosineSimilarity,
  detectFaces,
  matchScore,
  FACE_MATCH_THRESHOLD,
  hasLivenessChecks,
  STATIC_LIVENESS_SCOPE,
  type LivenessDetails,
} from './faceAnalysis';
export {
  LIVENESS_GATES,
  measureFrame,
  type FrameCues,
  type LivenessCheck,
  type LivenessCheckName,
} from './livenessGates';
export { documentContext, periodicPattern } from './presentationCues';
export type { FaceEngine, RawFace } from './faceEngine';
export { eyeAspectRatios, eyeIrisHeight, eyesOpenEstimate } from './eyeOpenness';
