// The admin screens end to end (Chromium, the real kiosk runtime with a real settings.json through
// conf, as the Chromium host keeps it): the customer reaches none of them and main refuses their
// channels; the first admin from the hidden corner; the settings round trip (a bad value refused
// in words with nothing saved, then saved, on disk, applied live where it can be, and shown again);
// device diagnostics (a live camera with its resolution, the service's health, a test print);
// staff accounts (create, disable); a staff member gets no admin menu and main refuses them.
// Every screen is screenshotted (names with `staff`) and checked with axe.
import AxeBuilder from '@axe-core/playwright';
import Conf from 'conf';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openKioskSettings,
  type SettingsBackingStore,
  type SettingsStoreFactory,
} from '../../electron/host/kioskSettings';
import { buildRenderer } from '../../scripts/browserHost';
import { cameraFiles } from './support/cameraFiles';
import { screenshot, startKiosk, waitForScreen, type KioskUnderTest } from './support/kioskHarness';

const ADMIN = { name: 'ada', displayName: 'Ada Lovelace', pin: '246813' };
const STAFF = { name: 'sam', displayName: 'Sam Staff', pin: '135790' };

const confStore: SettingsStoreFactory = ({ name, cwd, configFileMode }) =>
  new Conf({ configName: name, cwd, configFileMode, projectName: 'doc-scan-kiosk', clearInvalidConfig: false }) as unknown as SettingsBackingStore;

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

async function staffScreen(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expect(await seriousViolations(page), name).toEqual([]);
}

/** A channel called from the page itself, as a customer at the kiosk could try. */
function fromPage(page: Page, channel: string): Promise<unknown> {
  return page.evaluate(
    (c) =>
      (globalThis as unknown as { kiosk: Record<string, (r: unknown) => Promise<unknown>> }).kiosk[c]!({}),
    channel,
  );
}

async function openCorner(page: Page): Promise<void> {
  await waitForScreen(page, 'attract');
  const corner = page.getByTestId('staff-corner');
  for (let i = 0; i < 5; i++) await corner.click({ force: true });
  await waitForScreen(page, 'staffPin');
}

