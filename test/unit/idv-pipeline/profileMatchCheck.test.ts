// PROFILE_DOCUMENT_MATCH's comparison: names without case, accents, punctuation or word order;
// the date of birth exactly; what was not read is NOT_AVAILABLE and says which.
import { describe, expect, it } from 'vitest';
import { profileMatchReport } from '../../../idv/pipeline/checks/profileMatchCheck';

const profile = { full_name: 'Zoë-Anne  Müller', date_of_birth: '1980-02-29' };

describe('profileMatchReport', () => {
  it('approves the same person read in MRZ order and capitals', () => {
    const report = profileMatchReport(profile, { full_name: 'MULLER ZOE ANNE', date_of_birth: '1980-02-29' });
    expect(report.recommendation).toEqual({ value: 'APPROVE' });
    expect(report.breakdown.map((b) => [b.sub_check, b.result])).toEqual([
      ['full_name_match', 'PASS'],
      ['date_of_birth_match', 'PASS'],
    ]);
  });

  it('rejects another name or another date of birth, saying which', () => {
    expect(profileMatchReport(profile, { full_name: 'ZOE MULLER', date_of_birth: '1980-02-29' }).recommendation).toEqual({
      value: 'REJECT',
      reason: 'NAME_MISMATCH',
      recovery_suggestion: 'the applicant profile and the document disagree',
    });
    expect(
      profileMatchReport(profile, { given_names: 'ZOE ANNE', family_name: 'MULLER', date_of_birth: '1980-03-01' })
        .recommendation.reason,
    ).toBe('DATE_OF_BIRTH_MISMATCH');
  });

  it('is NOT_AVAILABLE when nothing, or not everything, was read', () => {
    expect(profileMatchReport(profile, null).recommendation).toEqual({
      value: 'NOT_AVAILABLE',
      reason: 'no text data was read from the document to compare with the applicant profile',
    });
    expect(profileMatchReport(profile, { full_name: 'MULLER ZOE ANNE' }).recommendation).toEqual({
      value: 'NOT_AVAILABLE',
      reason: "the document's date of birth could not be read",
    });
    expect(profileMatchReport(null, { full_name: 'X' }).recommendation.value).toBe('NOT_AVAILABLE');
  });
});
