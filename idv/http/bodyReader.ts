// Reads a request body into memory with a hard size limit, so an oversized upload is refused with
// 413 before it can use up memory, and the handler sees either the whole body or nothing.
import { errorMessage } from '../../common/errorMessage';
import type { IncomingMessage } from 'node:http';
import { HttpError, badRequest } from './httpError';

export async function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = req.headers['content-length'];
  if (declared !== undefined) {
    const length = Number(declared);
    if (!Number.isFinite(length) || length < 0)
      throw badRequest('BAD_CONTENT_LENGTH', 'Content-Length is not a number');
    if (length > limitBytes) throw tooLarge(length, limitBytes);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  return new Promise<Buffer>((resolve, reject) => {
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      total += chunk.length;
      if (total > limitBytes) {
        failed = true;
        reject(tooLarge(total, limitBytes));
        // Keep draining so the 413 can be written on the same connection.
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks, total));
    });
    req.on('error', (err) => {
      if (!failed) {
        failed = true;
        reject(badRequest('BODY_READ_FAILED', `the request body could not be read: ${err.message}`));
      }
    });
    req.on('aborted', () => {
      if (!failed) {
        failed = true;
        reject(badRequest('BODY_INCOMPLETE', 'the request body ended before Content-Length bytes arrived'));
      }
    });
  });
}

function tooLarge(size: number, limit: number): HttpError {
  return new HttpError(
    413,
    'PAYLOAD_TOO_LARGE',
    `the request body is ${size} bytes; the limit is ${limit} bytes`,
    {
      limit_bytes: limit,
    },
  );
}

/** Parses a JSON body; a malformed one is a 400 that says where it broke. */
export function parseJsonBody(body: Buffer, contentType: string | undefined): unknown {
  if (contentType !== undefined && !/^application\/(.+\+)?json\b/i.test(contentType)) {
    throw new HttpError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      `expected Content-Type application/json, got ${contentType}`,
    );
  }
  if (body.length === 0) throw badRequest('EMPTY_BODY', 'the request needs a JSON body');
  const depth = jsonNestingDepth(body, MAX_JSON_DEPTH);
  if (depth > MAX_JSON_DEPTH)
    throw badRequest(
      'JSON_TOO_DEEP',
      `the JSON body nests deeper than ${MAX_JSON_DEPTH} levels; no request of this API needs that`,
    );
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch (err) {
    throw badRequest('MALFORMED_JSON', `the body is not valid JSON: ${errorMessage(err)}`);
  }
}

/** Deeper than any Yoti request (sdk_config is 3 levels): what the handlers' recursion can take. */
export const MAX_JSON_DEPTH = 64;

/**
 * The deepest nesting of arrays/objects in JSON text, counted over the bytes (strings skipped), and
 * stopping once past `stopAbove`: checked before JSON.parse, so that nothing recursive downstream
 * (zod, the null-stripping writer, structured copies) ever sees a 10,000-level document.
 */
export function jsonNestingDepth(body: Uint8Array, stopAbove = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < body.length; i += 1) {
    const c = body[i];
    if (inString) {
      if (c === 0x5c)
        i += 1; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > stopAbove) return deepest;
      }
    } else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return deepest;
}
