// @vitest-environment happy-dom
// useCamera against a scripted navigator.mediaDevices: highest resolution, chooser, errors,
// camera lost, tracks stopped when the screen is left.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, nextTick } from 'vue';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, type Pinia } from 'pinia';
import { useCamera, type VirtualCamera } from '../../../renderer/composables/useCamera';

class FakeTrack extends EventTarget {
  stopped = false;
  settings: { width: number; height: number; deviceId: string };
  constructor(
    readonly deviceId: string,
    readonly caps: { width: number; height: number },
  ) {
    super();
    this.settings = { width: 640, height: 480, deviceId };
  }
  getCapabilities() {
    return { width: { max: this.caps.width }, height: { max: this.caps.height } };
  }
  getSettings() {
    return this.settings;
  }
  applyConstraints = vi.fn(async (c: { width: { ideal: number }; height: { ideal: number } }) => {
    this.settings = { ...this.settings, width: c.width.ideal, height: c.height.ideal };
  });
  stop() {
    this.stopped = true;
  }
}

let pinia: Pinia;
let devices: Array<{ deviceId: string; label: string; kind: string }>;
let tracks: FakeTrack[];
let failWith: string | null;
let mediaDevices: EventTarget & {
  getUserMedia: ReturnType<typeof vi.fn>;
  enumerateDevices: () => Promise<unknown[]>;
};

beforeEach(() => {
  // The chosen camera is a device setting kept in the app's Pinia (it outlives one screen).
  pinia = createPinia();
  devices = [
    { deviceId: 'cam-a', label: 'Document camera', kind: 'videoinput' },
    { deviceId: 'cam-b', label: 'Face camera', kind: 'videoinput' },
    { deviceId: 'mic', label: 'Mic', kind: 'audioinput' },
  ];
  tracks = [];
  failWith = null;
  const target = new EventTarget() as typeof mediaDevices;
  target.getUserMedia = vi.fn(async (c: { video: { deviceId?: { exact: string } } }) => {
    if (failWith) throw new DOMException('scripted failure', failWith);
    const id = c.video.deviceId?.exact ?? 'cam-a';
    if (!devices.some((d) => d.deviceId === id)) throw new DOMException('gone', 'NotFoundError');
    const t = new FakeTrack(
      id,
      id === 'cam-a' ? { width: 3840, height: 2160 } : { width: 1280, height: 720 },
    );
    tracks.push(t);
    return { getVideoTracks: () => [t], getTracks: () => [t] };
  });
  target.enumerateDevices = async () => devices;
  mediaDevices = target;
  Object.defineProperty(navigator, 'mediaDevices', { configurable: true, value: target });
});

afterEach(() => {
  vi.restoreAllMocks();
});

function harness(virtual?: () => VirtualCamera | null) {
  let api!: ReturnType<typeof useCamera>;
  const Comp = defineComponent({
    setup() {
      api = useCamera({ facing: 'environment', virtual });
      return () => h('div');
    },
  });
  const wrapper = mount(Comp, { global: { plugins: [pinia] } });
  return { wrapper, camera: () => api };
}

describe('useCamera', () => {
  it('opens the camera at the highest resolution it reports and lists the cameras for the chooser', async () => {
    const { camera } = harness();
    await camera().start();
    expect(camera().status.value).toBe('live');
    expect(tracks[0].applyConstraints).toHaveBeenCalledWith({
      width: { ideal: 3840 },
      height: { ideal: 2160 },
    });
    expect(camera().resolution.value).toEqual({ width: 3840, height: 2160 });
    expect(camera().devices.value.map((d) => d.label)).toEqual(['Document camera', 'Face camera']);
  });

  it('switches camera when one is chosen, stopping the previous one', async () => {
    const { camera } = harness();
    await camera().start();
    await camera().choose('cam-b');
    expect(tracks[0].stopped).toBe(true);
    expect(mediaDevices.getUserMedia).toHaveBeenLastCalledWith(
      expect.objectContaining({ video: expect.objectContaining({ deviceId: { exact: 'cam-b' } }) }),
    );
    expect(camera().activeDeviceId.value).toBe('cam-b');
  });

  it('falls back to any camera when the remembered one is gone', async () => {
    const first = harness();
    await first.camera().choose('cam-b');
    first.wrapper.unmount();
    devices = devices.filter((d) => d.deviceId !== 'cam-b');
    const { camera } = harness();
    await camera().start();
    expect(camera().status.value).toBe('live');
    expect(camera().activeDeviceId.value).toBe('cam-a');
  });

  it('reports "no camera" and "denied" from getUserMedia errors', async () => {
    const { camera } = harness();
    failWith = 'NotFoundError';
    await camera().start();
    expect(camera().status.value).toBe('noCamera');
    expect(camera().detail.value).toContain('NotFoundError');
    failWith = 'NotAllowedError';
    await camera().start();
    expect(camera().status.value).toBe('denied');
  });

  it('notices a camera pulled out: track ended, or the device vanishing from the list', async () => {
    const { camera } = harness();
    await camera().start();
    tracks[0].dispatchEvent(new Event('ended'));
    expect(camera().status.value).toBe('lost');
    expect(tracks[0].stopped).toBe(true);

    await camera().start();
    devices = devices.filter((d) => d.deviceId !== 'cam-a');
    mediaDevices.dispatchEvent(new Event('devicechange'));
    await flushPromises();
    expect(camera().status.value).toBe('lost');
  });

  it('stops its tracks when the screen is left', async () => {
    const { wrapper, camera } = harness();
    await camera().start();
    wrapper.unmount();
    await nextTick();
    expect(tracks.every((t) => t.stopped)).toBe(true);
    expect(camera().stream.value).toBeNull();
  });

  it('uses a virtual camera instead of a device when one is given, and closes it when the screen is left', async () => {
    const track = new FakeTrack('virtual', { width: 1920, height: 1080 });
    const close = vi.fn();
    const virtual: VirtualCamera = {
      open: async () =>
        ({ getVideoTracks: () => [track], getTracks: () => [track] }) as unknown as MediaStream,
      close,
    };
    const { wrapper, camera } = harness(() => virtual);
    await camera().start();
    expect(camera().status.value).toBe('live');
    expect(mediaDevices.getUserMedia).not.toHaveBeenCalled();
    expect(camera().devices.value).toEqual([]); // no chooser for the demo camera
    wrapper.unmount();
    expect(close).toHaveBeenCalledTimes(1);
    expect(track.stopped).toBe(true);
  });

  it('a virtual camera that cannot open counts as no camera', async () => {
    const close = vi.fn();
    const { camera } = harness(() => ({ open: () => Promise.reject(new Error('NOT_IN_DEMO_MODE')), close }));
    await camera().start();
    expect(camera().status.value).toBe('noCamera');
    expect(close).toHaveBeenCalled();
  });
});
