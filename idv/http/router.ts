// A small method + path-segment router. Paths are split on "/" before decoding, and any decoded
// segment that could walk a path ("..", ".", slashes, backslashes, NUL) is refused outright, so no
// id ever reaches storage with path syntax in it.
import { HttpError, badRequest } from './httpError';

export type Params = Record<string, string>;

/** How big a body the route takes: a JSON document, an image, or nothing. */
export type BodyKind = 'none' | 'json' | 'image';

export interface Route<C> {
  method: string;
  segments: string[];
  handler: (ctx: C, params: Params) => Promise<void>;
  body: BodyKind;
}

export type RouteMatch<C> =
  | { kind: 'found'; route: Route<C>; params: Params }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' };

const ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

/** Splits a raw path (no query) into decoded segments, refusing traversal attempts. */
export function splitPath(rawPath: string): string[] {
  const parts = rawPath.split('/').filter((part, index) => !(index === 0 && part === ''));
  return parts.map((part) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(part);
    } catch {
      throw badRequest('BAD_PATH', 'the request path has a malformed percent-encoding');
    }
    if (decoded === '.' || decoded === '..' || /[/\\\0]/.test(decoded)) {
      throw badRequest('PATH_TRAVERSAL', 'the request path contains a path traversal segment');
    }
    return decoded;
  });
}

export class Router<C> {
  private readonly routes: Route<C>[] = [];

  add(method: string, pattern: string, body: BodyKind, handler: Route<C>['handler']): this {
    this.routes.push({ method, segments: pattern.split('/').filter(Boolean), handler, body });
    return this;
  }

  match(method: string, segments: string[]): RouteMatch<C> {
    const allowed: string[] = [];
    for (const route of this.routes) {
      const params = matchSegments(route.segments, segments);
      if (!params) continue;
      if (route.method === method) return { kind: 'found', route, params };
      allowed.push(route.method);
    }
    return allowed.length > 0 ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' };
  }
}

function matchSegments(pattern: string[], actual: string[]): Params | null {
  // A trailing empty segment (a path ending in "/") is tolerated.
  const path = actual.length > 0 && actual[actual.length - 1] === '' ? actual.slice(0, -1) : actual;
  if (pattern.length !== path.length) return null;
  for (let i = 0; i < pattern.length; i += 1) {
    if (!pattern[i].startsWith(':') && pattern[i] !== path[i]) return null;
  }
  const params: Params = {};
  for (let i = 0; i < pattern.length; i += 1) {
    const want = pattern[i];
    if (!want.startsWith(':')) continue;
    const got = path[i];
    if (!ID_PATTERN.test(got)) {
      throw badRequest('INVALID_ID', `${want.slice(1)} "${got.slice(0, 64)}" is not a valid identifier`);
    }
    params[want.slice(1)] = got;
  }
  return params;
}

export function methodNotAllowed(allowed: string[]): HttpError {
  return new HttpError(
    405,
    'METHOD_NOT_ALLOWED',
    `use ${allowed.join(' or ')} on this path`,
    {},
    {
      Allow: allowed.join(', '),
    },
  );
}
