// What the staff result shows as text: the document ("Passport · France") and the fields read from
// it, nested values (e.g. the MRZ object) as one "key: value" line each, readable at a glance.
import { computed, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { StaffReport } from '../../common/ipc/contract';
import { useCountryNames } from './useCountryNames';

function fieldText(v: unknown): string {
  if (typeof v !== 'object' || v === null) return String(v);
  if (Array.isArray(v)) return v.map(fieldText).join('\n');
  return Object.entries(v)
    .map(([k, x]) => `${k}: ${typeof x === 'object' && x !== null ? JSON.stringify(x) : String(x)}`)
    .join('\n');
}

export function useReportSummary(report: Ref<StaffReport | null>) {
  const { t, te } = useI18n();
  const countries = useCountryNames();

  const fields = computed(() =>
    Object.entries(report.value?.documentFields ?? {})
      .filter(([, v]) => v !== null && v !== undefined && v !== '')
      .map(([name, v]) => ({ name, value: fieldText(v) })),
  );

  const documentLabel = computed(() => {
    const r = report.value;
    if (!r) return '';
    const type =
      r.documentType && te(`document.types.${r.documentType}`)
        ? t(`document.types.${r.documentType}`)
        : (r.documentType ?? '—');
    return r.issuingCountry ? `${type} · ${countries.name(r.issuingCountry)}` : type;
  });

  return { fields, documentLabel };
}
