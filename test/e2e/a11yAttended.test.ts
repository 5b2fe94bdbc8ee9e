// axe on every customer screen of a staffed kiosk, in every language the kiosk has, with 0
// violations (any impact); Arabic and English screenshots of each (a11y-*-ar-*.png: right to left).
// The "incomplete" items (what axe cannot decide, e.g. text over live video) are written to
// test-results/a11y-axe-staff.json and judged in the README section.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildRenderer } from '../../scripts/browserHost';
import { LOCALES, walkCustomerScreens } from './support/a11yWalk';

describe('kiosk e2e: accessibility of the customer screens, attended (staff) mode', () => {
  beforeAll(async () => {
    await buildRenderer();
  });

  it('has no axe violations on any screen, in any language', async () => {
    const report = await walkCustomerScreens('staff', 'a11y-staff');
    expect(report.screens).toEqual([
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
    ]);
    expect(LOCALES.length).toBeGreaterThanOrEqual(3);
    expect(report.violations.map((v) => `${v.screen}/${v.locale}: ${v.id} ${v.targets.join(', ')}`)).toEqual(
      [],
    );
  }, 600_000);
});
