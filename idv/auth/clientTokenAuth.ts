// Authenticates client API requests by their bearer client session token. The token must come in
// the Authorization header: one in a URL would end up in logs and proxies, so it is refused.
import type { IncomingHttpHeaders } from 'node:http';
import type { SessionRecord, SessionRepository } from '../store/types';
import { HttpError, badRequest, unauthorized } from '../http/httpError';

const TOKEN_QUERY_NAMES = ['token', 'sessionToken', 'session_token', 'client_session_token', 'access_token'];

/** A branch station's capture token (IBV): found by the token, with its session and expiry. */
export interface BranchTokenLookup {
  findBranchToken(token: string): { sessionId: string; stationId: string; expiresAt: number } | null;
}

export interface ClientAuthResult {
  session: SessionRecord;
  source: { type: 'END_USER' } | { type: 'IBV'; stationId: string };
}

export function authenticateClientToken(
  headers: IncomingHttpHeaders,
  query: URLSearchParams,
  sessionId: string,
  sessions: Pick<SessionRepository, 'findByClientToken' | 'isTokenExpired' | 'get'>,
  branch?: BranchTokenLookup & { now: () => number },
): ClientAuthResult {
  if (TOKEN_QUERY_NAMES.some((name) => query.has(name))) {
    throw badRequest(
      'TOKEN_IN_URL',
      'the client session token must be sent in the Authorization header, never in the URL',
    );
  }
  const header = headers.authorization;
  if (!header)
    throw unauthorized('MISSING_TOKEN', 'send the client session token as Authorization: Bearer <token>');
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]{16,512})$/i.exec(header);
  if (!match)
    throw unauthorized('MALFORMED_TOKEN', 'the Authorization header must be "Bearer <client session token>"');
  const session = sessions.findByClientToken(match[1]);
  if (!session) {
    const branchToken = branch?.findBranchToken(match[1]);
    const branchSession = branchToken ? sessions.get(branchToken.sessionId) : null;
    if (!branchToken || !branchSession || !branch)
      throw unauthorized('INVALID_TOKEN', 'the client session token is not known (wrong or deleted session)');
    if (branchSession.id !== sessionId) {
      throw new HttpError(403, 'TOKEN_SESSION_MISMATCH', 'the branch capture token belongs to a different session');
    }
    if (branch.now() >= branchToken.expiresAt || branchSession.state === 'EXPIRED') {
      throw unauthorized('TOKEN_EXPIRED', 'the branch capture token expired; open the letter again at the station');
    }
    return { session: branchSession, source: { type: 'IBV', stationId: branchToken.stationId } };
  }
  if (session.id !== sessionId) {
    throw new HttpError(
      403,
      'TOKEN_SESSION_MISMATCH',
      'the client session token belongs to a different session',
    );
  }
  if (session.state === 'EXPIRED' || sessions.isTokenExpired(session)) {
    throw unauthorized(
      'TOKEN_EXPIRED',
      `the client session token expired at ${new Date(session.clientSessionTokenExpiresAt).toISOString()}; ask the relying party for a new session`,
    );
  }
  return { session, source: { type: 'END_USER' } };
}
