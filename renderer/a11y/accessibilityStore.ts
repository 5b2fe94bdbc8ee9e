// The person's accessibility choices from the attract screen: spoken guidance, large text, high
// contrast. Kept for the whole visit and reset when it ends (the next person starts plain), like
// the language. Not person data, but a choice the next person did not make.
import { defineStore } from 'pinia';
import { ref } from 'vue';

export const useAccessibilityStore = defineStore('accessibility', () => {
  const speech = ref(false);
  const largeText = ref(false);
  const highContrast = ref(false);

  function reset(): void {
    speech.value = false;
    largeText.value = false;
    highContrast.value = false;
  }

  return {
    speech,
    largeText,
    highContrast,
    toggleSpeech: () => void (speech.value = !speech.value),
    toggleLargeText: () => void (largeText.value = !largeText.value),
    toggleHighContrast: () => void (highContrast.value = !highContrast.value),
    reset,
  };
});
