// LIVENESS (static): vision.assessLiveness over the uploaded frames requires exactly one face in
// every frame, frontal, eyes open, the same person throughout. The report says what that does and
// does not defend against.
import type { RgbaImage, VisionPort } from '../../../vision/contract';
import { STATIC_LIVENESS_SCOPE } from '../../../vision/faces/faceAnalysis';
import { decodeOnce } from '../documentEvidence';
import { errorText, recommendation, reportOf, subCheck } from '../reportJson';
import type { LivenessInput, ReportJson } from '../types';
import { NOT_AVAILABLE, REASONS, RECOVERY } from './reasons';

/** What static liveness does and does not defend against (vision's own statement, one source). */
export const LIVENESS_SCOPE_DETAIL = { scope: STATIC_LIVENESS_SCOPE } as const;

export async function livenessReport(
  resource: LivenessInput | null,
  vision: VisionPort | null,
  decodeCache: Map<string, Promise<RgbaImage>>,
): Promise<ReportJson> {
  const notAvailable = (reason: string): ReportJson =>
    reportOf(recommendation('NOT_AVAILABLE', reason), [
      subCheck('single_face', false, { reason, ...LIVENESS_SCOPE_DETAIL }),
    ]);

  if (!resource) return notAvailable('no liveness capture was uploaded');
  if (resource.livenessType !== 'STATIC') {
    return notAvailable(`${resource.livenessType} liveness is not supported by the local IDV service`);
  }
  if (resource.frames.length === 0) return notAvailable('no liveness frames were uploaded');
  if (!vision) return notAvailable(NOT_AVAILABLE.visionMissing('liveness assessment'));

  const frames: RgbaImage[] = [];
  for (const frame of resource.frames) {
    try {
      frames.push(await decodeOnce(vision, frame.mediaId, frame.image, decodeCache));
    } catch (error) {
      return notAvailable(`a liveness frame could not be decoded (${errorText(error)})`);
    }
  }
  let result;
  try {
    result = await vision.assessLiveness(frames);
  } catch (error) {
    return notAvailable(`liveness assessment failed (${errorText(error)})`);
  }

  const faces = result.facesPerFrame;
  const oneFaceEach = faces.length === frames.length && faces.every((n) => n === 1);
  const breakdown = [
    subCheck('single_face', oneFaceEach, {
      faces_per_frame: faces.join(','),
      frames: frames.length,
      ...LIVENESS_SCOPE_DETAIL,
    }),
    subCheck('frontal_pose', result.frontal),
    subCheck('eyes_open', result.eyesOpen),
    subCheck('consistent_across_frames', result.consistent),
  ];
  const reasons = result.reasons.join('; ');
  if (reasons) breakdown[0].details.push({ name: 'findings', value: reasons });

  if (faces.length > 0 && faces.every((n) => n === 0)) {
    return reportOf(
      recommendation('NOT_AVAILABLE', 'no face found in the liveness frames', RECOVERY.RECAPTURE_FACE),
      breakdown,
    );
  }
  if (result.passed && oneFaceEach && result.frontal && result.eyesOpen && result.consistent) {
    return reportOf(recommendation('APPROVE'), breakdown);
  }
  const reason = faces.some((n) => n > 1) ? REASONS.MULTIPLE_FACES : REASONS.LIVENESS_FAILED;
  return reportOf(recommendation('REJECT', reason, RECOVERY.RECAPTURE_FACE), breakdown);
}
