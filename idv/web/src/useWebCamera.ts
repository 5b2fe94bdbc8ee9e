// The page's camera: getUserMedia facing the document or the person, with what went wrong kept
// as a reason the screen can name (denied, none, failed) and "lost" when the camera goes away
// mid-capture. Tracks are stopped when the step is left.
import { onBeforeUnmount, ref, shallowRef } from 'vue';

export type WebCameraStatus = 'idle' | 'starting' | 'live' | 'denied' | 'none' | 'failed' | 'lost';

export function useWebCamera(facing: 'environment' | 'user') {
  const status = ref<WebCameraStatus>('idle');
  const stream = shallowRef<MediaStream | null>(null);

  function release(): void {
    for (const track of stream.value?.getTracks() ?? []) {
      track.onended = null;
      track.stop();
    }
    stream.value = null;
  }

  async function start(): Promise<void> {
    release();
    status.value = 'starting';
    if (!navigator.mediaDevices?.getUserMedia) {
      status.value = 'none';
      return;
    }
    try {
      const s = await navigator.mediaDevices.getUserMedia({
        audio: false,
        video: { facingMode: facing, width: { ideal: 1920 }, height: { ideal: 1080 } },
      });
      for (const track of s.getVideoTracks()) {
        track.onended = () => {
          release();
          status.value = 'lost';
        };
      }
      stream.value = s;
      status.value = 'live';
    } catch (err) {
      const name = err instanceof DOMException ? err.name : '';
      status.value =
        name === 'NotAllowedError' || name === 'SecurityError'
          ? 'denied'
          : name === 'NotFoundError' || name === 'OverconstrainedError'
            ? 'none'
            : 'failed';
    }
  }

  function stop(): void {
    release();
    status.value = 'idle';
  }

  onBeforeUnmount(stop);
  return { status, stream, start, stop };
}
