// What the flow depends on from its surroundings: timings and the object-URL factory. It lives in
// the Pinia instance (not a module global), so each app or test gets its own; a test sets it with
// `provideFlowEnvironment` before the flow's stores are first used.
import { defineStore, type Pinia } from 'pinia';
import { shallowRef } from 'vue';
import { windowSpeechPort } from '../speech/kioskSpeech';
import type { SpeechPort } from '../speech/speechPort';

export interface FlowEnvironment {
  /** Fallback poll for the result when no session:state event arrives (ms). */
  reportPollMs: number;
  /** Unattended mode: how long the done screen shows before the flow wipes and resets (ms). */
  doneResetMs: number;
  /** How long the "document read by the scanner" notice stays on screen (ms). */
  scannerNoticeMs: number;
  createObjectUrl: (blob: Blob) => string;
  revokeObjectUrl: (url: string) => void;
  /** The text-to-speech engine for spoken guidance (speechSynthesis; tests pass the recording fake). */
  createSpeechPort: () => SpeechPort;
  /** The same spoken guidance is not said again before this long (ms). */
  speechRepeatGapMs: number;
}

export const DEFAULT_FLOW_ENVIRONMENT: FlowEnvironment = {
  reportPollMs: 4000,
  doneResetMs: 8000,
  scannerNoticeMs: 4000,
  createObjectUrl: (blob) => URL.createObjectURL(blob),
  revokeObjectUrl: (url) => URL.revokeObjectURL(url),
  createSpeechPort: windowSpeechPort,
  speechRepeatGapMs: 5000,
};

export const useFlowEnvironment = defineStore('flowEnvironment', () => {
  const env = shallowRef<FlowEnvironment>(DEFAULT_FLOW_ENVIRONMENT);
  return { env };
});

/** Overrides parts of the environment for this Pinia instance (before the flow stores are created). */
export function provideFlowEnvironment(pinia: Pinia, overrides: Partial<FlowEnvironment>): void {
  useFlowEnvironment(pinia).env = { ...DEFAULT_FLOW_ENVIRONMENT, ...overrides };
}
