// What the staff-side walks share: the first admin created on the PIN screen, the hidden corner
// entry, and axe's serious findings on a staff screen.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

export interface StaffMember {
  name: string;
  displayName: string;
  pin: string;
}

/** On the PIN screen of a fresh kiosk: the first admin's name, display name and PIN (twice), then sign in. */
export async function createFirstAdmin(page: Page, admin: StaffMember): Promise<void> {
  await page.getByTestId('staff-name').fill(admin.name);
  await page.getByTestId('staff-display-name').fill(admin.displayName);
  await page.getByTestId('staff-pin').fill(admin.pin);
  await page.getByTestId('staff-pin-again').fill(admin.pin);
  await page.getByTestId('staff-sign-in').click();
}

/** The hidden staff entry: five taps on the corner of the attract screen. */
export async function tapStaffCorner(page: Page): Promise<void> {
  const corner = page.getByTestId('staff-corner');
  for (let i = 0; i < 5; i++) await corner.click({ force: true });
}

/** axe's serious and critical findings on the page, one line each. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}
