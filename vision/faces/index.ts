// Faces: detection, document-portrait match, static liveness (see STATIC_LIVENESS_SCOPE).
export {
  assessLiveness,
  compareFaces,
  cosineSimilarity,
  detectFaces,
  matchScore,
  FACE_MATCH_THRESHOLD,
  STATIC_LIVENESS_SCOPE,
} from './faceAnalysis';
export type { FaceEngine, RawFace } from './faceEngine';
export { eyeAspectRatios, eyesOpenEstimate } from './eyeOpenness';
