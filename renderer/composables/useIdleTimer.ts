// Idle timeout with an "are you still there?" countdown. Any touch, click or key press counts as
// activity, and so does `activity` changing (e.g. upload progress while the person waits).
import { onBeforeUnmount, onMounted, ref, watch, type WatchSource } from 'vue';

export interface IdleTimerOptions {
  timeoutMs: () => number;
  enabled: () => boolean;
  activity: WatchSource<unknown>;
  onTimeout: () => void;
  /** Length of the countdown shown before the timeout (default: min(15 s, a third of the timeout)). */
  warnMs?: (timeoutMs: number) => number;
  tickMs?: number;
}

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'touchstart', 'wheel'] as const;

export function useIdleTimer(options: IdleTimerOptions) {
  const warning = ref(false);
  const secondsLeft = ref(0);
  let lastActive = Date.now();
  let timer: ReturnType<typeof setInterval> | null = null;

  function poke(): void {
    lastActive = Date.now();
    warning.value = false;
  }

  function tick(): void {
    if (!options.enabled()) {
      warning.value = false;
      return;
    }
    const timeout = options.timeoutMs();
    const warnMs = options.warnMs ? options.warnMs(timeout) : Math.min(15_000, timeout / 3);
    const left = timeout - (Date.now() - lastActive);
    if (left <= 0) {
      warning.value = false;
      lastActive = Date.now();
      options.onTimeout();
    } else if (left <= warnMs) {
      warning.value = true;
      secondsLeft.value = Math.ceil(left / 1000);
    } else warning.value = false;
  }

  watch(options.activity, poke);
  watch(options.enabled, poke);

  onMounted(() => {
    for (const e of ACTIVITY_EVENTS) window.addEventListener(e, poke, { capture: true, passive: true });
    timer = setInterval(tick, options.tickMs ?? 250);
  });
  onBeforeUnmount(() => {
    for (const e of ACTIVITY_EVENTS) window.removeEventListener(e, poke, { capture: true });
    if (timer) clearInterval(timer);
  });

  return { warning, secondsLeft, poke };
}
