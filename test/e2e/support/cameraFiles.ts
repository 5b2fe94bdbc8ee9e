// Fake-camera videos for Chromium (--use-file-for-fake-video-capture), made with ffmpeg from the
// specimen passport as DESIGN.md describes: one sharp, one blurred (for the retake feedback).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const SPECIMEN = path.join(projectRoot, 'test/fixtures/specimens/passport-td3.png');
const outDir = path.join(projectRoot, 'test-results', 'e2e-media');

const PAD = 'scale=1280:720:force_original_aspect_ratio=decrease,pad=1280:720:(ow-iw)/2:(oh-ih)/2';

function y4m(name: string, filters: string): string {
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, name);
  if (!existsSync(file)) {
    // Written to a temporary name first: a parallel worker never sees a half-written file.
    const tmp = `${file}.${process.pid}.tmp.y4m`;
    execFileSync('ffmpeg', [
      '-loglevel',
      'error',
      '-y',
      '-i',
      SPECIMEN,
      '-vf',
      filters,
      '-pix_fmt',
      'yuv420p',
      '-frames:v',
      '1',
      tmp,
    ]);
    execFileSync('mv', ['-f', tmp, file]);
  }
  return file;
}

export function cameraFiles(): { sharp: string; blurred: string } {
  return {
    sharp: y4m('passport-td3.y4m', PAD),
    blurred: y4m('passport-td3-blurred-s10.y4m', `${PAD},gblur=sigma=10`),
  };
}
