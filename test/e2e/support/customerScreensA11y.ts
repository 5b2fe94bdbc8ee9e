// The axe walk over every customer screen in every language, as the attended and the unattended
// kiosk are both held to it: the screens visited in order, at least three languages, no violation.
import { expect } from 'vitest';
import { LOCALES, walkCustomerScreens } from './a11yWalk';

const CUSTOMER_SCREENS = [
  'attract',
  'attract-large-contrast',
  'consent',
  'country',
  'document-type',
  'capture',
  'error-camera-lost',
  'review',
  'face',
  'uploading',
  'done',
];

export async function expectNoViolationsOnCustomerScreens(
  mode: 'staff' | 'unattended',
  shots: string | null,
): Promise<void> {
  const report = await walkCustomerScreens(mode, shots);
  expect(report.screens).toEqual(CUSTOMER_SCREENS);
  expect(LOCALES.length).toBeGreaterThanOrEqual(3);
  expect(report.violations.map((v) => `${v.screen}/${v.locale}: ${v.id} ${v.targets.join(', ')}`)).toEqual([]);
}
