// Writing responses. JSON bodies drop null/undefined members: the yoti SDK validates optional
// fields as "string or absent", so a null would make its response classes throw.
import type { ServerResponse } from 'node:http';

export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value as Record<string, unknown>)) {
      if (member === null || member === undefined) continue;
      out[key] = withoutNulls(member);
    }
    return out;
  }
  return value;
}

const SECURITY_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
} as const;

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  options: { keepNulls?: boolean } = {},
): void {
  const text = JSON.stringify(options.keepNulls ? body : withoutNulls(body));
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendBytes(res: ServerResponse, status: number, bytes: Uint8Array, contentType: string): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': contentType,
    'Content-Length': bytes.byteLength,
  });
  res.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

export function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Length': 0 });
  res.end();
}
