// @vitest-environment happy-dom
// Live capture guidance against a scripted capture-worker client: which advice shows, when the
// photo is taken automatically, corners mapped to the full-resolution frame, the full capture,
// and the loop stopping with the screen. Fake timers drive the analysis loop.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, shallowRef } from 'vue';
import { mount } from '@vue/test-utils';
import type { CaptureQuality, Point } from '../../../vision/contract';
import {
  useCaptureQuality,
  type CaptureQualityOptions,
} from '../../../renderer/composables/useCaptureQuality';
import type {
  AnalysisReply,
  CaptureWorkerClient,
  EncodedReply,
} from '../../../renderer/capture/captureWorkerClient';

const VIDEO = { width: 1920, height: 1080 };
const corners: [Point, Point, Point, Point] = [
  { x: 100, y: 50 },
  { x: 500, y: 50 },
  { x: 500, y: 300 },
  { x: 100, y: 300 },
];

const ENCODED: EncodedReply = {
  type: 'encoded',
  id: 2,
  bytes: new Uint8Array([1, 2]).buffer,
  width: 400,
  height: 250,
  cropped: true,
  ms: 5,
};

function quality(over: Partial<CaptureQuality> = {}): CaptureQuality {
  return { corners, fillRatio: 0.5, sharpness: 0.9, glare: 0, exposure: 0.6, issues: [], ok: true, ...over };
}

let replies: Array<Omit<AnalysisReply, 'type' | 'id'>>;
let workers: CaptureWorkerClient & {
  analyzeFrame: ReturnType<typeof vi.fn>;
  encodeFrame: ReturnType<typeof vi.fn>;
};

/** Lets the analysis in flight finish without moving the clock (vi.waitFor would advance it). */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await vi.advanceTimersByTimeAsync(0);
}

function fakeVideo() {
  return {
    readyState: 4,
    videoWidth: VIDEO.width,
    videoHeight: VIDEO.height,
    addEventListener: vi.fn(),
    removeEventListener: vi.fn(),
  } as unknown as HTMLVideoElement;
}

