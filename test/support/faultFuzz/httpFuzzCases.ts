// Malformed HTTP requests against the local IDV service (issue 12), drawn from a seeded generator
// so a run can be replayed: bad and missing signatures and tokens, bad and deep JSON, huge
// headers, wrong methods and paths, truncated and slow bodies, bad multipart, bad images
// (decompression bombs included), bad Idempotency-Keys and unicode everywhere.
import { randomUUID } from 'node:crypto';
import {
  CLIENT_BASE,
  httpRequest,
  RP_BASE,
  signRp,
  SESSION_SPEC,
  type FuzzService,
  type RawRequest,
} from './fuzzHarness';
import { flatPng } from './pngBomb';

export interface HttpFuzzCase extends RawRequest {
  category: string;
  name: string;
}

export type Rng = () => number;

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
const junkBytes = (rng: Rng, n: number) => Buffer.from(Array.from({ length: n }, () => int(rng, 0, 255)));

const UNICODE = [
  'é',
  'ß',
  '漢字',
  '🙂',
  '\u202e',
  '\u0000',
  '\ud800',
  '\udfff',
  '\ufeff',
  '\u200b',
  'Ω≈ç√',
  '𝕏',
  '\u0301',
];
/** Percent-encoded UTF-8 bytes (lone surrogates become U+FFFD's bytes, as Node encodes them). */
const pct = (text: string) =>
  [...Buffer.from(text, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
const unicodeString = (rng: Rng, n = int(rng, 1, 40)) =>
  Array.from({ length: n }, () => pick(rng, UNICODE)).join('');

/** JSON nested `depth` levels, as arrays or objects. */
const deepJson = (depth: number, kind: 'array' | 'object') =>
  kind === 'array'
    ? `${'['.repeat(depth)}${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

const BAD_JSON = [
  '',
  '{',
  '{"a":',
  '{"a":1,}',
  "{'a':1}",
  '[1,2',
  'NaN',
  '{"a":NaN}',
  '{"a":Infinity}',
  'null',
  '"just a string"',
  '12345',
  '{"a":1} trailing',
  '\u0000{}',
  '{"a":"\\ud800"}',
  '{"a":"\\u00"}',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"x":1}}}',
  '{"a":1e999999}',
  '{"a":-0}',
  '\ufeff{}',
];

/** One field of the session spec set to something it must not be. */
function mutatedSpec(rng: Rng): string {
  const spec: Record<string, unknown> = structuredClone(SESSION_SPEC);
  const fields = Object.keys(spec);
  const field = pick(rng, [...fields, 'notifications', 'resources', 'sdk_config']);
  const bad = pick(rng, [
    null,
    -1,
    0,
    2 ** 53,
    1e308,
    'x'.repeat(int(rng, 1, 100_000)),
    unicodeString(rng),
    [],
    [[[]]],
    {},
    true,
    { endpoint: 'http://127.0.0.1:1/x', topics: [unicodeString(rng)], auth_token: unicodeString(rng) },
    { endpoint: 'file:///etc/passwd' },
    { applicant_profile: { full_name: unicodeString(rng, 500) } },
    Array.from({ length: 2000 }, () => ({ type: 'LIVENESS' })),
  ]);
  spec[field] = bad;
  if (rng() < 0.3) delete spec[pick(rng, fields)];
  return JSON.stringify(spec);
}

const METHODS = [
  'GET',
  'POST',
  'PUT',
  'DELETE',
  'PATCH',
  'OPTIONS',
  'HEAD',
  'TRACE',
  'PROPFIND',
  'G3T',
  'get',
];

function weirdPath(rng: Rng, f: FuzzService): string {
  const s = f.target;
  return pick(rng, [
    `${RP_BASE}/sessions/${randomUUID()}`,
    `${RP_BASE}/sessions/${'a'.repeat(int(rng, 1, 6000))}`,
    `${RP_BASE}/sessions/%2e%2e/%2e%2e/etc/passwd`,
    `${RP_BASE}/sessions/..%2f..%2f`,
    `${RP_BASE}//sessions//`,
    `${RP_BASE}/sessions/${s.id}/media/${randomUUID()}/content`,
    `${RP_BASE}/sessions/%zz`,
    `${RP_BASE}/sessions/%00`,
    `${RP_BASE}/sessions/${pct(unicodeString(rng))}`,
    `${CLIENT_BASE}/sessions/${s.id}/resources/id-documents/${s.documentId}/pages/${pick(rng, ['back', 'side', '', '..', unicodeString(rng)])}/media`,
    `${CLIENT_BASE}/sessions/${s.id}/resources/liveness/${s.livenessId}/frames/${pick(rng, ['-1', '99999999999', '1e3', 'NaN', '0x10'])}`,
    `${CLIENT_BASE}/sessions/${s.id}/${'x/'.repeat(int(rng, 1, 500))}`,
    `/idverify/v2/sessions`,
    `/`,
    `/health?${'a=1&'.repeat(int(rng, 1, 2000))}`,
    `*`,
    `http://evil.example/idverify/v1/sessions`,
    `/idverify/v1/branch/stations/${randomUUID()}/sessions`,
    `/sandbox/idverify/v1/apps/${f.sdkId}/sessions/${s.id}/response-config`,
    `/idverify/v1/web/${'..%2f'.repeat(5)}package.json`,
  ]);
}

