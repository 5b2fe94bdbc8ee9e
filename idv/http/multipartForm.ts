// Minimal multipart/form-data parsing for the one RP call that sends a form (the yoti SDK's
// uploadFaceCaptureImage). The body is already in memory under a size limit.
import { badRequest } from './httpError';

export interface FormPart {
  name: string;
  filename: string | null;
  contentType: string | null;
  data: Buffer;
}

export function parseMultipart(body: Buffer, contentType: string | undefined): FormPart[] {
  const match = /^multipart\/form-data\s*;.*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  if (!match) throw badRequest('EXPECTED_MULTIPART', 'expected a multipart/form-data body with a boundary');
  const boundary = Buffer.from(`--${match[1] ?? match[2]}`);
  const parts: FormPart[] = [];
  let pos = body.indexOf(boundary);
  if (pos < 0) throw badRequest('MALFORMED_MULTIPART', 'the multipart body has no boundary line');
  for (;;) {
    pos += boundary.length;
    if (body.subarray(pos, pos + 2).toString() === '--') break; // closing boundary
    if (body.subarray(pos, pos + 2).toString() !== '\r\n') {
      throw badRequest('MALFORMED_MULTIPART', 'a multipart boundary is not followed by a line break');
    }
    pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0) throw badRequest('MALFORMED_MULTIPART', 'a multipart part has no header end');
    const headers = body.subarray(pos, headerEnd).toString('utf8').split('\r\n');
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), boundary]), headerEnd + 4);
    if (next < 0)
      throw badRequest('MALFORMED_MULTIPART', 'the multipart body ends without a closing boundary');
    let name: string | null = null;
    let filename: string | null = null;
    let partType: string | null = null;
    for (const line of headers) {
      const [key, ...rest] = line.split(':');
      const value = rest.join(':').trim();
      if (/^content-disposition$/i.test(key.trim())) {
        name = /\bname="([^"]*)"/i.exec(value)?.[1] ?? null;
        filename = /\bfilename="([^"]*)"/i.exec(value)?.[1] ?? null;
      } else if (/^content-type$/i.test(key.trim())) {
        partType = value;
      }
    }
    if (name === null) throw badRequest('MALFORMED_MULTIPART', 'a multipart part has no name');
    parts.push({ name, filename, contentType: partType, data: body.subarray(headerEnd + 4, next) });
    pos = next + 2;
  }
  return parts;
}
