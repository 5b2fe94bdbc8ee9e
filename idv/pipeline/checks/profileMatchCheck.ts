// PROFILE_DOCUMENT_MATCH (IBV): the relying party's applicant profile (full name, date of birth)
// against what was read from the document. Names compare without case, accents or punctuation,
// and word for word in any order (an MRZ puts the family name first); nothing read is NOT_AVAILABLE.
import type { DocumentFieldsJson, ReportJson } from '../types';
import { recommendation, reportOf, subCheck } from '../reportJson';

function words(name: string): string[] {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^A-Z ]+/g, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 0)
    .sort();
}

function documentName(fields: DocumentFieldsJson): string | null {
  if (typeof fields.full_name === 'string' && fields.full_name.trim()) return fields.full_name;
  const parts = [fields.given_names, fields.family_name].filter((p): p is string => typeof p === 'string');
  return parts.length > 0 ? parts.join(' ') : null;
}

export function profileMatchReport(
  profile: { full_name: string; date_of_birth: string } | null,
  fields: DocumentFieldsJson | null,
): ReportJson {
  if (!profile) {
    return reportOf(recommendation('NOT_AVAILABLE', 'the session gives no applicant profile to compare with'), []);
  }
  if (!fields) {
    return reportOf(
      recommendation('NOT_AVAILABLE', 'no text data was read from the document to compare with the applicant profile'),
      [],
    );
  }
  const breakdown = [];
  const name = documentName(fields);
  const nameMatches = name === null ? null : words(name).join(' ') === words(profile.full_name).join(' ');
  if (nameMatches !== null) breakdown.push(subCheck('full_name_match', nameMatches, { on_document: 'read' }));
  const dob = typeof fields.date_of_birth === 'string' ? fields.date_of_birth : null;
  const dobMatches = dob === null ? null : dob === profile.date_of_birth;
  if (dobMatches !== null) breakdown.push(subCheck('date_of_birth_match', dobMatches, {}));
  if (nameMatches === false || dobMatches === false) {
    return reportOf(
      recommendation(
        'REJECT',
        nameMatches === false ? 'NAME_MISMATCH' : 'DATE_OF_BIRTH_MISMATCH',
        'the applicant profile and the document disagree',
      ),
      breakdown,
    );
  }
  if (nameMatches === null || dobMatches === null) {
    return reportOf(
      recommendation('NOT_AVAILABLE', `the document's ${nameMatches === null ? 'name' : 'date of birth'} could not be read`),
      breakdown,
    );
  }
  return reportOf(recommendation('APPROVE'), breakdown);
}
