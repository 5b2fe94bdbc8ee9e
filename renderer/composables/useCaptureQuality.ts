// Live capture guidance: preview frames go to the capture worker (vision/quality's assessFrame
// and stability tracker), the screen shows plain guidance, and when the document is steady, sharp
// and glare-free the photo is taken automatically. `captureFull` takes the photo at the camera's
// full resolution, JPEG-encoded (perspective-cropped when the corners are known) in the worker.
import { computed, onBeforeUnmount, ref, shallowRef, type Ref } from 'vue';
import type { CaptureQuality, QualityIssue } from '../../vision/contract';
import { useCaptureWorkers, type CaptureWorkerClient } from '../capture/captureWorkerClient';
import type { Corners } from '../workers/captureProtocol';

export type GuidanceKey = QualityIssue | 'ready' | 'unavailable' | 'starting';

// Most useful advice first: no point saying "hold still" before the document is in the frame.
const ISSUE_ORDER: QualityIssue[] = [
  'NO_DOCUMENT',
  'TOO_SMALL',
  'TOO_DARK',
  'TOO_BRIGHT',
  'GLARE',
  'BLURRED',
  'NOT_STEADY',
];

export interface CaptureQualityOptions {
  /** Width of the frames analysed live (the full-resolution frame is only used for the photo). */
  analysisWidth?: number;
  /** Minimum time between two analysed frames, ms. */
  minIntervalMs?: number;
  /** Do not auto-capture before this long on screen (the person needs to see what happens). */
  autoCaptureAfterMs?: number;
  /** Called once when the document is steady, sharp and glare-free. */
  onAutoCapture?: () => void;
  /** The app's capture workers (default: the ones the app shell provides). */
  workers?: CaptureWorkerClient;
}

export interface FullCapture {
  bytes: Uint8Array<ArrayBuffer>;
  width: number;
  height: number;
  cropped: boolean;
  ms: number;
}

function firstFrame(v: HTMLVideoElement, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      v.removeEventListener('loadeddata', done);
      reject(new Error('The camera sent no picture'));
    }, timeoutMs);
    function done(): void {
      clearTimeout(timer);
      resolve();
    }
    v.addEventListener('loadeddata', done, { once: true });
  });
}

export function useCaptureQuality(video: Ref<HTMLVideoElement | null>, options: CaptureQualityOptions = {}) {
  const analysisWidth = options.analysisWidth ?? 1280;
  const minInterval = options.minIntervalMs ?? 100;
  const workers = options.workers ?? useCaptureWorkers();
  const quality = shallowRef<CaptureQuality | null>(null);
  const steady = ref(false);
  const unavailable = ref<string | null>(null);
  const analysing = ref(false);
  const lastAnalysisMs = ref(0);
  /** Frames assessed so far: lets a test wait for analysis to happen, not for time to pass. */
  const framesAnalysed = ref(0);
  let running = false;
  let inFlight = false;
  let startedAt = 0;
  let lastRun = 0;
  let autoFired = false;
  let analysedSize = { width: 0, height: 0 };
  let timer: ReturnType<typeof setTimeout> | null = null;

  const guidance = computed<GuidanceKey>(() => {
    if (unavailable.value) return 'unavailable';
    const q = quality.value;
    if (!q) return 'starting';
    if (q.ok && steady.value) return 'ready';
    return ISSUE_ORDER.find((i) => q.issues.includes(i)) ?? (q.ok ? 'NOT_STEADY' : 'NO_DOCUMENT');
  });

  /** Document outline in the coordinates of the full-resolution video frame. */
  const corners = computed<Corners | null>(() => {
    const q = quality.value;
    const v = video.value;
    if (!q?.corners || !v || !analysedSize.width) return null;
    const sx = v.videoWidth / analysedSize.width;
    const sy = v.videoHeight / analysedSize.height;
    return q.corners.map((p) => ({ x: p.x * sx, y: p.y * sy })) as Corners;
  });

  async function analyseOnce(v: HTMLVideoElement): Promise<void> {
    const scale = Math.min(1, analysisWidth / v.videoWidth);
    const width = Math.round(v.videoWidth * scale);
    const height = Math.round(v.videoHeight * scale);
    const frame = await createImageBitmap(v, {
      resizeWidth: width,
      resizeHeight: height,
      resizeQuality: 'low',
    });
    const reply = await workers.analyzeFrame(frame);
    if (!running) return;
    analysedSize = { width, height };
    lastAnalysisMs.value = reply.ms;
    framesAnalysed.value++;
    unavailable.value = reply.unavailable ?? null;
    quality.value = reply.quality;
    steady.value = reply.steady;
    if (
      !autoFired &&
      reply.quality?.ok &&
      reply.steady &&
      performance.now() - startedAt >= (options.autoCaptureAfterMs ?? 700)
    ) {
      autoFired = true;
      options.onAutoCapture?.();
    }
  }

  function schedule(): void {
    if (!running) return;
    timer = setTimeout(loop, Math.max(16, minInterval - (performance.now() - lastRun)));
  }

  function loop(): void {
    timer = null;
    if (!running) return;
    const v = video.value;
    if (inFlight || !v || v.readyState < 2 || !v.videoWidth || unavailable.value) {
      schedule();
      return;
    }
    inFlight = true;
    analysing.value = true;
    lastRun = performance.now();
    analyseOnce(v)
      .catch(() => undefined) // a dropped frame is not an error: the next one will do
      .finally(() => {
        inFlight = false;
        analysing.value = false;
        schedule();
      });
  }

  function start(): void {
    if (running) return;
    running = true;
    autoFired = false;
    startedAt = performance.now();
    quality.value = null;
    steady.value = false;
    workers.warmUp();
    workers.resetAnalysis();
    loop();
  }

  function stop(): void {
    running = false;
    if (timer) clearTimeout(timer);
    timer = null;
  }

  /**
   * Takes the photo from the live video at full resolution. `onPreview`, when given, receives the
   * grabbed frame (a copy it owns) before the worker crops and encodes, so a screen can show it.
   */
  async function captureFull(
    crop = true,
    onPreview?: (preview: { bitmap: ImageBitmap; width: number; height: number }) => void,
  ): Promise<FullCapture> {
    const v = video.value;
    if (!v) throw new Error('The camera is not ready');
    // A press right after the camera opened can come before the first frame has arrived.
    if (v.readyState < 2) await firstFrame(v, 3000);
    const outline = crop ? corners.value : null;
    // Both grabs are issued together, so they read the same video frame; the preview is a
    // screen-sized copy (quick to grab and paint), the full frame is transferred, not copied,
    // to the worker, which starts encoding before the preview is even painted.
    const previewWidth = Math.min(v.videoWidth, 1280);
    const [frame, preview] = await Promise.all([
      createImageBitmap(v),
      onPreview
        ? createImageBitmap(v, {
            resizeWidth: previewWidth,
            resizeHeight: Math.round((v.videoHeight * previewWidth) / v.videoWidth),
            resizeQuality: 'medium',
          })
        : null,
    ]);
    const { width, height } = frame;
    const encoded = workers.encodeFrame(frame, outline);
    if (preview && onPreview) onPreview({ bitmap: preview, width, height });
    const reply = await encoded;
    return {
      bytes: new Uint8Array(reply.bytes),
      width: reply.width,
      height: reply.height,
      cropped: reply.cropped,
      ms: reply.ms,
    };
  }

  onBeforeUnmount(stop);

  return {
    quality,
    steady,
    unavailable,
    guidance,
    corners,
    analysing,
    lastAnalysisMs,
    framesAnalysed,
    start,
    stop,
    captureFull,
  };
}
