// ID_DOCUMENT_FACE_MATCH: the portrait on the document's front page against the person's face
// (a face capture image, else the first liveness frame), scored by vision.compareFaces.
import type { RgbaImage, VisionPort } from '../../../vision/contract';
import { decodeOnce } from '../documentEvidence';
import { errorText, recommendation, reportOf, subCheck } from '../reportJson';
import type { IdDocumentInput, MediaInput, ReportJson } from '../types';
import { NOT_AVAILABLE, REASONS, RECOVERY } from './reasons';

export interface FaceSource {
  resourceId: string;
  kind: 'FACE_CAPTURE' | 'LIVENESS';
  media: MediaInput;
}

export async function faceMatchReport(
  doc: IdDocumentInput,
  face: FaceSource | null,
  vision: VisionPort | null,
  threshold: number,
  decodeCache: Map<string, Promise<RgbaImage>>,
): Promise<ReportJson> {
  const notAvailable = (reason: string): ReportJson =>
    reportOf(recommendation('NOT_AVAILABLE', reason), [subCheck('ai_face_match', false, { reason })]);

  if (!vision) return notAvailable(NOT_AVAILABLE.visionMissing('face matching'));
  const page = doc.pages.find((p) => p.side === 'front') ?? doc.pages[0];
  if (!page) return notAvailable('no page image of the document was uploaded');
  if (!face) return notAvailable('no face capture or liveness frame was uploaded');

  let documentImage: RgbaImage;
  let faceImage: RgbaImage;
  try {
    documentImage = await decodeOnce(vision, page.mediaId, page.image, decodeCache);
  } catch (error) {
    return notAvailable(`the document image could not be decoded (${errorText(error)})`);
  }
  try {
    faceImage = await decodeOnce(vision, face.media.mediaId, face.media.image, decodeCache);
  } catch (error) {
    return notAvailable(`the face image could not be decoded (${errorText(error)})`);
  }
  let match;
  try {
    match = await vision.compareFaces(documentImage, faceImage);
  } catch (error) {
    return notAvailable(`face matching failed (${errorText(error)})`);
  }
  if (!match.portraitFound) return notAvailable('no face found on the document');
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
      document_page: page.side,
      face_source: face.kind,
      threshold_basis: 'calibrated on the few face images available offline; not a certified accuracy',
    }),
  ];
  return pass
    ? reportOf(recommendation('APPROVE'), breakdown)
    : reportOf(recommendation('REJECT', REASONS.FACE_MISMATCH, RECOVERY.RECAPTURE_FACE), breakdown);
}
