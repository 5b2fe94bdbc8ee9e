// The worker pool's side of faceWorkerProtocol, with a scripted worker instead of Human: results
// mapped back to the caller's pixels, and workers that fail to start or die mid-job.
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { createWorkerFaceEngine } from '../../../vision/node/faceWorkerPool';

const scripted = (mode: 'ok' | 'fatal' | 'exit') => () =>
  new Worker(new URL('./scriptedFaceWorker.mjs', import.meta.url), { workerData: { mode } });
const image = (width: number, height: number) => ({
  width,
  height,
  data: new Uint8Array(width * height * 4),
});

describe('face worker pool', () => {
  it('scales what the worker found on the downsized image back to the original pixels', async () => {
    const pool = await createWorkerFaceEngine({ size: 1, maxSide: 100, spawn: scripted('ok') });
    try {
      // 400×200 goes to the worker as 100×50: coordinates come back ×4.
      const [face] = await pool.detect(image(400, 200));
      expect(face.box).toEqual({ x: 40, y: 20, width: 80, height: 100 });
      expect(face.mesh).toEqual([[16, 24, 1]]);
      expect(face.embedding).toEqual([1, 0]);
      expect(pool.description).toBe('@vladmandic/human scripted (none backend, 1 worker threads)');
    } finally {
      await pool.close();
    }
  });

  it('fails to start with the reason the worker gave', async () => {
    await expect(createWorkerFaceEngine({ size: 2, spawn: scripted('fatal') })).rejects.toThrow(
      'face worker failed to start: models missing',
    );
  });

  it('fails the job of a worker that exits mid-job, and refuses work once no worker is left', async () => {
    const pool = await createWorkerFaceEngine({ size: 1, spawn: scripted('exit') });
    try {
      await expect(pool.detect(image(8, 8))).rejects.toThrow('face worker exited with code 3');
      expect(pool.workers).toBe(0);
      await expect(pool.detect(image(8, 8))).rejects.toThrow('no face workers left');
    } finally {
      await pool.close();
    }
  });
});
