// One signed-in member of staff: the opaque token main keeps, who it is, and the idle timer.
// Activity (touch) only moves `lastActivityAt`; the single pending timer re-reads it when it fires,
// so frequent touches cost nothing. The warning fires `warningMs` before the sign-out, once per
// idle stretch; activity after a warning clears it.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { StaffRole } from './staffSchemas';
import type { StaffClock } from './staffSessionClock';

export type SignOutReason = 'signed-out' | 'idle' | 'replaced' | 'account-changed' | 'closed';

export interface IdleCallbacks {
  warn(secondsLeft: number): void;
  cleared(): void;
  expire(): void;
}

export interface SessionIdentity {
  accountId: string;
  displayName: string;
  role: StaffRole;
}

export class IdleSession {
  readonly token = randomBytes(32).toString('base64url');
  private lastActivityAt: number;
  private warned = false;
  private cancel: (() => void) | null = null;
  private ended = false;

  constructor(
    public identity: SessionIdentity,
    readonly idleMs: number,
    readonly warningMs: number,
    private readonly clock: StaffClock,
    private readonly callbacks: IdleCallbacks,
  ) {
    this.lastActivityAt = clock.now();
    this.schedule();
  }

  /** Constant-time: a token is a bearer secret. */
  holds(token: string): boolean {
    const a = Buffer.from(token);
    const b = Buffer.from(this.token);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  touch(): void {
    if (this.ended) return;
    this.lastActivityAt = this.clock.now();
    if (this.warned) {
      this.warned = false;
      this.schedule();
      this.callbacks.cleared();
    }
  }

  end(): void {
    this.ended = true;
    this.cancel?.();
    this.cancel = null;
  }

  private schedule(): void {
    this.cancel?.();
    this.cancel = null;
    if (this.ended) return;
    const now = this.clock.now();
    const signOutAt = this.lastActivityAt + this.idleMs;
    const warnAt = signOutAt - this.warningMs;
    if (now >= signOutAt) {
      this.end();
      this.callbacks.expire();
      return;
    }
    if (!this.warned && now >= warnAt) {
      this.warned = true;
      this.callbacks.warn(Math.ceil((signOutAt - now) / 1000));
    }
    const next = this.warned ? signOutAt : warnAt;
    this.cancel = this.clock.setTimer(() => this.schedule(), next - now);
  }
}
