// The app's one speech queue, shared by the shell (screen instructions, repeat) and the capture
// screens (live guidance) through provide/inject. The shell makes it with the port the window
// offers; tests provide one over the recording fake.
import { inject, provide, type InjectionKey } from 'vue';
import { createSpeechQueue, type SpeechQueue, type SpeechQueueOptions } from './speechQueue';
import {
  createSpeechSynthesisPort,
  silentSpeechPort,
  type SpeechPort,
  type SynthesisLike,
  type UtteranceLike,
} from './speechPort';

const KEY: InjectionKey<SpeechQueue> = Symbol('kioskSpeech');

/** speechSynthesis when this window has it (Electron/Chromium), else a port that says nothing. */
export function windowSpeechPort(): SpeechPort {
  // Through globalThis: this module is also type-checked without the DOM library (Node tests).
  const web = globalThis as {
    speechSynthesis?: SynthesisLike;
    SpeechSynthesisUtterance?: new (text: string) => UtteranceLike;
  };
  const synth = web.speechSynthesis;
  const Utterance = web.SpeechSynthesisUtterance;
  return synth && Utterance
    ? createSpeechSynthesisPort(synth, (text) => new Utterance(text))
    : silentSpeechPort;
}

export function provideSpeech(queue: SpeechQueue): void {
  provide(KEY, queue);
}

/** The queue the shell provided, or one that says nothing (a view mounted on its own in a test). */
export function useSpeech(): SpeechQueue {
  return inject(KEY, null) ?? createSpeechQueue(silentSpeechPort);
}

export type { SpeechQueue, SpeechQueueOptions };
