// Hosted capture (`capture: "hosted"`): main creates the session with the SDK as for kiosk
// capture, then shows the service's hosted web page ({service}/web/index.html, Yoti's public
// integration) in a view the host owns, launched by URL from here. The page's {eventType,
// eventCode} messages move the flow on: SUCCESS → the session is followed to its result like a
// kiosk submit; ERROR, a page that does not load, or no answer in time → the session is wiped and
// the renderer hears why, in words. After each person the view is closed and its storage cleared.
// Pure Node: the view itself is a port (electron/main/hostedCaptureView.ts, or the Chromium
// fallback's page in scripts/browserHost.ts).
import { errorFirstLine } from '../../common/errorMessage';
import type { EventPayload } from '../../common/ipc/contract';
import {
  HOSTED_LIMITATIONS,
  type CaptureMode,
  type HostedLimitation,
  type HostedOutcome,
} from '../../common/ipc/hostedChannels';
import { describeYotiCode, parseParentEvent } from '../../idv/web/src/yotiEvents';
import { silentLogger, type Logger } from '../../platform/logger';
import type { EventEmitterFn, KioskService } from './kioskService';
import { KioskServiceError } from './serviceErrors';

/** What the host gives: one view at a time, locked to `origin`, showing `url`. */
export interface HostedViewPort {
  /**
   * Shows the page. Resolves once it has loaded; rejects (with the reason in words) when it does
   * not. `onMessage` gets every message the page posts to its parent (parsed here, not there);
   * `onGone` is called when the page dies or is navigated away from after loading.
   */
  open(opts: {
    url: string;
    origin: string;
    onMessage: (data: unknown) => void;
    onGone: (why: string) => void;
  }): Promise<void>;
  /** Hides the view and clears its storage, cache and cookies (every person starts clean). */
  close(): Promise<void>;
}

export interface HostedCaptureOptions {
  /**
   * holdForReview/release keep main's idle sweep off the session while the person is on the page:
   * the kiosk sees no activity of theirs there (the hosted timeout is the backstop instead).
   */
  kiosk: Pick<KioskService, 'startHostedSession' | 'hostedSubmitted' | 'handlers' | 'holdForReview' | 'release'>;
  /** The service's RP API base (e.g. https://api.yoti.com/idverify/v1): the page is at {base}/web/index.html. */
  apiBaseUrl: string;
  /** Read on each start: switching the setting applies to the next person. */
  captureMode: () => CaptureMode;
  emit: EventEmitterFn;
  /** No SUCCESS or ERROR this long after the page loaded: the session is ended (TIMEOUT). */
  timeoutMs: number;
  logger?: Logger;
  setTimer?: (fn: () => void, ms: number) => { cancel(): void };
}

export interface HostedCapture {
  readonly handlers: {
    getCaptureMode(r: Record<string, never>): Promise<{ capture: CaptureMode; limitations: HostedLimitation[] }>;
    startHostedCapture(r: { locale: string }): Promise<{ handle: string; limitations: HostedLimitation[] }>;
    endHostedCapture(r: { handle: string }): Promise<{ ended: boolean }>;
  };
  /** Ends whoever is on the page (the renderer was reset, every session is being wiped). */
  endCurrent(why: string): Promise<void>;
  /** The host's view (attached once the host has one; absent = hosted capture is refused, in words). */
  attachView(view: HostedViewPort): () => void;
  dispose(): Promise<void>;
}

/** The hosted page's URL for a session (Yoti's URL launch method). Main only: it carries the token. */
export function hostedPageUrl(apiBaseUrl: string, launch: { sessionId: string; clientSessionToken: string }): string {
  const url = new URL(`${apiBaseUrl.replace(/\/+$/, '')}/web/index.html`);
  url.searchParams.set('sessionID', launch.sessionId);
  url.searchParams.set('sessionToken', launch.clientSessionToken);
  return url.href;
}

const realTimer = (fn: () => void, ms: number) => {
  const t = setTimeout(fn, ms);
  t.unref?.();
  return { cancel: () => clearTimeout(t) };
};

