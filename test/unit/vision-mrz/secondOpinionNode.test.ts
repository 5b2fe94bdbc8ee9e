// The second opinion as the IDV service and the CLI get it (vision/node): createNodeVision passes
// it to the MRZ reader, so a zone whose own reading fails its check digits is read again by the
// line reader; the engine (a worker thread) starts on first use and stops after an idle time, so
// it never keeps a process alive, and at once on close().
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GrayImage } from '../../../vision/contract';
import type { FaceEngine } from '../../../vision/faces';
import type { DisposableLineReader } from '../../../vision/mrz/tesseractLineReader';
import { createNodeVision } from '../../../vision/node';
import { createSecondOpinion, type SecondOpinion } from '../../../vision/node/mrzSecondOpinion';
import { missCase } from '../../support/docgen/missKinds';
import { ocrbAvailable } from '../../support/docgen/ocrbText';

afterEach(() => {
  vi.useRealTimers();
});

/** A scripted engine that records its starts, reads and stops. */
function scriptedEngines(answer: string[] = ['X']) {
  const events: string[] = [];
  let n = 0;
  const engine = (): DisposableLineReader => {
    const id = ++n;
    events.push(`start ${id}`);
    return {
      async prepare() {},
      async readLines() {
        events.push(`read ${id}`);
        return answer;
      },
      async dispose() {
        events.push(`stop ${id}`);
      },
    };
  };
  return { engine, events };
}

describe('the engine behind the second opinion', () => {
  it('starts on the first zone, stays up while zones come, and stops after the idle time', async () => {
    vi.useFakeTimers();
    const { engine, events } = scriptedEngines();
    const opinion = createSecondOpinion(engine, 5_000);
    expect(events).toEqual([]);
    await opinion.readLines([] as GrayImage[]);
    await vi.advanceTimersByTimeAsync(4_000);
    await opinion.readLines([] as GrayImage[]);
    await vi.advanceTimersByTimeAsync(4_000);
    expect(events).toEqual(['start 1', 'read 1', 'read 1']);
    await vi.advanceTimersByTimeAsync(1_500);
    expect(events).toEqual(['start 1', 'read 1', 'read 1', 'stop 1']);
    await opinion.readLines([] as GrayImage[]);
    expect(events.slice(4)).toEqual(['start 2', 'read 2']);
  });

  it('stops at once on close, and its idle timer never holds the process', async () => {
    const { engine, events } = scriptedEngines();
    const opinion = createSecondOpinion(engine, 60_000);
    await opinion.readLines([] as GrayImage[]);
    await opinion.close();
    expect(events).toEqual(['start 1', 'read 1', 'stop 1']);
  });
});

const noFaces: FaceEngine = { description: 'none', detect: async () => [] };

describe.skipIf(!ocrbAvailable())('createNodeVision and the second opinion', () => {
  it('asks it about a zone whose own reading fails its check digits, and keeps what they confirm', async () => {
    // A TD1 zone in Noto Mono, a font no template was drawn from: the classifiers alone misread it.
    const c = await missCase('clean-scan', 41001, { font: 'Noto Mono' });
    const asked: number[] = [];
    const opinion: SecondOpinion = {
      async readLines(lines) {
        asked.push(lines.length);
        return c.lines;
      },
      close: async () => {},
    };
    const alone = await createNodeVision({ faceEngine: noFaces, mrzSecondOpinion: null });
    const image = await alone.decode(c.bytes);
    const without = await alone.readDocument(image);
    expect(without.mrz?.valid).toBe(false);

    const vision = await createNodeVision({ faceEngine: noFaces, mrzSecondOpinion: opinion });
    const reading = await vision.readDocument(image);
    expect(asked).toEqual([3]);
    expect(reading.mrz?.lines).toEqual(c.lines);
    expect(reading.mrz?.valid).toBe(true);
  }, 60_000);
});
