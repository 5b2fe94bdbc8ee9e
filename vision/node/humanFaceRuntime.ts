// The process's face engine: @vladmandic/human on worker threads (faceWorkerPool.ts), or on this
// thread where workers cannot start.
import { errorMessage } from '../../common/errorMessage';
import type { FaceEngine } from '../faces/faceEngine';
import { createHumanFaceEngine, type HumanEngineOptions } from '../faces/humanFaceEngine';
import { createWorkerFaceEngine } from './faceWorkerPool';
import { loadHuman } from './humanLoader';

export { humanPaths } from './humanConfig';

let shared: Promise<FaceEngine> | null = null;

/**
 * One face engine per process: a pool of worker threads each running Human (so the two images of
 * a face match are analysed at once, and the event loop stays free), or Human on this thread
 * where workers cannot start. Models take ~10 MB and a few hundred ms to load per instance.
 */
export function loadNodeFaceEngine(): Promise<FaceEngine> {
  shared ??= createWorkerFaceEngine()
    .catch(async (err: unknown): Promise<FaceEngine> => {
      // Slower, but faces still work; the reason stays visible in the engine's description.
      const engine = await createInThreadFaceEngine();
      return { ...engine, description: `${engine.description}; worker threads failed: ${errorMessage(err)}` };
    })
    .catch((err: unknown) => {
      shared = null;
      throw err;
    });
  return shared;
}

/** Stops the process-wide face engine (at shutdown; the next face call starts a new one). */
export async function closeNodeFaceEngine(): Promise<void> {
  const engine = shared;
  shared = null;
  const loaded = await engine?.catch(() => null);
  await loaded?.close?.();
}

/** A Human instance on this thread (the fallback when worker threads are not available). */
export async function createInThreadFaceEngine(options: HumanEngineOptions = {}): Promise<FaceEngine> {
  return createHumanFaceEngine(await loadHuman(), options);
}
