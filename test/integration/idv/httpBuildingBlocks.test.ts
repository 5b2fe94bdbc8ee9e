// The HTTP building blocks on their own, where a table of cases is cheaper than a server: image
// integrity, path splitting, and signature compatibility with the SDK's RequestBuilder.
import { generateKeyPairSync } from 'node:crypto';
import { Payload, RequestBuilder } from 'yoti';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseRequestTimestamp, signingMessage, verifyDigest } from '../../../idv/auth/requestSignature';
import { HttpError } from '../../../idv/http/httpError';
import { inspectImage } from '../../../idv/http/imageBody';
import { splitPath } from '../../../idv/http/router';
import { fixture } from './support';

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    return err instanceof HttpError ? err.code : `unexpected: ${(err as Error).message}`;
  }
}

describe('inspectImage', () => {
  let jpeg: Buffer;
  let png: Buffer;
  beforeAll(async () => {
    jpeg = await fixture('passport-td3.jpg');
    png = await fixture('passport-td3.png');
  });

  it('accepts whole files and reads their size', () => {
    expect(inspectImage(jpeg, 'image/jpeg')).toEqual({ mime: 'image/jpeg', width: 1334, height: 880 });
    expect(inspectImage(jpeg, 'image/jpg').mime).toBe('image/jpeg');
    expect(inspectImage(png, 'image/png; charset=binary').mime).toBe('image/png');
  });

  it('finds every truncation of a JPEG and a PNG', () => {
    for (const [bytes, type] of [
      [jpeg, 'image/jpeg'],
      [png, 'image/png'],
    ] as const) {
      for (let percent = 1; percent < 100; percent += 1) {
        const cut = bytes.subarray(0, Math.floor((bytes.length * percent) / 100));
        expect([`${type} cut at ${percent}%`, codeOf(() => inspectImage(cut, type))]).toEqual([
          `${type} cut at ${percent}%`,
          expect.stringMatching(/^(TRUNCATED_IMAGE|CORRUPT_IMAGE)$/),
        ]);
      }
      expect(codeOf(() => inspectImage(bytes.subarray(0, bytes.length - 1), type))).toBe('TRUNCATED_IMAGE');
    }
  });

  it('tells a non-image, a lie about the type, and an empty body apart', () => {
    expect(codeOf(() => inspectImage(Buffer.from('%PDF-1.7 ...'), 'image/jpeg'))).toBe('NOT_AN_IMAGE');
    expect(codeOf(() => inspectImage(png, 'image/jpeg'))).toBe('CONTENT_TYPE_MISMATCH');
    expect(codeOf(() => inspectImage(jpeg, 'image/gif'))).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(codeOf(() => inspectImage(jpeg, ''))).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(codeOf(() => inspectImage(Buffer.alloc(0), 'image/png'))).toBe('EMPTY_IMAGE');
  });
});

describe('splitPath', () => {
  it.each([
    ['/sessions/abc/configuration', ['sessions', 'abc', 'configuration']],
    ['/sessions/a%2Db', ['sessions', 'a-b']],
  ])('splits %s', (raw, segments) => {
    expect(splitPath(raw)).toEqual(segments);
  });

  it.each(['/sessions/..', '/sessions/%2e%2E/x', '/sessions/.', '/a/b%2Fc', '/a/b%5Cc', '/a/%00'])(
    'refuses traversal in %s',
    (raw) => {
      expect(codeOf(() => splitPath(raw))).toBe('PATH_TRAVERSAL');
    },
  );

  it('refuses a malformed percent-encoding', () => {
    expect(codeOf(() => splitPath('/sessions/%E0%A4%A'))).toBe('BAD_PATH');
  });
});

describe('request signatures', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });

  it('rebuilds exactly the message the SDK signs, with and without a body', () => {
    for (const [method, payload] of [
      ['GET', undefined],
      ['POST', { requested_checks: [], user_tracking_id: 'ü-ñ' }],
      ['PUT', { check_reports: {} }],
      ['DELETE', undefined],
    ] as const) {
      const builder = new RequestBuilder()
        .withBaseUrl('http://127.0.0.1:1/idverify/v1')
        .withEndpoint('/sessions/abc')
        .withPemString(privateKey)
        .withQueryParam('sdkId', 'app-1')
        .withMethod(method);
      if (payload) builder.withPayload(new Payload(payload));
      const request = builder.build();
      const target = request.getUrl().slice('http://127.0.0.1:1/idverify/v1'.length);
      const body = payload ? Buffer.from(JSON.stringify(payload)) : Buffer.alloc(0);
      const digest = request.getHeaders()['X-Yoti-Auth-Digest'];
      expect(verifyDigest(signingMessage(method, target, body), digest, publicKey)).toBe(true);
      expect(verifyDigest(signingMessage(method, `${target}x`, body), digest, publicKey)).toBe(false);
    }
  });

  it('rejects digests that are not base64 or made for another key', () => {
    expect(verifyDigest('GET&/x', 'not base64!', publicKey)).toBe(false);
    expect(verifyDigest('GET&/x', 'AAAA', publicKey)).toBe(false);
    expect(verifyDigest('GET&/x', 'AAAA', 'not a key')).toBe(false);
  });

  it('reads timestamps in seconds, milliseconds and microseconds', () => {
    expect(parseRequestTimestamp('1764100000')).toBe(1_764_100_000_000);
    expect(parseRequestTimestamp('1764100000123')).toBe(1_764_100_000_123);
    expect(parseRequestTimestamp('1764100000123456')).toBe(1_764_100_000_123);
    expect(parseRequestTimestamp('12e5')).toBeNull();
    expect(parseRequestTimestamp('')).toBeNull();
    expect(parseRequestTimestamp(null)).toBeNull();
  });
});
