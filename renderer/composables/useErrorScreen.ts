// What the error screen offers for the problem on screen: try again (when something can be
// retried), take the photo again (after a failed upload), the demo camera (no camera, demo mode).
// Camera screens also resume by themselves when a camera comes back.
import { computed } from 'vue';
import { isCameraError } from '../flow/flowMachine';
import { useFlowStore } from '../stores/flow';
import { useCameraStore } from '../stores/camera';
import { useCameraPresence } from './useCameraPresence';

export function useErrorScreen() {
  const flow = useFlowStore();
  const cameras = useCameraStore();
  const failure = computed(() => (flow.state.name === 'error' ? flow.state : null));
  const kind = computed(() => failure.value?.error.kind ?? 'unexpected');
  const isCamera = computed(() => isCameraError(kind.value));
  const resumeTo = computed(() => failure.value?.resume.to ?? 'restart');
  // A lost camera resumes by itself when it is back: no button for it.
  const canRetry = computed(() => resumeTo.value !== 'restart' && kind.value !== 'cameraLost');
  const canRetake = computed(() => resumeTo.value === 'page' || resumeTo.value === 'face');
  const demoOffer = computed(() => kind.value === 'noCamera' && cameras.demoAvailable && !cameras.useDemo);

  useCameraPresence(() => {
    if (isCamera.value) flow.cameraRestored();
  });

  return { kind, isCamera, canRetry, canRetake, demoOffer };
}
