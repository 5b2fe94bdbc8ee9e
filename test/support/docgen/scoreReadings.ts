// Scores MRZ readings of generated documents: exact reads (every line equal, every check digit
// valid) per strength, and the dangerous case, a wrong field whose check digit passed.
import type { MrzReading } from '../../../vision/contract';
import type { GeneratedDocument } from './generatedSet';

export interface StrengthScore {
  strength: number;
  documents: number;
  exact: number;
  exact_share: number;
  not_found: number;
  /** Read but some check digit failed (reported as invalid: safe). */
  flagged_invalid: number;
  wrong_fields_with_valid_check: number;
}

export interface SetScore {
  by_strength: StrengthScore[];
  mild_exact_share: number;
  overall_exact_share: number;
  wrong_fields_with_valid_check: number;
  failures: { file: string; strength: number; expected: string[]; got: string[] | null; invalid: string[] }[];
  /** Every field reported valid but wrong (should be none). */
  wrong_valid: {
    file: string;
    strength: number;
    field: string;
    got: string | null;
    expected: string | null;
  }[];
}

/** Fields protected by a check digit, compared whenever the reader says they are valid. */
const CHECKED_FIELDS = ['document_number', 'date_of_birth', 'expiration_date'] as const;

export function scoreReadings(
  docs: GeneratedDocument[],
  readings: (MrzReading | null)[],
  mildLevels: readonly number[],
): SetScore {
  const byStrength = new Map<number, StrengthScore>();
  const failures: SetScore['failures'] = [];
  const wrongValid: SetScore['wrong_valid'] = [];
  docs.forEach((doc, i) => {
    const r = readings[i];
    const s = byStrength.get(doc.strength) ?? {
      strength: doc.strength,
      documents: 0,
      exact: 0,
      exact_share: 0,
      not_found: 0,
      flagged_invalid: 0,
      wrong_fields_with_valid_check: 0,
    };
    byStrength.set(doc.strength, s);
    s.documents++;
    if (!r) {
      s.not_found++;
      failures.push({ file: doc.file, strength: doc.strength, expected: doc.lines, got: null, invalid: [] });
      return;
    }
    const exact =
      r.valid &&
      r.format === doc.format &&
      r.lines.length === doc.lines.length &&
      r.lines.every((l, k) => l === doc.lines[k]);
    if (exact) s.exact++;
    else {
      if (!r.valid) s.flagged_invalid++;
      failures.push({
        file: doc.file,
        strength: doc.strength,
        expected: doc.lines,
        got: r.lines,
        invalid: r.invalid_fields,
      });
    }
    const wrong = (field: string, got: string | null, expected: string | null) => {
      s.wrong_fields_with_valid_check++;
      wrongValid.push({ file: doc.file, strength: doc.strength, field, got, expected });
    };
    for (const f of CHECKED_FIELDS) {
      if (r.invalid_fields.includes(f)) continue;
      if (r.fields[f] !== doc.fields[f]) wrong(f, r.fields[f], doc.fields[f]);
    }
    // TD3's personal number has its own check digit; read as another format it is only vouched
    // for when that reading claims to be valid as a whole.
    const personalVouched = r.format === 'TD3' ? !r.invalid_fields.includes('personal_number') : r.valid;
    if (
      doc.format === 'TD3' &&
      personalVouched &&
      (r.fields.personal_number ?? null) !== doc.fields.personal_number
    ) {
      wrong('personal_number', r.fields.personal_number, doc.fields.personal_number);
    }
  });
  const list = [...byStrength.values()].sort((a, b) => a.strength - b.strength);
  for (const s of list) s.exact_share = s.documents ? Number((s.exact / s.documents).toFixed(4)) : 0;
  const mild = list.filter((s) => mildLevels.includes(s.strength));
  const sum = (xs: StrengthScore[], k: 'exact' | 'documents') => xs.reduce((a, x) => a + x[k], 0);
  return {
    by_strength: list,
    mild_exact_share: Number((sum(mild, 'exact') / Math.max(1, sum(mild, 'documents'))).toFixed(4)),
    overall_exact_share: Number((sum(list, 'exact') / Math.max(1, sum(list, 'documents'))).toFixed(4)),
    wrong_fields_with_valid_check: list.reduce((a, x) => a + x.wrong_fields_with_valid_check, 0),
    failures,
    wrong_valid: wrongValid,
  };
}
