// The kiosk and the person's session as main describes them: app info (kiosk-level, kept), and the
// session handle, documents offered, the person's choice and upload progress (person data, wiped).
// The session epoch lives here, in one place: every async call captures `epochGuard()` and drops
// its result when the person's session was wiped meanwhile.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { DocumentType, PageSide } from '../../common/documents';
import type { DocumentOption, EventPayload, InvokeResponse } from '../../common/ipc/contract';
import { isSupportedLocale, type SupportedLocale } from '../i18n';

export type AppInfo = InvokeResponse<'getAppInfo'>;
export type UploadProgress = { pending: number; sent: number; lastError: string | null };

const NO_UPLOADS: UploadProgress = { pending: 0, sent: 0, lastError: null };

export const useSessionStore = defineStore('session', () => {
  // Kiosk-level (not person data).
  const appInfo = shallowRef<AppInfo | null>(null);
  const appInfoError = ref<string | null>(null);
  const defaultLocale = ref<SupportedLocale>('en');

  // The person's session: wiped by wipe().
  const locale = ref<SupportedLocale>('en');
  const handle = ref<string | null>(null);
  const documents = shallowRef<DocumentOption[]>([]);
  const country = ref<string | null>(null);
  const documentType = ref<DocumentType | null>(null);
  const requiredPages = ref<PageSide[]>([]);
  const upload = ref<UploadProgress>({ ...NO_UPLOADS });
  const sessionState = ref<EventPayload<'session:state'>['state'] | null>(null);
  let epoch = 0;

  // Only a staff-mode kiosk shows the result; unknown (getAppInfo failed) counts as unattended.
  const staffMode = computed(() => appInfo.value?.mode === 'staff');
  const countries = computed(() => documents.value.map((d) => d.issuingCountry));
  const documentTypesForCountry = computed(
    () => documents.value.find((d) => d.issuingCountry === country.value)?.documentTypes ?? [],
  );
  const hasBack = computed(() => requiredPages.value.includes('back'));

  /** True until the next wipe: a call started now may still apply its result. */
  function epochGuard(): () => boolean {
    const at = epoch;
    return () => at === epoch;
  }

  function setDefaultLocale(value: string, applyNow: boolean): void {
    const short = value.slice(0, 2).toLowerCase();
    if (!isSupportedLocale(short)) return;
    defaultLocale.value = short;
    if (applyNow) locale.value = short;
  }

  function started(value: InvokeResponse<'startSession'>): void {
    handle.value = value.handle;
    documents.value = value.documents;
    // Only one country offered: chosen for the person.
    country.value = value.documents.length === 1 ? (value.documents[0]?.issuingCountry ?? null) : null;
  }

  function chooseCountry(code: string | null): void {
    country.value = code;
    documentType.value = null;
  }

  function documentChosen(type: DocumentType, pages: readonly PageSide[]): void {
    documentType.value = type;
    requiredPages.value = pages.length ? [...pages] : ['front'];
  }

  function wipe(): void {
    epoch++;
    handle.value = null;
    documents.value = [];
    country.value = null;
    documentType.value = null;
    requiredPages.value = [];
    upload.value = { ...NO_UPLOADS };
    sessionState.value = null;
    locale.value = defaultLocale.value;
  }

  return {
    appInfo,
    appInfoError,
    defaultLocale,
    locale,
    handle,
    documents,
    country,
    documentType,
    requiredPages,
    upload,
    sessionState,
    staffMode,
    countries,
    documentTypesForCountry,
    hasBack,
    epochGuard,
    setDefaultLocale,
    started,
    chooseCountry,
    documentChosen,
    wipe,
  };
});
