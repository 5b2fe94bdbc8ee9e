// Country names in the current language: Intl.DisplayNames for real issuers, the catalogue's own
// name for the ICAO specimen issuer (which no region list knows).
import { useI18n } from 'vue-i18n';
import { SPECIMEN_COUNTRY } from '../../common/documents';
import { regionName } from '../i18n/countryNames';

export function useCountryNames() {
  const { t, locale } = useI18n();
  const isSpecimen = (code: string): boolean => code === SPECIMEN_COUNTRY;
  const name = (code: string): string =>
    isSpecimen(code) ? t('document.specimenName') : (regionName(code, locale.value) ?? code);
  return { name, isSpecimen };
}
