// The app's two capture workers: replies matched by id, analysis and encode on separate workers,
// a crashed worker replaced, and both terminated on dispose (pending requests fail).
import { describe, expect, it, vi } from 'vitest';
import {
  CaptureWorkerDisposedError,
  createCaptureWorkerClient,
  type WorkerPort,
} from '../../../renderer/capture/captureWorkerClient';
import type { CaptureWorkerRequest, CaptureWorkerResponse } from '../../../renderer/workers/captureProtocol';

class FakeWorker implements WorkerPort {
  onmessage: WorkerPort['onmessage'] = null;
  onerror: WorkerPort['onerror'] = null;
  sent: CaptureWorkerRequest[] = [];
  terminate = vi.fn();
  postMessage(msg: CaptureWorkerRequest): void {
    this.sent.push(msg);
  }
  reply(msg: CaptureWorkerResponse): void {
    this.onmessage?.({ data: msg } as MessageEvent<CaptureWorkerResponse>);
  }
}

const bitmap = () =>
  ({ width: 4, height: 4, close: vi.fn() }) as unknown as ImageBitmap & { close: ReturnType<typeof vi.fn> };

function setUp() {
  const spawned: FakeWorker[] = [];
  const client = createCaptureWorkerClient(() => {
    const w = new FakeWorker();
    spawned.push(w);
    return w;
  });
  return { client, spawned };
}

describe('capture worker client', () => {
  it('analyses on one worker and encodes on the other, matching replies by id', async () => {
    const { client, spawned } = setUp();
    const analysing = client.analyzeFrame(bitmap());
    const encoding = client.encodeFrame(bitmap(), null);
    expect(spawned).toHaveLength(2);
    const [analysis, encode] = spawned as [FakeWorker, FakeWorker];
    expect(analysis.sent.map((m) => m.type)).toEqual(['analyze']);
    expect(encode.sent.map((m) => m.type)).toEqual(['encode']);
    const encodeId = (encode.sent[0] as { id: number }).id;
    encode.reply({
      type: 'encoded',
      id: encodeId,
      bytes: new ArrayBuffer(2),
      width: 4,
      height: 4,
      cropped: false,
      ms: 1,
    });
    await expect(encoding).resolves.toMatchObject({ type: 'encoded', id: encodeId });
    const analysisId = (analysis.sent[0] as { id: number }).id;
    analysis.reply({ type: 'error', id: analysisId, message: 'bad frame' });
    await expect(analysing).rejects.toThrow('bad frame');
  });

  it('replaces a worker that crashed, failing what it had in hand', async () => {
    const { client, spawned } = setUp();
    const lost = client.analyzeFrame(bitmap());
    spawned[0]!.onerror?.({ message: 'boom' } as ErrorEvent);
    await expect(lost).rejects.toThrow('capture worker failed: boom');
    expect(spawned[0]!.terminate).toHaveBeenCalledTimes(1);
    void client.analyzeFrame(bitmap()).catch(() => undefined);
    expect(spawned).toHaveLength(2);
  });

  it('terminates both workers on dispose; pending and later requests fail and frames are released', async () => {
    const { client, spawned } = setUp();
    client.warmUp();
    expect(spawned).toHaveLength(2);
    const pending = client.encodeFrame(bitmap(), null);
    client.dispose();
    expect(spawned.map((w) => w.terminate.mock.calls.length)).toEqual([1, 1]);
    await expect(pending).rejects.toBeInstanceOf(CaptureWorkerDisposedError);
    const frame = bitmap();
    await expect(client.analyzeFrame(frame)).rejects.toBeInstanceOf(CaptureWorkerDisposedError);
    expect(frame.close).toHaveBeenCalledTimes(1);
    expect(spawned).toHaveLength(2); // nothing new started after dispose
  });
});
