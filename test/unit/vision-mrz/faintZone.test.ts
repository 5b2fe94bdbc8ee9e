// A zone the locator finds in full but whose glyphs fit no template (a Courier-like font the
// templates were not drawn from) goes to the line reader instead of being dropped (issue 8,
// part 4: "zone not located" misses); the line reader's reading counts only when every check
// digit holds.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { GrayImage } from '../../../vision/contract';
import { readMrzZone } from '../../../vision/mrz/mrzReader';
import { missCase } from '../../support/docgen/missKinds';
import { ocrbAvailable } from '../../support/docgen/ocrbText';
import { decodeRgba } from './decodeForTest';

const NOW = new Date('2026-01-01');

function nimbusAvailable(): boolean {
  try {
    return execFileSync('fc-list', [':family=Nimbus Mono PS'], { encoding: 'utf8' }).trim() !== '';
  } catch {
    return false;
  }
}

function fakeReader(answer: () => string[]) {
  const asked: GrayImage[][] = [];
  return {
    asked,
    reader: {
      async readLines(lines: GrayImage[]) {
        asked.push(lines);
        return answer();
      },
    },
  };
}

describe.skipIf(!ocrbAvailable() || !nimbusAvailable())('a zone whose glyphs fit no template', () => {
  // A TD3 clean scan printed in Nimbus Mono PS: its thin-stroked glyphs are far from every OCR-B
  // template, so the classifiers alone return nothing.
  const courier = () => missCase('clean-scan', 52000, { font: 'Nimbus Mono PS' });

  it('is read by the line reader when every check digit then holds', async () => {
    const c = await courier();
    const image = await decodeRgba(c.bytes);
    expect(await readMrzZone(image, { now: NOW })).toBeNull();
    const fake = fakeReader(() => c.lines);
    const reading = await readMrzZone(image, { now: NOW, lineReader: fake.reader });
    expect(fake.asked).toHaveLength(1);
    // One upright strip per row of the located zone (24 px per character, one character's margin).
    expect(c.lines.map((l) => l.length)).toEqual([44, 44]);
    expect(fake.asked[0].map((l) => [l.width, l.height])).toEqual([
      [24 * 46, 48],
      [24 * 46, 48],
    ]);
    expect(reading?.lines).toEqual(c.lines);
    expect(reading?.valid).toBe(true);
    expect(reading?.invalid_fields).toEqual([]);
  }, 30_000);

  it('stays unread when the line reader reading fails a check digit', async () => {
    const c = await courier();
    const d = c.lines[1];
    // TD3 line 2: the birth date's check digit (position 19) changed.
    const wrong = [c.lines[0], `${d.slice(0, 19)}${d[19] === '9' ? '1' : '9'}${d.slice(20)}`];
    const fake = fakeReader(() => wrong);
    const reading = await readMrzZone(await decodeRgba(c.bytes), { now: NOW, lineReader: fake.reader });
    expect(fake.asked).toHaveLength(1);
    expect(reading).toBeNull();
  }, 30_000);
});
