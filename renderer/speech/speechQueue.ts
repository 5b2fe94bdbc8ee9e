// What the kiosk says, in order, one line at a time, so nothing talks over anything else:
// - a screen's instruction cuts off whatever was being said (the person is somewhere new);
// - live capture guidance ("move closer", "hold still") waits for the line being said, and only
//   the newest waiting guidance is kept: stale guidance is dropped, never said late;
// - the same guidance is not said again within `repeatGapMs` (the camera's guidance flickers);
// - repeat() says the screen's instruction (and the latest guidance) again, on request.
import type { SpeechPort } from './speechPort';

export type SpeechKind = 'screen' | 'guidance' | 'status';

export interface SpeechQueueOptions {
  now?: () => number;
  /** The same guidance line is not spoken again before this long (ms). */
  repeatGapMs?: number;
}

export interface SpeechQueue {
  /** Whether it speaks at all (the person's choice on the attract screen). */
  enabled: boolean;
  /** A new screen's instruction: stops what is being said and drops what waits. */
  screen(text: string, lang: string): void;
  /** Live guidance: said after the current line; replaces guidance still waiting. */
  guidance(text: string, lang: string): void;
  /** A verdict or a status change (the review's result): said after the current line, in order. */
  status(text: string, lang: string): void;
  /** Says the screen's instruction and the latest guidance again. */
  repeat(): void;
  /** Silence now (speech switched off, the visit ended). */
  stop(): void;
  /** Resolves when nothing is being said or waiting (tests). */
  idle(): Promise<void>;
}

interface Line {
  text: string;
  lang: string;
  kind: SpeechKind;
}

export const DEFAULT_REPEAT_GAP_MS = 5000;

export function createSpeechQueue(port: SpeechPort, options: SpeechQueueOptions = {}): SpeechQueue {
  const now = options.now ?? (() => Date.now());
  const repeatGapMs = options.repeatGapMs ?? DEFAULT_REPEAT_GAP_MS;
  let waiting: Line[] = [];
  let speaking: Line | null = null;
  let lastScreen: Line | null = null;
  let lastGuidance: Line | null = null;
  const lastSaid = new Map<string, number>();
  let idleWaiters: Array<() => void> = [];

  function pump(): void {
    if (speaking) return;
    const next = waiting.shift();
    if (!next) {
      idleWaiters.forEach((w) => w());
      idleWaiters = [];
      return;
    }
    speaking = next;
    if (next.kind === 'guidance') lastSaid.set(next.text, now());
    void port.speak(next.text, next.lang).then(() => {
      if (speaking === next) speaking = null;
      pump();
    });
  }

  const queue: SpeechQueue = {
    enabled: false,
    screen(text, lang) {
      lastScreen = { text, lang, kind: 'screen' };
      lastGuidance = null;
      if (!queue.enabled) return;
      waiting = [lastScreen];
      speaking = null;
      port.cancel();
      pump();
    },
    guidance(text, lang) {
      const line: Line = { text, lang, kind: 'guidance' };
      lastGuidance = line;
      if (!queue.enabled) return;
      const said = lastSaid.get(text);
      if (speaking?.text === text || (said !== undefined && now() - said < repeatGapMs)) return;
      waiting = [...waiting.filter((l) => l.kind !== 'guidance'), line];
      pump();
    },
    status(text, lang) {
      if (!queue.enabled) return;
      waiting = [...waiting.filter((l) => l.kind !== 'guidance'), { text, lang, kind: 'status' }];
      pump();
    },
    repeat() {
      if (!queue.enabled || !lastScreen) return;
      const again: Line[] = [lastScreen, ...(lastGuidance ? [lastGuidance] : [])];
      waiting = again;
      speaking = null;
      port.cancel();
      // Asked for: said even if the same guidance was said a moment ago.
      if (lastGuidance) lastSaid.delete(lastGuidance.text);
      pump();
    },
    stop() {
      waiting = [];
      speaking = null;
      port.cancel();
      pump();
    },
    idle() {
      if (!speaking && waiting.length === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
  return queue;
}
