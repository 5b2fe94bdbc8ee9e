// LIVENESS (static): vision.assessLiveness over the uploaded frames: exactly one face in every
// frame, frontal, eyes open, not a document, no screen or print pattern, the shipped antispoof and
// liveness models, the same person throughout. Each is a named sub-check in the breakdown; any
// FAIL rejects, and a sub-check that could not run (a model missing, a vision port without the
// presentation checks) makes the result NOT_AVAILABLE, never APPROVE. The report says what that
// does and does not defend against.
import type { RgbaImage, VisionPort } from '../../../vision/contract';
import { hasLivenessChecks, STATIC_LIVENESS_SCOPE } from '../../../vision/faces/faceAnalysis';
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
  if (!hasLivenessChecks(result)) {
    // A vision port without the presentation checks: its summary can still reject, never approve.
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
    if (!oneFaceEach || !result.frontal || !result.eyesOpen || !result.consistent) {
      const reason = faces.some((n) => n > 1) ? REASONS.MULTIPLE_FACES : REASONS.LIVENESS_FAILED;
      return reportOf(recommendation('REJECT', reason, RECOVERY.RECAPTURE_FACE), breakdown);
    }
    return reportOf(
      recommendation(
        'NOT_AVAILABLE',
        'the presentation-attack checks (document, screen, print, models) did not run',
      ),
      breakdown,
    );
  }

  const breakdown = result.checks.map((c, i) =>
    subCheck(c.name, c.status === 'PASS', {
      ...(c.status === 'PASS' ? {} : { status: c.status, reason: c.reason ?? c.status }),
      ...c.values,
      ...(i === 0 ? { frames: frames.length, ...LIVENESS_SCOPE_DETAIL } : {}),
    }),
  );
  const failed = result.checks.filter((c) => c.status === 'FAIL');
  if (failed.length > 0) {
    const reason =
      failed.some((c) => c.name === 'single_face') && faces.some((n) => n > 1)
        ? REASONS.MULTIPLE_FACES
        : REASONS.LIVENESS_FAILED;
    return reportOf(recommendation('REJECT', reason, RECOVERY.RECAPTURE_FACE), breakdown);
  }
  const missing = result.checks.filter((c) => c.status === 'NOT_AVAILABLE');
  if (missing.length > 0 || !result.passed) {
    const why = missing.map((c) => `${c.name}: ${c.reason ?? 'not computed'}`).join('; ');
    return reportOf(recommendation('NOT_AVAILABLE', why || 'liveness did not pass'), breakdown);
  }
  return reportOf(recommendation('APPROVE'), breakdown);
}
