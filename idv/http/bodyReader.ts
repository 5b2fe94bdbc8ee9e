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
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch (err) {
    throw badRequest('MALFORMED_JSON', `the body is not valid JSON: ${errorMessage(err)}`);
  }
}
