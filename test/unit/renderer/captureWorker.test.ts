// The capture worker's message handling, run in this thread with the real quality engine: a fake
// worker scope collects what it posts, and a fake OffscreenCanvas hands the frame's pixels over
// (no GPU here). Frames are synthetic cards (test/unit/vision-quality/syntheticFrames.ts).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  CaptureWorkerRequest,
  CaptureWorkerResponse,
  Corners,
} from '../../../renderer/workers/captureProtocol';
import { centredCard, makeFrame } from '../vision-quality/syntheticFrames';

interface FakeFrame {
  width: number;
  height: number;
  pixels: Uint8ClampedArray;
  close: ReturnType<typeof vi.fn>;
}

class FakeImageData {
  constructor(
    readonly data: Uint8ClampedArray,
    readonly width: number,
    readonly height: number,
  ) {}
}

let failEncode: Error | null = null;

class FakeOffscreenCanvas {
  private pixels: Uint8ClampedArray;
  constructor(
    public width: number,
    public height: number,
  ) {
    this.pixels = new Uint8ClampedArray(width * height * 4);
  }
  getContext() {
    return {
      drawImage: (frame: FakeFrame) => void (this.pixels = frame.pixels),
      getImageData: (_x: number, _y: number, w: number, h: number) => new FakeImageData(this.pixels, w, h),
      putImageData: (img: FakeImageData) => void (this.pixels = img.data),
    };
  }
  async convertToBlob(options: { type: string; quality: number }) {
    if (failEncode) throw failEncode;
    // Stands in for the JPEG: the size and quality it was asked for, so the test can read them back.
    return new Blob([JSON.stringify({ ...options, width: this.width, height: this.height })]);
  }
}

const card = centredCard(1280, 720, 0.45);
let posted: Array<{ msg: CaptureWorkerResponse; transfer: Transferable[] }>;
let scope: {
  postMessage: (m: CaptureWorkerResponse, t?: Transferable[]) => void;
  onmessage: ((e: { data: CaptureWorkerRequest }) => void) | null;
};

function frame(): FakeFrame {
  const image = makeFrame({ card, noise: 3 });
  return {
    width: image.width,
    height: image.height,
    pixels: new Uint8ClampedArray(image.data),
    close: vi.fn(),
  };
}

async function send(msg: CaptureWorkerRequest): Promise<CaptureWorkerResponse | null> {
  const before = posted.length;
  scope.onmessage!({ data: msg });
  if (msg.type === 'reset') return null;
  await vi.waitFor(() => expect(posted.length).toBe(before + 1));
  return posted[before]!.msg;
}

beforeEach(async () => {
  vi.resetModules();
  posted = [];
  failEncode = null;
  scope = { postMessage: (msg, transfer = []) => void posted.push({ msg, transfer }), onmessage: null };
  vi.stubGlobal('self', scope);
  vi.stubGlobal('OffscreenCanvas', FakeOffscreenCanvas);
  vi.stubGlobal('ImageData', FakeImageData);
  await import('../../../renderer/workers/captureWorker');
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('capture worker', () => {
  it('analyses a frame: quality with the card found, and releases the frame', async () => {
    const f = frame();
    const reply = await send({ type: 'analyze', id: 1, frame: f as unknown as ImageBitmap });
    expect(reply).toMatchObject({ type: 'analysis', id: 1, steady: false });
    if (reply?.type !== 'analysis') throw new Error('expected an analysis');
    expect(reply.quality?.corners).toHaveLength(4);
    expect(reply.quality?.issues).toEqual(['NOT_STEADY']);
    expect(reply.ms).toBeGreaterThanOrEqual(0);
    expect(f.close).toHaveBeenCalledTimes(1);
  });

  it('remembers steadiness across frames until told to reset', async () => {
    let last: CaptureWorkerResponse | null = null;
    const now = vi.spyOn(performance, 'now');
    for (let i = 0; i < 7; i++) {
      now.mockReturnValue(i * 100);
      last = await send({ type: 'analyze', id: 10 + i, frame: frame() as unknown as ImageBitmap });
    }
    expect(last).toMatchObject({ type: 'analysis', steady: true, quality: { ok: true } });
    await send({ type: 'reset' });
    now.mockReturnValue(800);
    expect(await send({ type: 'analyze', id: 20, frame: frame() as unknown as ImageBitmap })).toMatchObject({
      steady: false,
    });
    now.mockRestore();
  });

  it('encodes the card cropped along its corners, transferring the bytes', async () => {
    const f = frame();
    const reply = await send({
      type: 'encode',
      id: 2,
      frame: f as unknown as ImageBitmap,
      corners: card as Corners,
      jpegQuality: 0.8,
    });
    if (reply?.type !== 'encoded') throw new Error(`expected an encoded photo, got ${JSON.stringify(reply)}`);
    expect(reply.cropped).toBe(true);
    expect(reply.width).toBeLessThan(1280);
    const asked = JSON.parse(new TextDecoder().decode(reply.bytes)) as {
      type: string;
      quality: number;
      width: number;
    };
    expect(asked).toMatchObject({ type: 'image/jpeg', quality: 0.8, width: reply.width });
    expect(posted.at(-1)!.transfer).toEqual([reply.bytes]);
    expect(f.close).toHaveBeenCalledTimes(1);
  });

  it('encodes the whole frame without corners, or when the corners are degenerate', async () => {
    const whole = await send({
      type: 'encode',
      id: 3,
      frame: frame() as unknown as ImageBitmap,
      corners: null,
      jpegQuality: 0.9,
    });
    expect(whole).toMatchObject({ type: 'encoded', cropped: false, width: 1280, height: 720 });
    const p = { x: 10, y: 10 };
    const collapsed = await send({
      type: 'encode',
      id: 4,
      frame: frame() as unknown as ImageBitmap,
      corners: [p, p, p, p],
      jpegQuality: 0.9,
    });
    expect(collapsed).toMatchObject({ type: 'encoded', cropped: false, width: 1280, height: 720 });
  });

  it('answers a failed encode with an error for that request', async () => {
    failEncode = new Error('out of memory');
    const f = frame();
    expect(
      await send({
        type: 'encode',
        id: 5,
        frame: f as unknown as ImageBitmap,
        corners: null,
        jpegQuality: 0.9,
      }),
    ).toEqual({
      type: 'error',
      id: 5,
      message: 'out of memory',
    });
    expect(f.close).toHaveBeenCalledTimes(1);
  });
});
