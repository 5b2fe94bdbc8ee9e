// On the camera error screens: notices a camera coming back (plugged in again) and calls
// `onPresent`. Listens to devicechange and polls slowly, since not every driver fires it; a
// camera that never went away does not count (only absent → present, or a devicechange).
import { onBeforeUnmount, onMounted } from 'vue';

export function useCameraPresence(onPresent: () => void, pollMs = 2000): void {
  let sawNone = false;
  let timer: ReturnType<typeof setInterval> | null = null;

  async function cameraCount(): Promise<number> {
    if (!navigator.mediaDevices?.enumerateDevices) return 0;
    const all = await navigator.mediaDevices.enumerateDevices();
    return all.filter((d) => d.kind === 'videoinput').length;
  }

  async function onDeviceChange(): Promise<void> {
    if ((await cameraCount()) > 0) onPresent();
  }

  async function poll(): Promise<void> {
    const n = await cameraCount();
    if (n === 0) sawNone = true;
    else if (sawNone) onPresent();
  }

  onMounted(() => {
    navigator.mediaDevices?.addEventListener?.('devicechange', onDeviceChange);
    timer = setInterval(() => void poll().catch(() => undefined), pollMs);
    void poll().catch(() => undefined);
  });
  onBeforeUnmount(() => {
    navigator.mediaDevices?.removeEventListener?.('devicechange', onDeviceChange);
    if (timer) clearInterval(timer);
  });
}
