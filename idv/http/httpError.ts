// One error type for everything the HTTP layer refuses: the status, a stable machine code and a
// message that names the problem. Handlers throw it; the server turns it into a JSON body.

export interface ErrorBody {
  code: string;
  message: string;
  [extra: string]: unknown;
}

export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly extra: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: string,
    message: string,
    extra: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
    this.extra = extra;
    this.headers = headers;
  }

  toBody(): ErrorBody {
    return { ...this.extra, code: this.code, message: this.message };
  }
}

export const badRequest = (code: string, message: string, extra?: Record<string, unknown>): HttpError =>
  new HttpError(400, code, message, extra);
export const unauthorized = (code: string, message: string): HttpError =>
  new HttpError(401, code, message, {}, { 'WWW-Authenticate': 'Bearer' });
export const notFound = (code: string, message: string): HttpError => new HttpError(404, code, message);
export const conflict = (code: string, message: string, extra?: Record<string, unknown>): HttpError =>
  new HttpError(409, code, message, extra);
