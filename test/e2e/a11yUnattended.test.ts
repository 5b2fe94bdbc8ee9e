// axe on every customer screen of an unattended kiosk, in every language the kiosk has, with 0
// violations (any impact).
// The "incomplete" items (what axe cannot decide, e.g. text over live video) are written to
// test-results/a11y-axe-unattended.json and judged in the README section.
import { beforeAll, describe, it } from 'vitest';
import { buildRenderer } from '../../scripts/browserHost';
import { expectNoViolationsOnCustomerScreens } from './support/customerScreensA11y';

describe('kiosk e2e: accessibility of the customer screens, unattended mode', () => {
  beforeAll(async () => {
    await buildRenderer();
  });

  it('has no axe violations on any screen, in any language', async () => {
    await expectNoViolationsOnCustomerScreens('unattended', null);
  }, 600_000);
});
