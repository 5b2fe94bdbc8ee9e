// Says the live capture guidance ("move closer", "hold still") as it changes, in the person's
// language, through the shell's speech queue (which drops stale lines and rate-limits repeats).
import { watch, type Ref } from 'vue';
import { useSessionStore } from '../stores/session';
import { intlTagOf } from '../i18n';
import { useSpeech } from '../speech/kioskSpeech';

export function useSpokenGuidance(text: Ref<string>): void {
  const speech = useSpeech();
  const session = useSessionStore();
  // Not immediate: the screen's own instruction is said first (the shell does it on arrival).
  watch(text, (line) => {
    if (line) speech.guidance(line, intlTagOf(session.locale));
  });
}

/** Says a verdict or status line (the review's result) after what is being said. */
export function useSpokenStatus(text: Ref<string | null>): void {
  const speech = useSpeech();
  const session = useSessionStore();
  watch(text, (line) => {
    if (line) speech.status(line, intlTagOf(session.locale));
  });
}
