// Hosted capture's IPC channels and events (spread into contract.ts). The renderer starts and
// ends a hosted capture and hears how it ended; the session id, the client session token and the
// page's URL stay in main, which shows the service's page in a view of its own.
import { z } from 'zod';

/** "kiosk": the kiosk's own screens upload through the client API; "hosted": the service's web page. */
export const CAPTURE_MODES = ['kiosk', 'hosted'] as const;
export type CaptureMode = (typeof CAPTURE_MODES)[number];

/**
 * What the kiosk can do in its own screens that the hosted page (Yoti's public integration) has
 * no way to pass on: the UI and the README say so instead of dropping it silently.
 */
export const HOSTED_LIMITATIONS = ['SCANNER_MRZ', 'CHIP', 'DEMO_CAMERA'] as const;
export type HostedLimitation = (typeof HOSTED_LIMITATIONS)[number];

/** How a hosted capture ended. ERROR carries Yoti's web error code. */
export const HOSTED_OUTCOMES = ['SUCCESS', 'ERROR', 'PAGE_FAILED', 'TIMEOUT', 'VIEW_CLOSED'] as const;
export type HostedOutcome = (typeof HOSTED_OUTCOMES)[number];

const handle = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'not a session handle');

export const hostedContract = {
  /** Which capture this kiosk runs now (settings: capture), and what hosted capture cannot do. */
  getCaptureMode: {
    request: z.object({}),
    response: z.object({ capture: z.enum(CAPTURE_MODES), limitations: z.array(z.enum(HOSTED_LIMITATIONS)) }),
  },
  /** Main creates the session and shows the service's hosted page; the answer is a handle only. */
  startHostedCapture: {
    request: z.object({ locale: z.string().max(16) }),
    response: z.object({ handle, limitations: z.array(z.enum(HOSTED_LIMITATIONS)) }),
  },
  /** The person left or cancelled: the page is closed, its storage wiped, the session discarded. */
  endHostedCapture: {
    request: z.object({ handle }),
    response: z.object({ ended: z.boolean() }),
  },
} as const;

export const hostedEvents = {
  /**
   * The hosted capture is over: SUCCESS (submitted; session:state follows it to its result), or
   * why not, in words (ERROR with Yoti's code, the page failing to load, no answer in time).
   */
  'hosted:ended': z.object({
    handle,
    outcome: z.enum(HOSTED_OUTCOMES),
    code: z.number().int().nullable(),
    message: z.string().max(300),
  }),
} as const;
