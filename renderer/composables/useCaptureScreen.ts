// What the document and face capture screens share: the camera (or the demo camera), the capture
// worker pipeline, and telling the flow when the camera is missing, refused or lost.
import { computed, onMounted, ref, shallowRef, watch } from 'vue';
import { useFlowStore } from '../stores/flow';
import { useCamera } from './useCamera';
import { useCaptureQuality } from './useCaptureQuality';
import { useDemoCamera, type DemoShot } from './useDemoCamera';

export interface CaptureScreenOptions {
  facing: 'environment' | 'user';
  shot: () => DemoShot;
  /** Run live guidance (document pages); the face screen only uses the encoder. */
  guidance: boolean;
  onAutoCapture?: () => void;
}

export function useCaptureScreen(options: CaptureScreenOptions) {
  const flow = useFlowStore();
  const video = shallowRef<HTMLVideoElement | null>(null);
  /** A photo is being taken: the shutter is off until it is done or failed. */
  const taking = ref(false);
  const demo = useDemoCamera(options.shot);
  const camera = useCamera({ facing: options.facing, virtual: demo.source });
  const analysis = useCaptureQuality(video, { onAutoCapture: options.onAutoCapture });

  watch(camera.status, (s) => {
    if (s === 'noCamera') flow.cameraUnavailable('noCamera');
    else if (s === 'lost') flow.cameraUnavailable('cameraLost');
    else if (s === 'denied') flow.cameraUnavailable('cameraDenied');
    else if (s === 'live' && options.guidance) analysis.start();
  });

  onMounted(() => void camera.start());

  /** Runs one shot; the shutter stays off while it runs, and comes back only if it failed. */
  async function shoot(run: () => Promise<void>, onFailure?: () => void): Promise<void> {
    if (taking.value || camera.status.value !== 'live') return;
    taking.value = true;
    try {
      await run();
    } catch {
      // The camera went away between the press and the frame: the status watch shows why.
      onFailure?.();
      taking.value = false;
    }
  }

  /** The shutter works: the camera is live and no photo is being taken. */
  const shutterReady = computed(() => !taking.value && camera.status.value === 'live');

  return { video, taking, camera, analysis, demoActive: demo.active, shutterReady, shoot };
}
