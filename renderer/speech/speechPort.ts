// The speech port: what the kiosk needs from a text-to-speech engine, and nothing more. The kiosk
// is "closed functionality" (the person cannot bring their own screen reader), so it speaks its
// instructions itself, offline, through the OS voices Chromium's speechSynthesis reaches (SAPI on
// Windows, speech-dispatcher/espeak-ng on Linux). Tests use the recording fake below to check what
// is said, in which language, and when.

export interface SpeechPort {
  /** Speaks `text` in `lang` (BCP 47); resolves when it has been said or was cancelled. */
  speak(text: string, lang: string): Promise<void>;
  /** Stops what is being said and anything the engine still has queued. */
  cancel(): void;
}

/** A voice as the Web Speech API describes it (the fields the choice uses). */
export interface VoiceLike {
  lang: string;
  name: string;
  localService: boolean;
}
/** An utterance as the Web Speech API has it (the fields the adapter sets). */
export interface UtteranceLike<V extends VoiceLike = VoiceLike> {
  lang: string;
  voice: V | null;
  onend: (() => void) | null;
  onerror: (() => void) | null;
}
/** The parts of the Web Speech API the adapter uses (window.speechSynthesis and its utterance). */
export interface SynthesisLike<
  V extends VoiceLike = VoiceLike,
  U extends UtteranceLike<V> = UtteranceLike<V>,
> {
  speak(utterance: U): void;
  cancel(): void;
  getVoices(): V[];
}
export type UtteranceFactory<U> = (text: string) => U;

/**
 * The voice for `lang`: an exact match ("pt-BR"), else one of the same language ("pt"), preferring
 * local (offline) voices; null when the OS has none (the engine then picks by `utterance.lang`).
 */
export function voiceFor<V extends VoiceLike>(voices: readonly V[], lang: string): V | null {
  const want = lang.toLowerCase();
  const base = want.split('-')[0];
  const score = (v: V): number => {
    const have = v.lang.toLowerCase().replace('_', '-');
    const match = have === want ? 2 : have.split('-')[0] === base ? 1 : 0;
    return match === 0 ? 0 : match * 2 + (v.localService ? 1 : 0);
  };
  let best: V | null = null;
  for (const v of voices) if (score(v) > 0 && (!best || score(v) > score(best))) best = v;
  return best;
}

/** The adapter for Electron/Chromium's speechSynthesis. */
export function createSpeechSynthesisPort<V extends VoiceLike, U extends UtteranceLike<V>>(
  synth: SynthesisLike<V, U>,
  makeUtterance: UtteranceFactory<U>,
): SpeechPort {
  return {
    speak(text, lang) {
      return new Promise<void>((resolve) => {
        const u = makeUtterance(text);
        u.lang = lang;
        const voice = voiceFor(synth.getVoices(), lang);
        if (voice) u.voice = voice;
        u.onend = () => resolve();
        // "interrupted"/"canceled" come when the queue cancels it; either way it is over.
        u.onerror = () => resolve();
        synth.speak(u);
      });
    },
    cancel() {
      synth.cancel();
    },
  };
}

/** A port that says nothing (no speechSynthesis in this window). */
export const silentSpeechPort: SpeechPort = {
  speak: () => Promise.resolve(),
  cancel: () => undefined,
};

export interface SpokenLine {
  text: string;
  lang: string;
  /** The fake clock's time when it was started. */
  at: number;
  /** Cut short by cancel(). */
  cancelled: boolean;
}

export interface RecordingSpeechPort extends SpeechPort {
  /** Everything started, in order. */
  readonly lines: SpokenLine[];
  /** What is being said now (null: silent). */
  readonly current: SpokenLine | null;
  /** Ends the line being said, as the engine does when it has finished speaking. */
  finish(): void;
}

/**
 * The test fake, an engine like the real one: it records each line with the time it started; a line
 * lasts until finish() or cancel(), and a line asked for while another is being said waits behind
 * it (so a caller that forgets to cancel is seen talking late, as it would be).
 */
export function createRecordingSpeechPort(now: () => number = () => Date.now()): RecordingSpeechPort {
  const lines: SpokenLine[] = [];
  let current: { line: SpokenLine; done: () => void } | null = null;
  let queued: Array<{ text: string; lang: string; done: () => void }> = [];
  const start = (next: { text: string; lang: string; done: () => void }): void => {
    const line: SpokenLine = { text: next.text, lang: next.lang, at: now(), cancelled: false };
    lines.push(line);
    current = { line, done: next.done };
  };
  const end = (cancelled: boolean): void => {
    const c = current;
    if (!c) return;
    current = null;
    c.line.cancelled = cancelled;
    c.done();
    const next = queued.shift();
    if (next) start(next);
  };
  return {
    lines,
    get current() {
      return current?.line ?? null;
    },
    speak(text, lang) {
      return new Promise<void>((resolve) => {
        const entry = { text, lang, done: resolve };
        if (current) queued.push(entry);
        else start(entry);
      });
    },
    cancel() {
      const dropped = queued;
      queued = [];
      dropped.forEach((q) => q.done());
      end(true);
    },
    finish() {
      end(false);
    },
  };
}