export function createHostedCapture(opts: HostedCaptureOptions): HostedCapture {
  const logger = opts.logger ?? silentLogger;
  const setTimer = opts.setTimer ?? realTimer;
  const origin = new URL(opts.apiBaseUrl).origin;
  let view: HostedViewPort | null = null;
  /** The person being captured now (one view, one person). */
  let current: { handle: string; timer: { cancel(): void } | null } | null = null;

  async function closeView(): Promise<void> {
    try {
      await view?.close();
    } catch (err) {
      logger.warn('the hosted view could not be closed cleanly', { error: errorFirstLine(err) });
    }
  }

  /** Ends the current capture once: the view closed and cleared, the session kept (SUCCESS) or wiped. */
  async function finish(handle: string, outcome: HostedOutcome, code: number | null, message: string) {
    if (current?.handle !== handle) return;
    current.timer?.cancel();
    current = null;
    await closeView();
    opts.kiosk.release(handle);
    if (outcome === 'SUCCESS') opts.kiosk.hostedSubmitted(handle);
    else await opts.kiosk.handlers.discardSession({ handle }).catch(() => undefined);
    const event: EventPayload<'hosted:ended'> = { handle, outcome, code, message };
    opts.emit('hosted:ended', event);
    logger.info('hosted capture ended', { outcome, code });
  }

  function onMessage(handle: string, data: unknown): void {
    const event = parseParentEvent(data);
    if (!event || event.eventType === 'STARTED') return;
    if (event.eventType === 'SUCCESS') void finish(handle, 'SUCCESS', null, 'The documents were sent for checking.');
    else void finish(handle, 'ERROR', event.eventCode, describeYotiCode(event.eventCode));
  }

  const handlers: HostedCapture['handlers'] = {
    async getCaptureMode() {
      return { capture: opts.captureMode(), limitations: [...HOSTED_LIMITATIONS] };
    },
    async startHostedCapture({ locale }) {
      if (opts.captureMode() !== 'hosted')
        throw new KioskServiceError('NOT_ALLOWED', 'This kiosk captures with its own screens (capture: "kiosk").');
      if (!view)
        throw new KioskServiceError('NOT_ALLOWED', 'This kiosk host cannot show the hosted page (no view for it).');
      // One person at a time: whoever was left in the view is ended first.
      if (current) await finish(current.handle, 'VIEW_CLOSED', null, 'A new person started.');
      const { handle, launch } = await opts.kiosk.startHostedSession(locale);
      current = { handle, timer: null };
      opts.kiosk.holdForReview(handle);
      try {
        await view.open({
          url: hostedPageUrl(opts.apiBaseUrl, launch),
          origin,
          onMessage: (data) => onMessage(handle, data),
          onGone: (why) => void finish(handle, 'PAGE_FAILED', null, `The verification page stopped: ${why}`),
        });
      } catch (err) {
        const why = errorFirstLine(err);
        await finish(handle, 'PAGE_FAILED', null, `The verification page did not load: ${why}`);
        throw new KioskServiceError('SERVICE_UNREACHABLE', `The verification page could not be loaded (${why}).`);
      }
      if (current?.handle === handle) {
        current.timer = setTimer(
          () => void finish(handle, 'TIMEOUT', null, 'The verification page did not finish in time.'),
          opts.timeoutMs,
        );
      }
      return { handle, limitations: [...HOSTED_LIMITATIONS] };
    },
    async endHostedCapture({ handle }) {
      if (current?.handle !== handle) {
        // Not in the view (any more): still make sure nothing of it stays.
        const { discarded } = await opts.kiosk.handlers.discardSession({ handle }).catch(() => ({ discarded: false }));
        return { ended: discarded };
      }
      await finish(handle, 'VIEW_CLOSED', null, 'The verification was cancelled.');
      return { ended: true };
    },
  };

  return {
    handlers,
    attachView(v) {
      view = v;
      return () => {
        if (view === v) view = null;
      };
    },
    async endCurrent(why) {
      if (current) await finish(current.handle, 'VIEW_CLOSED', null, why);
    },
    async dispose() {
      if (current) await finish(current.handle, 'VIEW_CLOSED', null, 'The kiosk is shutting down.');
    },
  };
}
