// @vitest-environment happy-dom
// The demo camera: it exists only when main reports demo mode, it shows the picture for the step
// on screen (the chosen specimen page and side, the face on the face step), and it stops drawing
// when it is closed.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h as render } from 'vue';
import { mount } from '@vue/test-utils';
import { demoPictureFor, useDemoCamera, type DemoShot } from '../../../renderer/composables/useDemoCamera';
import type { DemoPictures } from '../../../renderer/stores/camera';
import { jpeg } from './fakeKiosk';
import { setUpFlow, type FlowHarness } from './flowHarness';

const pictures: DemoPictures = {
  documents: [
    { issuingCountry: 'UTO', documentType: 'PASSPORT', side: 'front', image: jpeg(10) },
    { issuingCountry: 'UTO', documentType: 'NATIONAL_ID', side: 'front', image: jpeg(11) },
    { issuingCountry: 'UTO', documentType: 'NATIONAL_ID', side: 'back', image: jpeg(12) },
  ],
  face: jpeg(20),
};

const tagOf = (image: { bytes: Uint8Array }): number => image.bytes[3]!;
let h: FlowHarness;
let drawn: number[];
let decoded: number[];

function harness(shot: DemoShot) {
  let api!: ReturnType<typeof useDemoCamera>;
  const wrapper = mount(
    defineComponent({
      setup() {
        api = useDemoCamera(() => shot);
        return () => render('div');
      },
    }),
    { global: { plugins: [h.pinia] } },
  );
  return { wrapper, demo: api };
}

beforeEach(() => {
  h = setUpFlow();
  drawn = [];
  decoded = [];
  vi.stubGlobal(
    'createImageBitmap',
    vi.fn(async (blob: Blob) => {
      const tag = new Uint8Array(await blob.arrayBuffer())[3]!;
      decoded.push(tag);
      return { width: 1250, height: 880, tag, close: vi.fn() };
    }),
  );
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(
    () =>
      ({
        fillStyle: '',
        fillRect: vi.fn(),
        drawImage: (b: { tag: number }) => void drawn.push(b.tag),
      }) as unknown as CanvasRenderingContext2D,
  );
});

afterEach(() => {
  expect(h.kiosk.violations).toEqual([]);
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  delete window.kiosk;
});

describe('demoPictureFor', () => {
  it('picks the chosen document and side, the face on the face step', () => {
    const page = (documentType: 'PASSPORT' | 'NATIONAL_ID', side: 'front' | 'back'): DemoShot => ({
      kind: 'page',
      issuingCountry: 'UTO',
      documentType,
      side,
    });
    expect(tagOf(demoPictureFor(pictures, page('PASSPORT', 'front')))).toBe(10);
    expect(tagOf(demoPictureFor(pictures, page('NATIONAL_ID', 'front')))).toBe(11);
    expect(tagOf(demoPictureFor(pictures, page('NATIONAL_ID', 'back')))).toBe(12);
    expect(tagOf(demoPictureFor(pictures, { kind: 'face' }))).toBe(20);
  });

  it('falls back to the same side when the demo has no such document', () => {
    const shot: DemoShot = {
      kind: 'page',
      issuingCountry: 'FRA',
      documentType: 'DRIVING_LICENCE',
      side: 'back',
    };
    expect(tagOf(demoPictureFor(pictures, shot))).toBe(12);
  });
});

describe('useDemoCamera', () => {
  it('does not exist without demo mode, even when someone picked it', async () => {
    h = setUpFlow({ demo: null });
    await h.flow.init();
    h.camera.pickDemo();
    const { demo } = harness({ kind: 'face' });
    expect(demo.active.value).toBe(false);
    expect(demo.source()).toBeNull();
    expect(h.kiosk.calls.getDemoCamera).not.toHaveBeenCalled();
  });

  it('in demo mode it is used once picked (or from the start with --demo)', async () => {
    h = setUpFlow({ demo: { useDemoCamera: false } });
    await h.flow.init();
    const { demo } = harness({ kind: 'face' });
    expect(demo.source()).toBeNull();
    h.camera.pickDemo();
    expect(demo.active.value).toBe(true);
    expect(demo.source()).not.toBeNull();

    h = setUpFlow({ demo: { useDemoCamera: true } });
    await h.flow.init();
    expect(harness({ kind: 'face' }).demo.active.value).toBe(true);
  });

  it('streams the picture for the step, repainted until it is closed', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    h = setUpFlow({ demo: { useDemoCamera: true } });
    await h.flow.init();
    const { demo } = harness({
      kind: 'page',
      issuingCountry: 'UTO',
      documentType: 'NATIONAL_ID',
      side: 'back',
    });
    const camera = demo.source()!;
    const stream = await camera.open();
    expect(stream).toBeInstanceOf(MediaStream);
    expect(stream.getVideoTracks()).toHaveLength(1);
    expect(decoded).toEqual([12]);
    expect(drawn).toEqual([12]);
    vi.advanceTimersByTime(1000);
    expect(drawn.length).toBeGreaterThan(5); // captureStream only sends painted frames
    camera.close();
    const painted = drawn.length;
    vi.advanceTimersByTime(1000);
    expect(drawn.length).toBe(painted);
    // The pictures are fetched once and reused by the next screen.
    await harness({ kind: 'face' }).demo.source()!.open();
    expect(decoded).toEqual([12, 20]);
    expect(h.kiosk.calls.getDemoCamera).toHaveBeenCalledTimes(1);
  });
});