function harness(options: Omit<CaptureQualityOptions, 'workers'> = {}) {
  let api!: ReturnType<typeof useCaptureQuality>;
  const video = shallowRef<HTMLVideoElement | null>(fakeVideo());
  const wrapper = mount(
    defineComponent({
      setup() {
        api = useCaptureQuality(video, { analysisWidth: 640, minIntervalMs: 100, ...options, workers });
        return () => h('div');
      },
    }),
  );
  return { wrapper, q: api };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  replies = [];
  vi.stubGlobal(
    'createImageBitmap',
    vi.fn(async (_v: unknown, o?: { resizeWidth?: number; resizeHeight?: number }) => ({
      width: o?.resizeWidth ?? VIDEO.width,
      height: o?.resizeHeight ?? VIDEO.height,
      close: vi.fn(),
    })),
  );
  workers = {
    analyzeFrame: vi.fn(async () => ({
      type: 'analysis' as const,
      id: 1,
      ...(replies.shift() ?? { quality: null, steady: false, ms: 1 }),
    })),
    encodeFrame: vi.fn(async (): Promise<EncodedReply> => ({ ...ENCODED })),
    resetAnalysis: vi.fn(),
    warmUp: vi.fn(),
    dispose: vi.fn(),
  };
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('useCaptureQuality', () => {
  it('gives the most useful advice first, then "ready" when the card is good and steady', async () => {
    const { q } = harness();
    replies.push(
      {
        quality: quality({ ok: false, issues: ['BLURRED', 'NO_DOCUMENT'], corners: null }),
        steady: false,
        ms: 3,
      },
      { quality: quality({ ok: false, issues: ['NOT_STEADY', 'GLARE'] }), steady: false, ms: 3 },
      { quality: quality(), steady: false, ms: 3 },
      { quality: quality(), steady: true, ms: 3 },
    );
    expect(q.guidance.value).toBe('starting');
    q.start();
    expect(workers.warmUp).toHaveBeenCalledTimes(1);
    expect(workers.resetAnalysis).toHaveBeenCalledTimes(1);
    await settle();
    expect(q.guidance.value).toBe('NO_DOCUMENT');
    await vi.advanceTimersByTimeAsync(100);
    expect(q.guidance.value).toBe('GLARE');
    await vi.advanceTimersByTimeAsync(100);
    expect(q.guidance.value).toBe('NOT_STEADY'); // ok, but not steady yet
    await vi.advanceTimersByTimeAsync(100);
    expect(q.guidance.value).toBe('ready');
    expect(q.lastAnalysisMs.value).toBe(3);
  });

  it('analyses a downscaled frame and maps the corners back to the full-resolution video', async () => {
    const { q } = harness();
    replies.push({ quality: quality(), steady: false, ms: 2 });
    q.start();
    await vi.waitFor(() => expect(q.corners.value).not.toBeNull());
    expect(createImageBitmap).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ resizeWidth: 640, resizeHeight: 360 }),
    );
    expect(q.corners.value).toEqual(corners.map((p) => ({ x: p.x * 3, y: p.y * 3 })));
  });

  it('takes the photo by itself once, and not before the person has seen the screen', async () => {
    const onAutoCapture = vi.fn();
    const { q } = harness({ onAutoCapture, autoCaptureAfterMs: 700 });
    for (let i = 0; i < 20; i++) replies.push({ quality: quality(), steady: true, ms: 1 });
    q.start();
    await vi.advanceTimersByTimeAsync(600);
    expect(workers.analyzeFrame.mock.calls.length).toBeGreaterThan(3);
    expect(onAutoCapture).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(300);
    expect(onAutoCapture).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(500);
    expect(onAutoCapture).toHaveBeenCalledTimes(1);
  });

  it('stops asking the worker when analysis is unavailable in this build', async () => {
    const { q } = harness();
    replies.push({ quality: null, steady: false, ms: 0, unavailable: 'no vision in this build' });
    q.start();
    await vi.waitFor(() => expect(q.guidance.value).toBe('unavailable'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(workers.analyzeFrame).toHaveBeenCalledTimes(1);
  });

  it('captures the full frame with the outline and hands the preview over before the encode finishes', async () => {
    const { q } = harness();
    replies.push({ quality: quality(), steady: false, ms: 2 });
    q.start();
    await vi.waitFor(() => expect(q.corners.value).not.toBeNull());
    q.stop();
    const onPreview = vi.fn();
    let finishEncode!: (r: EncodedReply) => void;
    workers.encodeFrame.mockImplementationOnce(() => new Promise<EncodedReply>((r) => (finishEncode = r)));
    const taking = q.captureFull(true, onPreview);
    await vi.waitFor(() => expect(onPreview).toHaveBeenCalledTimes(1)); // while the encode is still running
    finishEncode({ ...ENCODED });
    const shot = await taking;
    expect(workers.encodeFrame).toHaveBeenCalledWith(
      expect.objectContaining({ width: VIDEO.width, height: VIDEO.height }),
      corners.map((p) => ({ x: p.x * 3, y: p.y * 3 })),
    );
    expect(onPreview).toHaveBeenCalledWith(
      expect.objectContaining({ width: VIDEO.width, height: VIDEO.height }),
    );
    expect(shot).toEqual({ bytes: new Uint8Array([1, 2]), width: 400, height: 250, cropped: true, ms: 5 });
    await q.captureFull(false);
    expect(workers.encodeFrame).toHaveBeenLastCalledWith(expect.anything(), null);
  });

  it('stops the loop when the screen is left', async () => {
    const { q, wrapper } = harness();
    q.start();
    await settle();
    expect(workers.analyzeFrame).toHaveBeenCalledTimes(1);
    wrapper.unmount();
    await vi.advanceTimersByTimeAsync(1000);
    expect(workers.analyzeFrame).toHaveBeenCalledTimes(1);
  });
});
