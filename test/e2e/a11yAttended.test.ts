// axe on every customer screen of a staffed kiosk, in every language the kiosk has, with 0
// violations (any impact); Arabic and English screenshots of each (a11y-*-ar-*.png: right to left).
// The "incomplete" items (what axe cannot decide, e.g. text over live video) are written to
// test-results/a11y-axe-staff.json and judged in the README section.
import { beforeAll, describe, it } from 'vitest';
import { buildRenderer } from '../../scripts/browserHost';
import { expectNoViolationsOnCustomerScreens } from './support/customerScreensA11y';

describe('kiosk e2e: accessibility of the customer screens, attended (staff) mode', () => {
  beforeAll(async () => {
    await buildRenderer();
  });

  it('has no axe violations on any screen, in any language', async () => {
    await expectNoViolationsOnCustomerScreens('staff', 'a11y-staff');
  }, 600_000);
});
