// The small shared pieces every process builds on: backoff, deferred, disposal order, the AES-GCM
// envelope and the logger. Each is used in several places, so each rule is pinned here once.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../common/backoff';
import { createDeferred } from '../../../common/deferred';
import { DisposableStore, toDisposable } from '../../../common/disposable';
import { errorFirstLine, errorMessage } from '../../../common/errorMessage';
import {
  EnvelopeError,
  envelopeHeaderBytes,
  newEnvelopeKey,
  openEnvelope,
  sealEnvelope,
  sealEnvelopeParts,
} from '../../../platform/aesGcmEnvelope';
import { createLogger } from '../../../platform/logger';

describe('backoffDelay', () => {
  const policy = { baseMs: 100, maxMs: 1000 };
  it('doubles from the base and stops at the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, policy))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(backoffDelay(0, policy)).toBe(100);
  });
  it('spreads by ±jitter and never passes the cap', () => {
    const spread = { ...policy, jitter: 0.2 };
    expect(backoffDelay(2, spread, () => 0)).toBe(160);
    expect(backoffDelay(2, spread, () => 1)).toBe(240);
    expect(backoffDelay(9, spread, () => 1)).toBe(1000);
  });
  it("'down' jitter only shortens", () => {
    const down = { ...policy, jitter: 0.5, jitterMode: 'down' as const };
    expect(backoffDelay(3, down, () => 0)).toBe(400);
    expect(backoffDelay(3, down, () => 1)).toBe(200);
  });
});

describe('createDeferred', () => {
  it('settles once: later resolves and rejects are ignored', async () => {
    const d = createDeferred<number>();
    expect(d.settled).toBe(false);
    d.resolve(1);
    d.resolve(2);
    d.reject(new Error('late'));
    await expect(d.promise).resolves.toBe(1);
    expect(d.settled).toBe(true);
  });
});

describe('DisposableStore', () => {
  it('disposes in reverse order of creation, once, and goes on past a failing step', async () => {
    const order: string[] = [];
    const failures: string[] = [];
    const store = new DisposableStore((what) => failures.push(what));
    store.defer('first', () => order.push('first'));
    store.add(
      toDisposable(() => {
        throw new Error('boom');
      }),
      'broken',
    );
    store.defer('last', async () => {
      await Promise.resolve();
      order.push('last');
    });
    await store.dispose();
    await store.dispose();
    expect(order).toEqual(['last', 'first']);
    expect(failures).toEqual(['broken']);
  });
  it('disposes at once what is added after the store was disposed', async () => {
    const store = new DisposableStore();
    await store.dispose();
    let closed = false;
    store.defer('late', () => (closed = true));
    await expect.poll(() => closed).toBe(true);
  });
});

describe('errorMessage', () => {
  it('takes an Error’s message, anything else as text, and the first line on request', () => {
    expect(errorMessage(new Error('a\nb'))).toBe('a\nb');
    expect(errorMessage('plain')).toBe('plain');
    expect(errorMessage(42)).toBe('42');
    expect(errorFirstLine(new Error('a\nb'))).toBe('a');
  });
});

describe('AES-GCM envelope', () => {
  const format = { magic: Buffer.from('TEST'), version: 3 };
  const key = newEnvelopeKey();
  const plain = Buffer.from('a person’s page');

  it('opens what it sealed, with the layout [magic][version][nonce][tag][ciphertext]', () => {
    const blob = sealEnvelope(format, key, plain, 'item-1');
    expect(blob.length).toBe(envelopeHeaderBytes(format) + plain.length);
    expect(blob.subarray(0, 4).toString()).toBe('TEST');
    expect(blob[4]).toBe(3);
    expect(blob.includes(plain)).toBe(false);
    expect(openEnvelope(format, key, blob, 'item-1').equals(plain)).toBe(true);
    const parts = sealEnvelopeParts(format, key, plain);
    expect(openEnvelope(format, key, Buffer.concat([parts.header, parts.ciphertext])).equals(plain)).toBe(
      true,
    );
  });

  it('refuses another context, another key, a flipped bit, a short blob, another kind or version', () => {
    const blob = sealEnvelope(format, key, plain, 'item-1');
    const reason = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        return err instanceof EnvelopeError ? err.reason : String(err);
      }
      return 'opened';
    };
    expect(reason(() => openEnvelope(format, key, blob, 'item-2'))).toBe('AUTHENTICATION');
    expect(reason(() => openEnvelope(format, newEnvelopeKey(), blob, 'item-1'))).toBe('AUTHENTICATION');
    const flipped = Buffer.from(blob);
    flipped[flipped.length - 1] ^= 1;
    expect(reason(() => openEnvelope(format, key, flipped, 'item-1'))).toBe('AUTHENTICATION');
    expect(reason(() => openEnvelope(format, key, blob.subarray(0, 20), 'item-1'))).toBe('TRUNCATED');
    expect(reason(() => openEnvelope({ ...format, magic: Buffer.from('XXXX') }, key, blob, 'item-1'))).toBe(
      'NOT_AN_ENVELOPE',
    );
    expect(reason(() => openEnvelope({ ...format, version: 4 }, key, blob, 'item-1'))).toBe('VERSION');
    expect(reason(() => sealEnvelope(format, Buffer.alloc(16), plain))).toBe('KEY_SIZE');
  });
});

describe('createLogger', () => {
  it('writes JSON lines with level, message, fields and child bindings', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger({ destination, level: 'info' });
    logger.debug('not at this level');
    logger.child({ component: 'outbox' }).warn('item not sent', { kind: 'page' });
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed).toEqual([
      expect.objectContaining({ level: 40, msg: 'item not sent', component: 'outbox', kind: 'page' }),
    ]);
  });
});