describe('kiosk e2e: the admin screens (Chromium, real kiosk runtime, settings.json)', () => {
  let kiosk: KioskUnderTest;
  let settingsDir: string;
  const settingsFile = () => JSON.parse(readFileSync(path.join(settingsDir, 'settings.json'), 'utf8')) as Record<string, unknown>;

  beforeAll(async () => {
    await buildRenderer();
    settingsDir = mkdtempSync(path.join(os.tmpdir(), 'kiosk-e2e-settings-'));
    // What IT writes; the kiosk keeps its own id and keys in its state file, not here.
    writeFileSync(path.join(settingsDir, 'settings.json'), '{}\n');
    const opened = openKioskSettings(settingsDir, confStore);
    kiosk = await startKiosk({
      camera: cameraFiles().sharp,
      runtime: { settings: opened, locale: opened.settings.language },
    });
  }, 120_000);
  afterAll(async () => {
    await kiosk?.close();
    rmSync(settingsDir, { recursive: true, force: true });
  });

  it('the customer reaches no admin screen, and main refuses every admin channel without a sign-in', async () => {
    const { page, host } = kiosk;
    for (const trick of ['#/admin', '#adminSettings', '?screen=adminSettings', '?step=staffHome#admin']) {
      await page.goto(`${host.url}${trick}`);
      await waitForScreen(page, 'attract');
      for (const s of ['staffHome', 'adminSettings', 'adminDevices', 'adminAccounts'])
        expect(await page.locator(`[data-screen="${s}"]`).count(), trick).toBe(0);
    }
    for (const c of ['adminGetSettings', 'adminListAccounts', 'adminDiagnostics'])
      expect(await fromPage(page, c), c).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN' } });
  }, 60_000);

  it('first admin, then the settings round trip: refused in words with nothing saved, then saved, on disk, live, shown again', async () => {
    const { page, runtime } = kiosk;
    await openCorner(page);
    await page.getByTestId('staff-name').fill(ADMIN.name);
    await page.getByTestId('staff-display-name').fill(ADMIN.displayName);
    await page.getByTestId('staff-pin').fill(ADMIN.pin);
    await page.getByTestId('staff-pin-again').fill(ADMIN.pin);
    await page.getByTestId('staff-sign-in').click();
    await waitForScreen(page, 'staffHome');
    await page.getByTestId('admin-menu').waitFor();
    await staffScreen(page, 'staff-30-admin-home');

    await page.getByTestId('admin-open-settings').click();
    await waitForScreen(page, 'adminSettings');
    await page.getByTestId('admin-setting-language').waitFor();
    expect(await page.getByTestId('admin-setting-language').inputValue()).toBe('en');
    await page.setViewportSize({ width: 1280, height: 2200 });
    await staffScreen(page, 'staff-31-admin-settings');
    const before = readFileSync(path.join(settingsDir, 'settings.json'), 'utf8');

    // A good value beside a bad one: nothing is saved, the bad one says why.
    await page.getByTestId('admin-setting-language').selectOption('fr');
    await page.getByTestId('admin-setting-staffIdleTimeoutSec').fill('10');
    await page.getByTestId('admin-setting-retentionDays').fill('0');
    await page.getByTestId('admin-save').click();
    await expect
      .poll(() => page.getByTestId('admin-save-result').textContent())
      .toBe('Nothing was saved: correct the settings marked below.');
    expect(await page.getByTestId('admin-error-staffIdleTimeoutSec').textContent()).toBe(
      'staffIdleTimeoutSec must be at least 30',
    );
    expect(await page.getByTestId('admin-error-audit').textContent()).toBe(
      'audit retention must be at least 1 day (at retentionDays)',
    );
    expect(readFileSync(path.join(settingsDir, 'settings.json'), 'utf8')).toBe(before);
    // The form keeps what was typed, so the admin corrects it rather than typing it all again.
    expect(await page.getByTestId('admin-setting-language').inputValue()).toBe('fr');
    expect(await page.getByTestId('admin-setting-staffIdleTimeoutSec').inputValue()).toBe('10');
    await staffScreen(page, 'staff-32-admin-settings-refused');

    // Corrected: saved; the language applies at once, the staff idle time after a restart.
    await page.getByTestId('admin-setting-staffIdleTimeoutSec').fill('120');
    await page.getByTestId('admin-setting-retentionDays').fill('90');
    await page.getByTestId('admin-save').click();
    await expect
      .poll(() => page.getByTestId('admin-save-result').textContent())
      .toBe(
        'Saved. In use now: Default language, Audit log. Saved. Restart the kiosk to use: Staff idle time (seconds).',
      );
    expect(settingsFile()).toMatchObject({ language: 'fr', staffIdleTimeoutSec: 120, audit: { retentionDays: 90 } });
    const info = await runtime.dispatch('getAppInfo', {});
    expect(info).toMatchObject({ ok: true, value: { locale: 'fr' } });
    expect(await page.getByTestId('admin-pending-restart').textContent()).toContain('Staff idle time (seconds)');

    // Back and in again: what was saved is what the screen shows.
    await page.getByTestId('admin-back').click();
    await page.getByTestId('admin-open-settings').click();
    await page.getByTestId('admin-setting-language').waitFor();
    await expect.poll(() => page.getByTestId('admin-setting-language').inputValue()).toBe('fr');
    expect(await page.getByTestId('admin-setting-staffIdleTimeoutSec').inputValue()).toBe('120');
    expect(await page.getByTestId('admin-setting-retentionDays').inputValue()).toBe('90');

    // Capture: switched without a restart (main asks for it for each person)...
    expect(await page.getByTestId('admin-setting-capture').inputValue()).toBe('service');
    expect(await runtime.dispatch('getCaptureMode', {})).toMatchObject({ ok: true, value: { capture: 'kiosk' } });
    await page.getByTestId('admin-setting-capture').selectOption('hosted');
    await page.getByTestId('admin-save').click();
    await expect.poll(() => settingsFile().capture).toBe('hosted');
    expect(await runtime.dispatch('getCaptureMode', {})).toMatchObject({ ok: true, value: { capture: 'hosted' } });
    // ...and kiosk capture with Yoti's cloud refused beside the field, in words, nothing saved.
    await page.getByTestId('admin-setting-serviceUrl').fill('https://api.yoti.com/idverify/v1');
    await page.getByTestId('admin-setting-capture').selectOption('kiosk');
    await page.getByTestId('admin-save').click();
    await expect
      .poll(() => page.getByTestId('admin-error-capture').textContent())
      .toBe(
        "capture \"kiosk\" cannot work with Yoti's cloud: its public API has no client API for the kiosk's own screens to upload through; use \"hosted\" (Yoti's web page) or leave capture unset",
      );
    expect(settingsFile()).toMatchObject({ capture: 'hosted' });
    expect(settingsFile().serviceUrl ?? null).toBeNull();
    // Back to "by the service" for what follows.
    await page.getByTestId('admin-setting-serviceUrl').fill('');
    await page.getByTestId('admin-setting-capture').selectOption('service');
    await page.getByTestId('admin-save').click();
    await expect.poll(async () => runtime.dispatch('getCaptureMode', {})).toMatchObject({ ok: true, value: { capture: 'kiosk' } });
    expect(settingsFile().capture ?? null).toBeNull();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByTestId('admin-back').click();
  }, 180_000);

  it('settings.json made read-only by IT: shown read-only with the reason, no save, and a save refused by main with SETTINGS_READ_ONLY', async () => {
    const { page } = kiosk;
    const file = path.join(settingsDir, 'settings.json');
    chmodSync(file, 0o444);
    const before = readFileSync(file, 'utf8');
    const mtime = statSync(file).mtimeMs;
    const info = statSync(file);
    const why = `${file} is not writable by this user (uid ${process.getuid?.()}): owner uid ${info.uid}, group ${info.gid}, mode 0444`;
    try {
      await page.getByTestId('admin-open-settings').click();
      await waitForScreen(page, 'adminSettings');
      await page.getByTestId('admin-settings-read-only').waitFor();
      expect(await page.getByTestId('admin-read-only-body').textContent()).toBe(
        `These settings are managed by the operator in ${file}; edit that file as root and restart the kiosk.`,
      );
      expect(await page.getByTestId('admin-read-only-why').textContent()).toBe(`The kiosk cannot write it: ${why}`);
      // Shown, not editable, and nothing to press.
      expect(await page.getByTestId('admin-setting-language').inputValue()).toBe('fr');
      expect(await page.getByTestId('admin-setting-language').isDisabled()).toBe(true);
      expect(await page.getByTestId('admin-setting-serviceUrl').isEditable()).toBe(false);
      expect(await page.getByTestId('admin-save').count()).toBe(0);
      await page.setViewportSize({ width: 1280, height: 2200 });
      await staffScreen(page, 'staff-36-admin-settings-read-only');
      await page.setViewportSize({ width: 1280, height: 800 });
      // A save sent anyway (from the page itself): main refuses it, in words, with its code.
      const refused = await page.evaluate(
        () =>
          (globalThis as unknown as { kiosk: Record<string, (r: unknown) => Promise<unknown>> }).kiosk.adminSaveSettings!({
            changes: { language: 'de' },
          }),
      );
      expect(refused).toEqual({
        ok: false,
        error: {
          code: 'SETTINGS_READ_ONLY',
          message: `These settings are managed by the operator in ${file}; edit that file as root and restart the kiosk. Nothing was changed (${why}).`,
        },
      });
      expect(readFileSync(file, 'utf8')).toBe(before);
      expect(statSync(file).mtimeMs).toBe(mtime);
    } finally {
      chmodSync(file, 0o600);
    }
    await page.getByTestId('admin-back').click();
  }, 60_000);

  it('device diagnostics: a live camera with its resolution, the service healthy with its latency, a test print', async () => {
    const { page } = kiosk;
    await page.getByTestId('admin-open-devices').click();
    await waitForScreen(page, 'adminDevices');
    await expect
      .poll(() => page.getByTestId('admin-service-health').textContent(), { timeout: 15_000 })
      .toMatch(/^Local IDV service — not a Yoti verification: Reachable, \d+ ms \(answered HTTP 200\)$/);
    await page.getByTestId('admin-camera').first().waitFor();
    await expect
      .poll(() => page.getByTestId('admin-camera-resolution').first().textContent(), { timeout: 15_000 })
      .toMatch(/^Resolution: \d+ × \d+$/);
    expect(await page.getByTestId('admin-no-scanners').textContent()).toBe('No document scanner is connected.');
    // This runtime has no printing: main says so, in words.
    await page.getByTestId('admin-test-print-receipt').click();
    await expect
      .poll(() => page.getByTestId('admin-test-print-receipt-result').textContent())
      .toBe('Test print failed: Printing is not set up on this kiosk.');
    await page.setViewportSize({ width: 1280, height: 1500 });
    await page.getByTestId('staff-bar').scrollIntoViewIfNeeded();
    await staffScreen(page, 'staff-33-admin-devices');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByTestId('admin-back').click();
  }, 60_000);

  it('staff accounts: create and disable; a staff member gets no admin menu and main refuses them', async () => {
    const { page } = kiosk;
    await page.getByTestId('admin-open-accounts').click();
    await waitForScreen(page, 'adminAccounts');
    await page.getByTestId('admin-new-name').fill(STAFF.name);
    await page.getByTestId('admin-new-display').fill(STAFF.displayName);
    await page.getByTestId('admin-new-account-pin').fill('12');
    await page.getByTestId('admin-create').click();
    await expect
      .poll(() => page.getByTestId('admin-account-message').textContent())
      .toBe('pin: A PIN has at least 6 digits.');
    await page.getByTestId('admin-new-account-pin').fill(STAFF.pin);
    await page.getByTestId('admin-create').click();
    await expect.poll(() => page.getByTestId('admin-account-message').textContent()).toBe('Account created.');
    const row = page.locator('[data-testid="admin-account"][data-account="sam"]');
    expect(await row.locator('td').nth(2).textContent()).toBe('Staff');
    expect(await row.locator('td').nth(3).textContent()).toBe('Active');
    await row.getByTestId('admin-account-toggle').click();
    await expect.poll(() => row.locator('td').nth(3).textContent()).toBe('Disabled');
    await staffScreen(page, 'staff-34-admin-accounts');
    // Enabled again: the staff member signs in below.
    await row.getByTestId('admin-account-toggle').click();
    await expect.poll(() => row.locator('td').nth(3).textContent()).toBe('Active');
    // No hash, no key crossed into the page.
    const crossed = JSON.stringify(kiosk.toPage.filter((m) => m.name.startsWith('admin')));
    expect(crossed).not.toMatch(/scrypt|hash|salt|PRIVATE KEY/i);

    await page.getByTestId('staff-sign-out').click();
    // The default language saved earlier is the next person's: the start screen is in French.
    await waitForScreen(page, 'attract');
    await expect.poll(() => page.evaluate(
          () => (globalThis as unknown as { document: { documentElement: { lang: string } } }).document.documentElement.lang,
        )).toBe('fr-FR');
    await openCorner(page);
    await page.getByTestId('staff-name').fill(STAFF.name);
    await page.getByTestId('staff-pin').fill(STAFF.pin);
    await page.getByTestId('staff-sign-in').click();
    await waitForScreen(page, 'staffHome');
    expect(await page.getByTestId('admin-menu').count()).toBe(0);
    await staffScreen(page, 'staff-35-home-staff-role');
    for (const c of ['adminGetSettings', 'adminListAccounts', 'adminDiagnostics'])
      expect(await fromPage(page, c), c).toMatchObject({ ok: false, error: { code: 'NOT_ALLOWED' } });
    await page.getByTestId('staff-sign-out').click();
    await waitForScreen(page, 'attract');
    expect(kiosk.pageErrors).toEqual([]);
  }, 120_000);
});
