// Every customer screen in English and Arabic (right to left) in portrait 1080×1920, at 1024×768
// and at 200 % zoom: nothing overflows sideways, and a screenshot of each
// (test-results/screens/layout-<screen>-<en|ar>-<size>.png).
import { beforeAll, describe, expect, it } from 'vitest';
import { buildRenderer } from '../../scripts/browserHost';
import { walkCustomerScreens } from './support/a11yWalk';

describe('kiosk e2e: layouts hold in portrait, at 1024×768 and at 200 % zoom, left to right and right to left', () => {
  beforeAll(async () => {
    await buildRenderer();
  });

  it('shows every screen without sideways overflow', async () => {
    const report = await walkCustomerScreens('staff', null, 'layouts');
    expect(report.screens).toHaveLength(11);
    expect(report.layout).toEqual([]);
  }, 600_000);
});
