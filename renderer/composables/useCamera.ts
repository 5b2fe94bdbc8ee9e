// Camera access for the capture screens: getUserMedia at the highest resolution the camera
// offers, a chooser when several cameras are attached, and "lost" when the camera goes away
// mid-flow (track ended or the device vanished). Tracks are stopped when the screen is left.
// A virtual source (the demo camera) stands in for getUserMedia when one is given.
import { onBeforeUnmount, ref, shallowRef } from 'vue';
import { useCameraStore } from '../stores/camera';

export type CameraStatus = 'idle' | 'starting' | 'live' | 'noCamera' | 'denied' | 'lost';

export interface CameraDevice {
  deviceId: string;
  label: string;
}

/** A camera that is not a device (the demo camera): opened instead of getUserMedia. */
export interface VirtualCamera {
  open(): Promise<MediaStream>;
  /** Stops whatever feeds the stream (its tracks are stopped by useCamera). */
  close(): void;
}

export interface UseCameraOptions {
  facing?: 'environment' | 'user';
  /** Requested when the camera reports no capabilities (ideal, not exact). */
  idealWidth?: number;
  idealHeight?: number;
  /** Checked on each start: a virtual camera to use instead of a device, or null. */
  virtual?: () => VirtualCamera | null;
}

export function useCamera(options: UseCameraOptions = {}) {
  // The kiosk's chosen camera survives screen changes (a device setting, not person data).
  const cameras = useCameraStore();
  const status = ref<CameraStatus>('idle');
  const stream = shallowRef<MediaStream | null>(null);
  const devices = ref<CameraDevice[]>([]);
  const activeDeviceId = ref<string | null>(null);
  const resolution = ref<{ width: number; height: number } | null>(null);
  const detail = ref<string | null>(null);
  let wanted = false;
  let virtualOpen: VirtualCamera | null = null;

  async function refreshDevices(): Promise<CameraDevice[]> {
    if (!navigator.mediaDevices?.enumerateDevices) return [];
    const all = await navigator.mediaDevices.enumerateDevices();
    devices.value = all
      .filter((d) => d.kind === 'videoinput')
      .map((d, i) => ({ deviceId: d.deviceId, label: d.label || `Camera ${i + 1}` }));
    return devices.value;
  }

  function onTrackEnded(): void {
    if (wanted) {
      status.value = 'lost';
      releaseStream();
    }
  }

  async function onDeviceChange(): Promise<void> {
    const list = await refreshDevices();
    if (
      status.value === 'live' &&
      activeDeviceId.value &&
      !list.some((d) => d.deviceId === activeDeviceId.value)
    ) {
      onTrackEnded();
    }
  }

  async function upgradeResolution(track: MediaStreamTrack): Promise<void> {
    // Ask for the top of what the camera reports it can do: sharper pages read better.
    const caps = typeof track.getCapabilities === 'function' ? track.getCapabilities() : null;
    const maxW = caps?.width?.max;
    const maxH = caps?.height?.max;
    if (!maxW || !maxH) return;
    const s = track.getSettings();
    if ((s.width ?? 0) >= maxW && (s.height ?? 0) >= maxH) return;
    try {
      await track.applyConstraints({ width: { ideal: maxW }, height: { ideal: maxH } });
    } catch {
      // Some drivers refuse their own advertised maximum: keep what getUserMedia gave.
    }
  }

  async function open(deviceId: string | null): Promise<MediaStream> {
    return navigator.mediaDevices.getUserMedia({
      audio: false,
      video: {
        ...(deviceId
          ? { deviceId: { exact: deviceId } }
          : options.facing
            ? { facingMode: { ideal: options.facing } }
            : {}),
        width: { ideal: options.idealWidth ?? 3840 },
        height: { ideal: options.idealHeight ?? 2160 },
      },
    });
  }

  async function startVirtual(source: VirtualCamera): Promise<void> {
    status.value = 'starting';
    let s: MediaStream;
    try {
      s = await source.open();
    } catch (err) {
      source.close();
      status.value = 'noCamera';
      detail.value = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      return;
    }
    if (!wanted) {
      source.close();
      s.getTracks().forEach((t) => t.stop());
      return;
    }
    virtualOpen = source;
    devices.value = [];
    activeDeviceId.value = null;
    stream.value = s;
    status.value = 'live';
  }

  async function start(deviceId: string | null = cameras.preferredDeviceId): Promise<void> {
    releaseStream();
    wanted = true;
    detail.value = null;
    const virtual = options.virtual?.() ?? null;
    if (virtual) {
      await startVirtual(virtual);
      return;
    }
    if (!navigator.mediaDevices?.getUserMedia) {
      status.value = 'noCamera';
      detail.value = 'navigator.mediaDevices is not available (the page is not a secure context)';
      return;
    }
    status.value = 'starting';
    let s: MediaStream;
    try {
      try {
        s = await open(deviceId);
      } catch (err) {
        // The remembered camera is gone: fall back to any camera.
        if (
          deviceId &&
          err instanceof DOMException &&
          ['NotFoundError', 'OverconstrainedError'].includes(err.name)
        ) {
          cameras.preferredDeviceId = null;
          s = await open(null);
        } else throw err;
      }
    } catch (err) {
      const name = err instanceof DOMException ? err.name : '';
      status.value = name === 'NotAllowedError' || name === 'SecurityError' ? 'denied' : 'noCamera';
      detail.value = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      return;
    }
    if (!wanted) {
      s.getTracks().forEach((t) => t.stop());
      return;
    }
    const track = s.getVideoTracks()[0];
    if (!track) {
      s.getTracks().forEach((t) => t.stop());
      status.value = 'noCamera';
      return;
    }
    await upgradeResolution(track);
    track.addEventListener('ended', onTrackEnded);
    const settings = track.getSettings();
    activeDeviceId.value = settings.deviceId ?? deviceId;
    resolution.value =
      settings.width && settings.height ? { width: settings.width, height: settings.height } : null;
    stream.value = s;
    status.value = 'live';
    await refreshDevices().catch(() => undefined);
  }

  async function choose(deviceId: string): Promise<void> {
    cameras.preferredDeviceId = deviceId;
    await start(deviceId);
  }

  function releaseStream(): void {
    virtualOpen?.close();
    virtualOpen = null;
    const s = stream.value;
    if (!s) return;
    for (const t of s.getTracks()) {
      t.removeEventListener('ended', onTrackEnded);
      t.stop();
    }
    stream.value = null;
  }

  function stop(): void {
    wanted = false;
    releaseStream();
    status.value = 'idle';
  }

  navigator.mediaDevices?.addEventListener?.('devicechange', onDeviceChange);
  onBeforeUnmount(() => {
    navigator.mediaDevices?.removeEventListener?.('devicechange', onDeviceChange);
    stop();
  });

  return { status, stream, devices, activeDeviceId, resolution, detail, start, choose, stop, refreshDevices };
}
