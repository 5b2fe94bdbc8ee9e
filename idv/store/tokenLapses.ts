// Which sessions' client session tokens have lapsed while the session was still ONGOING: the next
// sweep marks them EXPIRED. The server asks just before sweeping, to tell each relying party
// (CLIENT_SESSION_TOKEN_DELETED) that the capture client can no longer use its token.
import { text } from './rowFields';
import type { StoreContext } from './storeContext';

export function lapsedTokenSessions(ctx: StoreContext): string[] {
  return ctx.sql
    .all("SELECT id FROM sessions WHERE state = 'ONGOING' AND token_expires_at <= ?", [ctx.now()])
    .map((row) => text(row, 'id'));
}
