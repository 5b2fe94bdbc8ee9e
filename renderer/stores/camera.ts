// Which camera the kiosk uses. Device settings, not person data: they survive a wipe. The demo
// camera exists only while main reports demo mode (appInfo.demo); it is used from the start when
// main says so (`npm start -- --demo`) or once someone picks it on the no-camera screen.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { InvokeResponse } from '../../common/ipc/contract';
import { invoke } from '../kiosk/kioskApi';
import { useSessionStore } from './session';

export type DemoPictures = InvokeResponse<'getDemoCamera'>;

export const useCameraStore = defineStore('camera', () => {
  const session = useSessionStore();
  const preferredDeviceId = ref<string | null>(null);
  const demoPicked = ref(false);
  const demoPictures = shallowRef<DemoPictures | null>(null);
  let loading: Promise<DemoPictures> | null = null;

  const demoAvailable = computed(() => session.appInfo?.demo != null);
  const useDemo = computed(
    () => demoAvailable.value && (demoPicked.value || session.appInfo?.demo?.useDemoCamera === true),
  );

  function pickDemo(): void {
    if (demoAvailable.value) demoPicked.value = true;
  }

  /** The specimen pictures, fetched once; refused (NOT_IN_DEMO_MODE) outside demo mode. */
  async function loadDemoPictures(): Promise<DemoPictures> {
    if (demoPictures.value) return demoPictures.value;
    loading ??= invoke('getDemoCamera', {}).then(
      (p) => (demoPictures.value = p),
      (err: unknown) => {
        loading = null;
        throw err;
      },
    );
    return loading;
  }

  return { preferredDeviceId, demoPicked, demoPictures, demoAvailable, useDemo, pickDemo, loadDemoPictures };
});
