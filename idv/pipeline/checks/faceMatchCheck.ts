// ID_DOCUMENT_FACE_MATCH: the document's id photo (the portrait cut out of the page, see
// ../documentPortrait.ts) against the person's face (a face capture image, else the first liveness
// frame), scored by vision.compareFaces.
import type { RgbaImage, VisionPort } from '../../../vision/contract';
import { decodeOnce } from '../documentEvidence';
import type { PortraitOutcome } from '../documentPortrait';
import { errorText, recommendation, reportOf, subCheck, type DetailInput } from '../reportJson';
import type { MediaInput, ReportJson } from '../types';
import { NOT_AVAILABLE, REASONS, RECOVERY } from './reasons';

export interface FaceSource {
  resourceId: string;
  kind: 'FACE_CAPTURE' | 'LIVENESS';
  media: MediaInput;
}

/** Where the compared portrait came from, for the breakdown. */
function portraitDetails(portrait: PortraitOutcome & { found: true }): DetailInput {
  const origin = portrait.origin;
  if (origin.kind === 'SANDBOX') return { portrait_source: 'SANDBOX_DOCUMENT_ID_PHOTO' };
  if (origin.kind === 'CHIP') return { portrait_source: 'CHIP_PORTRAIT', portrait_format: origin.format };
  const r = origin.region;
  return {
    portrait_source: 'DOCUMENT_ID_PHOTO',
    document_page: origin.side,
    portrait_region: `${r.x},${r.y},${r.width},${r.height}`,
  };
}

export async function faceMatchReport(
  portrait: PortraitOutcome | null,
  face: FaceSource | null,
  vision: VisionPort | null,
  threshold: number,
  decodeCache: Map<string, Promise<RgbaImage>>,
): Promise<ReportJson> {
  const notAvailable = (reason: string): ReportJson =>
    reportOf(recommendation('NOT_AVAILABLE', reason), [subCheck('ai_face_match', false, { reason })]);

  if (!vision || !portrait) return notAvailable(NOT_AVAILABLE.visionMissing('face matching'));
  if (!portrait.found) return notAvailable(portrait.reason);
  if (!face) return notAvailable('no face capture or liveness frame was uploaded');

  let faceImage: RgbaImage;
  try {
    faceImage = await decodeOnce(vision, face.media.mediaId, face.media.image, decodeCache);
  } catch (error) {
    return notAvailable(`the face image could not be decoded (${errorText(error)})`);
  }
  let match;
  try {
    match = await vision.compareFaces(portrait.image, faceImage);
  } catch (error) {
    return notAvailable(`face matching failed (${errorText(error)})`);
  }
  if (!match.portraitFound) return notAvailable('no face found in the document id photo');
  if (!match.faceFound) {
    return notAvailable(
      face.kind === 'FACE_CAPTURE'
        ? 'no face found in the face capture'
        : 'no face found in the liveness frame',
    );
  }
  if (match.score === null || !Number.isFinite(match.score))
    return notAvailable('the face match score could not be computed');

  const pass = match.score >= threshold;
  const breakdown = [
    subCheck('ai_face_match', pass, {
      confidence_score: match.score.toFixed(3),
      threshold: threshold.toFixed(3),
      ...portraitDetails(portrait),
      face_source: face.kind,
      threshold_basis: 'calibrated on the few face images available offline; not a certified accuracy',
    }),
  ];
  return pass
    ? reportOf(recommendation('APPROVE'), breakdown)
    : reportOf(recommendation('REJECT', REASONS.FACE_MISMATCH, RECOVERY.RECAPTURE_FACE), breakdown);
}
