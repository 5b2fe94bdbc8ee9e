// Test helper: the real specimen images of test/fixtures/mrz-real (development half, some
// degraded) and their true lines (truth.json).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RgbaImage } from '../../../vision/contract';
import { decodeRgba } from './decodeForTest';

export const REAL_FIXTURES = path.resolve(__dirname, '../../fixtures/mrz-real');

/** The date the specimens are judged on (expiry checks). */
export const FIXTURE_NOW = new Date('2026-01-01');

const truth = JSON.parse(readFileSync(path.join(REAL_FIXTURES, 'truth.json'), 'utf8')) as Record<
  string,
  { lines: string[] }
>;

/** True MRZ lines of a fixture image. */
export function trueLines(file: string): string[] {
  const entry = truth[file];
  if (!entry) throw new Error(`no true lines for ${file} in truth.json`);
  return entry.lines;
}

export function fixtureBytes(file: string): Buffer {
  return readFileSync(path.join(REAL_FIXTURES, file));
}

export function fixtureImage(file: string): Promise<RgbaImage> {
  return decodeRgba(fixtureBytes(file));
}
