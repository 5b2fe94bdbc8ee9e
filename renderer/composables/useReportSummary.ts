// What the staff result shows as text, in the station's language: the document ("Passport ·
// France"), the fields read from it with their names, where each was read and which sources
// disagree; check names, reasons, PASS/FAIL and session states in words (the service's codes stay
// under "details"); the completion time; and the capture-quality notes.
import { computed, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { FieldSource, StaffReport } from '../../common/ipc/contract';
import { formatDate, formatDateTime } from '../i18n/formatting';
import { useCountryNames } from './useCountryNames';

const DATE_FIELDS = new Set(['date_of_birth', 'expiration_date', 'date_of_issue']);

export interface FieldRow {
  name: string;
  label: string;
  value: string;
  source: FieldSource | null;
  /** Sources (or the person's choice) that read something else: shown highlighted. */
  disagreesWith: string[];
}

export function useReportLabels() {
  const { t, te, locale } = useI18n();
  const words = (section: string, code: string, fallback: string): string =>
    te(`${section}.${code}`) ? t(`${section}.${code}`) : fallback;
  return {
    checkName: (code: string): string => words('checkNames', code, `${t('checkNames.other')} (${code})`),
    /** A reason code in words; a reason the service wrote in words is shown as it said. */
    checkReason: (reason: string): string => {
      if (!/^[A-Z][A-Z0-9_]+$/.test(reason)) return t('checkReasons.asGiven', { text: reason });
      return te(`checkReasons.${reason}`) ? t(`checkReasons.${reason}`) : t('checkReasons.unknownCode');
    },
    resultLabel: (result: string): string => words('staff.results', result, t('staff.results.other', { code: result })),
    fieldName: (name: string): string => words('fieldNames', name, name),
    sessionState: (state: string): string =>
      words('staff.sessionStates', state, t('staff.sessionStates.other', { code: state })),
    sourceName: (source: string): string => words('staff.sources', source, source),
    dateTime: (iso: string): string => formatDateTime(locale.value, iso),
    locale,
  };
}

function fieldText(v: unknown): string {
  if (typeof v !== 'object' || v === null) return String(v);
  if (Array.isArray(v)) return v.map(fieldText).join('\n');
  return Object.entries(v)
    .map(([k, x]) => `${k}: ${typeof x === 'object' && x !== null ? JSON.stringify(x) : String(x)}`)
    .join('\n');
}

export function useReportSummary(report: Ref<StaffReport | null>) {
  const { t, te } = useI18n();
  const labels = useReportLabels();
  const countries = useCountryNames();

  const fields = computed<FieldRow[]>(() => {
    const r = report.value;
    const sources = new Map((r?.fieldSources ?? []).map((s) => [s.field, s]));
    return Object.entries(r?.documentFields ?? {})
      .filter(([name, v]) => name !== 'extraction_source' && v !== null && v !== undefined && v !== '')
      .map(([name, v]) => {
        const raw = fieldText(v);
        const value =
          typeof v === 'string' && DATE_FIELDS.has(name) && /^\d{4}-\d{2}-\d{2}$/.test(v)
            ? formatDate(labels.locale.value, v)
            : raw;
        const s = sources.get(name);
        return {
          name,
          label: labels.fieldName(name),
          value,
          source: s?.source ?? null,
          disagreesWith: s?.disagreesWith ?? [],
        };
      });
  });
  /** False for a report from a build or service that does not say where fields were read. */
  const hasSources = computed(() => (report.value?.fieldSources?.length ?? 0) > 0);
  const disagreements = computed(() => fields.value.filter((f) => f.disagreesWith.length > 0).length);

  const captureNotes = computed(() =>
    (report.value?.captureNotes ?? []).map((n) => {
      const side = te(`result.sides.${n.side}`) ? t(`result.sides.${n.side}`) : n.side;
      const issues = n.issues.map((i) =>
        te(`staff.review.qualityIssues.${i}`)
          ? t(`staff.review.qualityIssues.${i}`)
          : t('staff.review.qualityIssues.other', { code: i }),
      );
      return {
        side: n.side,
        acceptable: n.acceptable,
        text:
          n.acceptable && !issues.length
            ? t('staff.review.qualityGood', { side })
            : t('staff.review.qualityBad', { side, label: issues.join(', ') || labels.resultLabel('FAIL') }),
        metrics: n.metrics.map((m) => `${m.name}: ${m.value}`).join(' · '),
      };
    }),
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

  return { fields, hasSources, disagreements, captureNotes, documentLabel, labels };
}