type Gen = (rng: Rng, f: FuzzService) => HttpFuzzCase;

const signedHeaders = (digest: string, extra: Record<string, string> = {}) => ({
  'X-Yoti-Auth-Digest': digest,
  'Content-Type': 'application/json',
  ...extra,
});

/** The generators, by category. Each draws one case. */
export const GENERATORS: Record<string, Gen> = {
  signature(rng, f) {
    const s = f.protectedSession;
    const method = pick(rng, ['GET', 'DELETE']);
    const rel = pick(rng, [
      `/sessions/${s.id}`,
      `/sessions/${s.id}/media/${s.pageMediaId}/content`,
      '/sessions',
    ]);
    const variant = pick(rng, [
      'no-digest',
      'garbage',
      'stranger-key',
      'other-path',
      'stale',
      'future',
      'bad-timestamp',
      'no-nonce',
      'no-sdkid',
      'unknown-sdkid',
      'unicode-sdkid',
      'huge-digest',
      'tampered',
    ]);
    const opts =
      variant === 'stale'
        ? { timestamp: String(Date.now() - 86_400_000) }
        : variant === 'future'
          ? { timestamp: String(Date.now() + 86_400_000) }
          : variant === 'bad-timestamp'
            ? { timestamp: pick(rng, ['abc', '-1', '1e99', '', unicodeString(rng)]) }
            : variant === 'no-nonce'
              ? { nonce: null }
              : variant === 'no-sdkid'
                ? { sdkId: null }
                : variant === 'unknown-sdkid'
                  ? { sdkId: randomUUID() }
                  : variant === 'unicode-sdkid'
                    ? { sdkId: unicodeString(rng) }
                    : variant === 'stranger-key'
                      ? { pem: f.strangerPem }
                      : {};
    const signed = signRp(f, method, variant === 'other-path' ? '/sessions/other' : rel, null, opts);
    const target = variant === 'other-path' ? signed.target.replace('/sessions/other', rel) : signed.target;
    const digest =
      variant === 'garbage'
        ? junkBytes(rng, int(rng, 1, 300)).toString('base64')
        : variant === 'huge-digest'
          ? 'A'.repeat(int(rng, 5_000, 12_000))
          : variant === 'tampered'
            ? `${signed.digest.slice(0, -6)}AAAAA=`
            : signed.digest;
    const headers: Record<string, string> = variant === 'no-digest' ? {} : { 'X-Yoti-Auth-Digest': digest };
    return {
      category: 'signature',
      name: `${method} ${variant}`,
      bytes: httpRequest(method, target, headers),
    };
  },

  replay(rng, f) {
    // The same signed request twice in one connection-less burst: the nonce may only be used once.
    const signed = signRp(f, 'GET', `/sessions/${f.target.id}`, null, {
      nonce: `fuzz-replay-${int(rng, 0, 4)}`,
    });
    return {
      category: 'replay',
      name: 'nonce reused',
      bytes: httpRequest('GET', signed.target, { 'X-Yoti-Auth-Digest': signed.digest }),
    };
  },

  json(rng, f) {
    const kind = pick(rng, ['bad', 'deep', 'spec', 'unicode', 'huge', 'content-type']);
    const raw =
      kind === 'bad'
        ? pick(rng, BAD_JSON)
        : kind === 'deep'
          ? JSON.stringify({ ...SESSION_SPEC, sdk_config: '__DEEP__' }).replace(
              '"__DEEP__"',
              deepJson(pick(rng, [65, 200, 1_000, 10_000, 50_000]), pick(rng, ['array', 'object'] as const)),
            )
          : kind === 'spec'
            ? mutatedSpec(rng)
            : kind === 'unicode'
              ? JSON.stringify({ ...SESSION_SPEC, user_tracking_id: unicodeString(rng, 200) })
              : kind === 'huge'
                ? JSON.stringify({ ...SESSION_SPEC, pad: 'x'.repeat(int(rng, 1_000_000, 3_000_000)) })
                : JSON.stringify(SESSION_SPEC);
    const body = Buffer.from(raw, kind === 'bad' && rng() < 0.3 ? 'latin1' : 'utf8');
    const signed = signRp(f, 'POST', '/sessions', body);
    const contentType =
      kind === 'content-type'
        ? pick(rng, [
            'text/plain',
            'application/json; charset=utf-16',
            'application/x-www-form-urlencoded',
            '',
            'application/json, text/html',
          ])
        : 'application/json';
    return {
      category: 'json',
      name: `POST /sessions ${kind}`,
      bytes: httpRequest(
        'POST',
        signed.target,
        signedHeaders(signed.digest, { 'Content-Type': contentType }),
        body,
      ),
    };
  },

  token(rng, f) {
    const s = pick(rng, [f.target, f.protectedSession]);
    const other = s === f.target ? f.protectedSession : f.target;
    const auth = pick(rng, [
      null,
      'Bearer',
      'Bearer ',
      `Bearer ${other.token}`,
      `Bearer ${randomUUID()}`,
      `Basic ${Buffer.from('a:b').toString('base64')}`,
      `Bearer ${'x'.repeat(int(rng, 100, 6000))}`,
      `bearer ${s.token}x`,
      `Bearer ${unicodeString(rng)}`,
    ]);
    const route = pick(rng, [
      ['GET', `${CLIENT_BASE}/sessions/${s.id}/configuration`],
      ['GET', `${CLIENT_BASE}/sessions/${s.id}/status`],
      ['POST', `${CLIENT_BASE}/sessions/${s.id}/submit`],
      ['PUT', `${CLIENT_BASE}/sessions/${s.id}/resources/id-documents/${s.documentId}/pages/front/media`],
      ['POST', `${CLIENT_BASE}/sessions/${s.id}/resources/id-documents`],
    ] as const);
    const headers: Record<string, string> = {};
    if (auth !== null) headers.Authorization = Buffer.from(auth, 'utf8').toString('latin1');
    const body =
      route[0] === 'GET'
        ? null
        : route[0] === 'PUT'
          ? f.specimenPage
          : Buffer.from('{"issuing_country":"UTO","document_type":"PASSPORT"}');
    if (body) headers['Content-Type'] = route[0] === 'PUT' ? 'image/jpeg' : 'application/json';
    const target = rng() < 0.2 ? `${route[1]}?sessionToken=${encodeURIComponent(other.token)}` : route[1];
    return {
      category: 'token',
      name: `${route[0]} ${auth?.split(' ')[0] ?? 'none'}`,
      bytes: httpRequest(route[0], target, headers, body),
    };
  },

  route(rng, f) {
    const method = pick(rng, METHODS);
    const target = weirdPath(rng, f);
    return {
      category: 'route',
      name: `${method} path`,
      bytes: httpRequest(method, target, { Authorization: `Bearer ${f.target.token}` }),
    };
  },

  headers(rng, f) {
    const variant = pick(rng, [
      'huge-value',
      'many',
      'bad-length',
      'two-lengths',
      'te-and-cl',
      'bad-chunk',
      'no-host',
      'http09',
      'garbage-line',
      'bare-lf',
      'high-bytes',
      'space-in-name',
    ]);
    const target = `${CLIENT_BASE}/sessions/${f.target.id}/resources/id-documents`;
    const auth = `Authorization: Bearer ${f.target.token}\r\n`;
    const raw = (text: string) => Buffer.from(text, 'latin1');
    let bytes: Buffer;
    switch (variant) {
      case 'huge-value':
        bytes = raw(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(int(rng, 20_000, 200_000))}\r\n\r\n`);
        break;
      case 'many':
        bytes = raw(
          `GET / HTTP/1.1\r\nHost: x\r\n${Array.from({ length: int(rng, 200, 3000) }, (_, i) => `X-H${i}: v\r\n`).join('')}\r\n`,
        );
        break;
      case 'bad-length':
        bytes = raw(
          `POST ${target} HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nContent-Length: ${pick(rng, ['abc', '-1', '1.5', '99999999999999999999', ' ', '0x10'])}\r\n\r\n{}`,
        );
        break;
      case 'two-lengths':
        bytes = raw(
          `POST ${target} HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 40\r\n\r\n{}`,
        );
        break;
      case 'te-and-cl':
        bytes = raw(
          `POST ${target} HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n2\r\n{}\r\n0\r\n\r\n`,
        );
        break;
      case 'bad-chunk':
        bytes = raw(
          `POST ${target} HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${pick(rng, ['zz', 'fffffffffffffffff', '-1', '2;ext=' + 'e'.repeat(5000)])}\r\n{}\r\n0\r\n\r\n`,
        );
        break;
      case 'no-host':
        bytes = raw(`GET /health HTTP/1.1\r\n\r\n`);
        break;
      case 'http09':
        bytes = raw(`GET /health\r\n\r\n`);
        break;
      case 'garbage-line':
        bytes = junkBytes(rng, int(rng, 1, 2000));
        break;
      case 'bare-lf':
        bytes = raw(`GET /health HTTP/1.1\nHost: x\n\n`);
        break;
      case 'high-bytes':
        bytes = Buffer.concat([
          raw(`GET /health HTTP/1.1\r\nHost: x\r\nX-U: `),
          Buffer.from(unicodeString(rng), 'utf8'),
          raw('\r\n\r\n'),
        ]);
        break;
      default:
        bytes = raw(`GET /health HTTP/1.1\r\nHost: x\r\nBad Name: v\r\n\r\n`);
    }
    return { category: 'headers', name: variant, bytes };
  },

  body(rng, f) {
    const s = f.target;
    const variant = pick(rng, [
      'truncated-json',
      'truncated-image',
      'slow-json',
      'slow-image',
      'oversized',
      'empty-put',
    ]);
    const auth = { Authorization: `Bearer ${s.token}` };
    const pageTarget = `${CLIENT_BASE}/sessions/${s.id}/resources/id-documents/${s.documentId}/pages/front/media`;
    const docTarget = `${CLIENT_BASE}/sessions/${s.id}/resources/id-documents`;
    if (variant === 'oversized') {
      const bytes = httpRequest(
        'PUT',
        pageTarget,
        { ...auth, 'Content-Type': 'image/jpeg', 'Content-Length': String(int(rng, 16, 2048) * 2 ** 20) },
        Buffer.alloc(1024),
      );
      return { category: 'body', name: variant, bytes, truncateAt: bytes.length };
    }
    if (variant === 'empty-put') {
      return {
        category: 'body',
        name: variant,
        bytes: httpRequest('PUT', pageTarget, {
          ...auth,
          'Content-Type': 'image/jpeg',
          'Content-Length': '0',
        }),
      };
    }
    const isImage = variant.endsWith('image');
    const body = isImage
      ? f.specimenPage
      : Buffer.from('{"issuing_country":"UTO","document_type":"PASSPORT"}');
    const bytes = httpRequest(
      isImage ? 'PUT' : 'POST',
      isImage ? pageTarget : docTarget,
      { ...auth, 'Content-Type': isImage ? 'image/jpeg' : 'application/json' },
      body,
    );
    const headEnd = bytes.indexOf('\r\n\r\n') + 4;
    const cut = headEnd + int(rng, 0, body.length - 1);
    return variant.startsWith('truncated')
      ? { category: 'body', name: variant, bytes, truncateAt: cut }
      : { category: 'body', name: variant, bytes, dripFrom: cut };
  },

  image(rng, f) {
    const s = f.target;
    const page = f.specimenPage;
    const variant = pick(rng, [
      'empty',
      'random',
      'truncated-jpeg',
      'flipped-jpeg',
      'png-bomb',
      'png-huge-ihdr',
      'gif',
      'webp',
      'svg',
      'bmp',
      'mime-mismatch',
      'odd-mime',
      'jpeg-in-frame',
    ]);
    let image: Buffer;
    let mime = 'image/jpeg';
    switch (variant) {
      case 'empty':
        image = Buffer.alloc(0);
        break;
      case 'random':
        image = junkBytes(rng, int(rng, 1, 50_000));
        break;
      case 'truncated-jpeg':
        image = page.subarray(0, int(rng, 2, page.length - 1));
        break;
      case 'flipped-jpeg': {
        image = Buffer.from(page);
        for (let i = 0; i < int(rng, 1, 50); i++) image[int(rng, 0, image.length - 1)] = int(rng, 0, 255);
        break;
      }
      case 'png-bomb':
        image = bomb(
          pick(rng, [
            [10_000, 10_000],
            [8_000, 8_000],
          ] as const),
        );
        mime = 'image/png';
        break;
      case 'png-huge-ihdr': {
        image = Buffer.from(bomb([64, 64]));
        image.writeUInt32BE(int(rng, 100_000, 0x7fffffff), 16);
        image.writeUInt32BE(int(rng, 100_000, 0x7fffffff), 20);
        mime = 'image/png';
        break;
      }
      case 'gif':
        image = Buffer.concat([Buffer.from('GIF89a'), junkBytes(rng, 100)]);
        mime = 'image/gif';
        break;
      case 'webp':
        image = Buffer.concat([Buffer.from('RIFF\u0000\u0000\u0000\u0000WEBPVP8 '), junkBytes(rng, 100)]);
        mime = 'image/webp';
        break;
      case 'svg':
        image = Buffer.from(
          '<svg xmlns="http://www.w3.org/2000/svg" width="100000" height="100000"><script>1</script></svg>',
        );
        mime = 'image/svg+xml';
        break;
      case 'bmp':
        image = Buffer.concat([Buffer.from('BM'), junkBytes(rng, 200)]);
        mime = 'image/bmp';
        break;
      case 'mime-mismatch':
        image = page;
        mime = 'image/png';
        break;
      case 'odd-mime':
        image = page;
        mime = pick(rng, [
          'image/jpeg; charset=🙂',
          'IMAGE/JPEG',
          'image/*',
          '',
          'multipart/form-data',
          'image/jpeg, image/png',
        ]);
        break;
      default:
        image = rng() < 0.5 ? page.subarray(0, 4000) : junkBytes(rng, 3000);
    }
    const target =
      variant === 'jpeg-in-frame'
        ? `${CLIENT_BASE}/sessions/${s.id}/resources/liveness/${s.livenessId}/frames`
        : `${CLIENT_BASE}/sessions/${s.id}/resources/id-documents/${s.documentId}/pages/front/media`;
    const headers: Record<string, string> = { Authorization: `Bearer ${s.token}` };
    if (mime !== '') headers['Content-Type'] = Buffer.from(mime, 'utf8').toString('latin1');
    return { category: 'image', name: variant, bytes: httpRequest('PUT', target, headers, image) };
  },

  multipart(rng, f) {
    const s = f.target;
    const boundary = pick(rng, ['b0undary', 'x'.repeat(200), '', '"quoted"', unicodeString(rng, 5)]);
    const variant = pick(rng, [
      'no-boundary',
      'wrong-boundary',
      'no-part',
      'no-end',
      'many-parts',
      'bad-part-headers',
      'bomb-part',
      'random',
    ]);
    const part = (name: string, data: Buffer, type = 'image/jpeg') =>
      Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="x.jpg"\r\nContent-Type: ${type}\r\n\r\n`,
          'latin1',
        ),
        data,
        Buffer.from('\r\n'),
      ]);
    const end = Buffer.from(`--${boundary}--\r\n`, 'latin1');
    let body: Buffer;
    let contentType = `multipart/form-data; boundary=${boundary}`;
    switch (variant) {
      case 'no-boundary':
        contentType = 'multipart/form-data';
        body = Buffer.concat([part('binary-content', f.specimenPage), end]);
        break;
      case 'wrong-boundary':
        contentType = 'multipart/form-data; boundary=other';
        body = Buffer.concat([part('binary-content', f.specimenPage), end]);
        break;
      case 'no-part':
        body = end;
        break;
      case 'no-end':
        body = part('binary-content', f.specimenPage);
        break;
      case 'many-parts':
        body = Buffer.concat([
          ...Array.from({ length: int(rng, 100, 3000) }, (_, i) => part(`p${i}`, Buffer.from('x'))),
          end,
        ]);
        break;
      case 'bad-part-headers':
        body = Buffer.concat([
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: ${'x'.repeat(int(rng, 10, 20_000))}\r\n\r\nabc\r\n`,
            'latin1',
          ),
          end,
        ]);
        break;
      case 'bomb-part':
        body = Buffer.concat([part('binary-content', bomb([10_000, 10_000]), 'image/png'), end]);
        break;
      default:
        body = junkBytes(rng, int(rng, 1, 20_000));
    }
    const rel = `/sessions/${s.id}/resources/face-capture/${s.faceCaptureId}/image`;
    const signed = signRp(f, 'PUT', rel, body);
    return {
      category: 'multipart',
      name: variant,
      bytes: httpRequest(
        'PUT',
        signed.target,
        {
          'X-Yoti-Auth-Digest': signed.digest,
          'Content-Type': Buffer.from(contentType, 'utf8').toString('latin1'),
        },
        body,
      ),
    };
  },

  idempotency(rng, f) {
    const s = f.target;
    const key = pick(rng, [
      '',
      ' ',
      'k'.repeat(int(rng, 65, 20_000)),
      '\t\u0001\u007f',
      Buffer.from(unicodeString(rng), 'utf8').toString('latin1'),
      `fuzz-key-${int(rng, 0, 3)}`,
      'a,b',
      randomUUID(),
    ]);
    const body =
      rng() < 0.5
        ? Buffer.from('{"issuing_country":"UTO","document_type":"PASSPORT"}')
        : Buffer.from(`{"issuing_country":"${pick(rng, ['GBR', 'UTO', 'XXX'])}","document_type":"PASSPORT"}`);
    return {
      category: 'idempotency',
      name: key.length > 64 ? 'long key' : JSON.stringify(key).slice(0, 30),
      bytes: httpRequest(
        'POST',
        `${CLIENT_BASE}/sessions/${s.id}/resources/id-documents`,
        { Authorization: `Bearer ${s.token}`, 'Content-Type': 'application/json', 'Idempotency-Key': key },
        body,
      ),
    };
  },
};

const bombs = new Map<string, Buffer>();
const BOMB_SIZES = [
  [10_000, 10_000],
  [8_000, 8_000],
  [64, 64],
] as const;
/** Makes the bombs up front (each needs its decoded size in memory once, to deflate it). */
export function prepareBombs(): void {
  for (const size of BOMB_SIZES) bomb(size);
}
function bomb([w, h]: readonly [number, number]): Buffer {
  const k = `${w}x${h}`;
  let png = bombs.get(k);
  if (!png) bombs.set(k, (png = flatPng(w, h)));
  return png;
}

/** `n` cases spread over every category (round robin, so each gets its share). */
export function httpFuzzCases(rng: Rng, f: FuzzService, n: number): HttpFuzzCase[] {
  const gens = Object.values(GENERATORS);
  return Array.from({ length: n }, (_, i) => gens[i % gens.length](rng, f));
}
