// The chip step end to end in Chromium: the real kiosk (composeKiosk, embedded service) with a
// chip reader (the in-memory card source with the project's software ePassport, keyed by the MRZ a
// scanner read) and the real renderer: the passport page, then "Place your passport on the
// reader", the card put on, the read, then the face and the result. A second walk has no
// scanner: main keys the chip with the MRZ the service read from the photo of the page. A third
// puts another person's passport on the reader: the photo's MRZ does not open it, and staff sign
// in on the chip screen and type the MRZ (a wrong one first: said so, lines kept; then pasted).
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceEvents, DeviceSource } from '../../electron/devices/deviceSource';
import { buildRenderer } from '../../scripts/browserHost';
import { MemoryCardSource } from '../support/chip/memoryCardSource';
import { createPassport, SPECIMEN_MRZ, type Passport } from '../support/chip/passportData';
import { SoftwareChip } from '../support/chip/softwareChip';
import { createCsca, createDsc } from '../support/chip/testPki';
import { cameraFiles } from './support/cameraFiles';
import { recordingLogger } from '../support/recordingLogger';
import { screenshot, startAndChoose, startKiosk, waitForCamera, waitForScreen, type KioskUnderTest } from './support/kioskHarness';

const READER = 'Software PCD 00 00';
/** Another person's passport: the specimen page's MRZ does not open its chip. */
const OTHER_MRZ = ['P<UTOOTHER<<PERSON<<<<<<<<<<<<<<<<<<<<<<<<<<', 'X123456785UTO8001014F3001019<<<<<<<<<<<<<<02'];
const STAFF = { name: 'sam', displayName: 'Sam Counter', pin: '135792' };
const log = recordingLogger();
let kiosk: KioskUnderTest;
let passport: Passport;
let other: Passport;
const source = new MemoryCardSource();
/** A document scanner as main sees it: the test "reads" an MRZ with it. */
let scanner: DeviceEvents | null = null;
const devices: DeviceSource = {
  list: () => [],
  subscribe(events) {
    scanner = events;
    return () => {
      scanner = null;
    };
  },
};

beforeAll(async () => {
  const dsc = await createDsc(await createCsca());
  passport = await createPassport(dsc, { mrz: SPECIMEN_MRZ });
  other = await createPassport(dsc, { mrz: OTHER_MRZ });
  source.addReader(READER);
  await buildRenderer();
  kiosk = await startKiosk({
    camera: cameraFiles().sharp,
    runtime: { mode: 'staff', devices, chip: { enabled: true, cscaDir: null, reader: null, source }, logger: log },
  });
});

afterAll(async () => {
  await kiosk?.close();
});

/** The passport page taken (automatically) and kept. */
async function throughThePage(): Promise<void> {
  const { page } = kiosk;
  await waitForScreen(page, 'capture');
  await waitForCamera(page);
  await waitForScreen(page, 'review', 30_000);
  await page.locator('[data-screen="review"]:not([data-status="checking"])').waitFor({ timeout: 60_000 });
  await page.getByTestId('use-photo').click();
}

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).include('[data-screen="chip"]').analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

// The page's clipboard types, as the paste below uses them (tsconfig.node has no DOM lib).
declare const DataTransfer: new () => { setData(type: string, data: string): void };
declare const ClipboardEvent: new (type: string, init: { clipboardData: unknown; bubbles: boolean; cancelable: boolean }) => Event;

/** A whole zone pasted into the first line, as a clipboard paste. */
async function pasteZone(page: Page, text: string): Promise<void> {
  await page.getByTestId('chip-mrz-line-1').evaluate((el, t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

describe('kiosk e2e: the chip step (software ePassport on an in-memory reader)', () => {
  it('page → "Place your passport on the reader" → read → face → done', async () => {
    const { page } = kiosk;
    await startAndChoose(page, 'UTO', 'U', 'PASSPORT');
    scanner!.mrz([...passport.mrzLines]);
    await throughThePage();
    await page.locator('[data-screen="chip"][data-phase="waiting"]').waitFor({ timeout: 20_000 });
    await screenshot(page, 'chip-01-place-passport');
    expect(kiosk.calls.some((c) => c.channel === 'readChip')).toBe(true);
    source.insert(READER, new SoftwareChip(passport.chip));
    await waitForScreen(page, 'face', 60_000);
    const progress = kiosk.toPage.filter((e) => e.kind === 'event' && e.name === 'chip:progress').map((e) => (e.value as { stage: string }).stage);
    expect(progress).toContain('files');
    expect(progress.at(-1)).toBe('done');
    const answer = kiosk.toPage.find((e) => e.kind === 'result' && e.name === 'readChip')!.value as {
      value: { ok: boolean; summary: { mrzMatches: boolean; dataGroupsRead: number[] } };
    };
    expect(answer.value).toMatchObject({ ok: true, summary: { mrzMatches: true } });
    expect(answer.value.summary.dataGroupsRead).toEqual(expect.arrayContaining([1, 2]));
    await waitForCamera(page);
    await page.getByTestId('shutter').click();
    await waitForScreen(page, 'done', 90_000);
    await screenshot(page, 'chip-02-done');
  });

  it('no scanner: the MRZ the service read from the photo opens the chip (main only)', async () => {
    const { page } = kiosk;
    source.remove(READER);
    // The first person leaves: main forgets their session and the scanner's MRZ with it.
    await kiosk.runtime.discardAllSessions('the next person');
    await page.reload();
    const before = kiosk.toPage.length;
    await startAndChoose(page, 'UTO', 'U', 'PASSPORT');
    await throughThePage();
    await page.locator('[data-screen="chip"][data-phase="waiting"]').waitFor({ timeout: 20_000 });
    source.insert(READER, new SoftwareChip(passport.chip));
    await waitForScreen(page, 'face', 60_000);
    await screenshot(page, 'chip-03-key-from-photo');
    const answers = kiosk.toPage.slice(before).filter((e) => e.kind === 'result' && e.name === 'readChip');
    expect(answers.map((e) => (e.value as { value: { ok: boolean; summary?: { mrzMatches: boolean } } }).value)).toMatchObject([
      { ok: true, summary: { mrzMatches: true } },
    ]);
    // The key (document number and dates) stayed in main: nothing sent to the page carries it.
    const sent = JSON.stringify(kiosk.toPage.slice(before).filter((e) => e.name !== 'readChip'));
    expect(sent).not.toContain('L898902C3');
    expect(sent).not.toContain('740812');
  });

  it('the photo’s MRZ does not open this chip: staff sign in on the chip screen and type the MRZ', async () => {
    const { page } = kiosk;
    source.remove(READER);
    await kiosk.runtime.discardAllSessions('the next person');
    // A staff account (made by main, as the first admin would be), not signed in.
    expect(await kiosk.runtime.dispatch('staffCreateFirstAdmin', STAFF)).toMatchObject({ ok: true });
    expect(await kiosk.runtime.dispatch('staffSignOut', {})).toMatchObject({ ok: true });
    await page.reload();
    const before = kiosk.calls.length;
    const loggedBefore = log.lines.length;
    await startAndChoose(page, 'UTO', 'U', 'PASSPORT');
    await throughThePage();
    await page.locator('[data-screen="chip"][data-phase="waiting"]').waitFor({ timeout: 20_000 });
    source.insert(READER, new SoftwareChip(other.chip));
    await page.locator('[data-screen="chip"][data-phase="failed"]').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('chip-message').textContent()).toContain('The chip did not open with the details read from this passport.');
    const handle = (kiosk.calls.slice(before).find((c) => c.channel === 'readChip')!.request as { handle: string }).handle;
    // Main takes typed lines only from signed-in staff.
    expect(await kiosk.runtime.dispatch('readChip', { handle, mrzLines: OTHER_MRZ })).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN' } });

    await page.getByTestId('chip-type-mrz').click();
    await page.getByTestId('chip-staff-sign-in').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'chip-04-staff-sign-in');
    await page.getByTestId('chip-staff-name').fill(STAFF.name);
    await page.getByTestId('chip-staff-pin').fill(STAFF.pin);
    await page.getByTestId('chip-staff-submit').click();
    const form = page.getByTestId('chip-mrz-form');
    await form.waitFor();
    const open = page.getByTestId('chip-mrz-open');
    expect(await open.isDisabled()).toBe(true);

    // Typed key by key: line 1 full moves on to line 2; a wrong birth-date check digit is named.
    const line1 = page.getByTestId('chip-mrz-line-1');
    const line2 = page.getByTestId('chip-mrz-line-2');
    await expect.poll(() => page.locator(':focus').getAttribute('data-testid')).toBe('chip-mrz-line-1');
    await page.keyboard.type(SPECIMEN_MRZ[0].toLowerCase());
    await page.keyboard.type(SPECIMEN_MRZ[1].replace('7408122', '7408123'));
    expect(await line1.inputValue()).toBe(SPECIMEN_MRZ[0]);
    expect(await line2.inputValue()).toBe(SPECIMEN_MRZ[1].replace('7408122', '7408123'));
    const problems = page.getByTestId('chip-mrz-problems');
    expect((await problems.textContent())?.trim()).toBe(
      'The check digit of the date of birth does not match: check the date and the digit after it.',
    );
    const problemId = await problems.locator('li').getAttribute('id');
    expect((await line2.getAttribute('aria-describedby'))?.split(' ')).toContain(problemId);
    expect(await line2.getAttribute('aria-invalid')).toBe('true');
    expect(await open.isDisabled()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'chip-05-typed-check-digit');

    // The check digit put right: the key is the specimen's, which does not open this chip either.
    await line2.fill(SPECIMEN_MRZ[1]);
    expect(await page.getByTestId('chip-mrz-problems').count()).toBe(0);
    await open.click();
    await expect.poll(() => page.getByTestId('chip-message').textContent()).toContain('This MRZ does not open this chip.');
    expect(await line1.inputValue()).toBe(SPECIMEN_MRZ[0]);
    expect(await line2.inputValue()).toBe(SPECIMEN_MRZ[1]);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'chip-06-typed-wrong-key');

    // Cancel: back to the fallback, the typed lines gone; typing again needs no new sign-in.
    await page.getByTestId('chip-mrz-cancel').click();
    await page.getByTestId('chip-skip').waitFor();
    expect(await form.count()).toBe(0);
    await page.getByTestId('chip-type-mrz').click();
    await form.waitFor();
    expect(await line1.inputValue()).toBe('');
    // The short form (number and dates with their check digits) is there too, and clean for axe.
    await page.getByTestId('chip-mrz-format-KEY').check();
    await page.getByTestId('chip-mrz-dateOfBirth').fill('741312');
    expect((await page.getByTestId('chip-mrz-problems').textContent())?.trim()).toBe('The date of birth is not a date: type it as YYMMDD.');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'chip-07-short-form');
    await page.getByTestId('chip-mrz-format-TD3').check();

    // The right zone pasted in one go fills both lines; the chip opens and the read goes on.
    await pasteZone(page, `${OTHER_MRZ[0]}\n${OTHER_MRZ[1]}\n`);
    expect(await line2.inputValue()).toBe(OTHER_MRZ[1]);
    expect(await page.getByTestId('chip-mrz-status').textContent()).toContain('The check digits match.');
    await open.click();
    await waitForScreen(page, 'face', 60_000);
    const answers = kiosk.toPage.filter((e) => e.kind === 'result' && e.name === 'readChip').slice(-2);
    expect(answers.map((e) => (e.value as { value: unknown }).value)).toMatchObject([
      { ok: false, error: 'WRONG_MRZ', message: 'this MRZ does not open this chip' },
      { ok: true, summary: { mrzMatches: true } },
    ]);
    const typedCalls = kiosk.calls.slice(before).filter((c) => c.channel === 'readChip').map((c) => c.request);
    expect(typedCalls.slice(-2)).toEqual([
      { handle, mrzLines: SPECIMEN_MRZ },
      { handle, mrzLines: OTHER_MRZ },
    ]);
    // The sign-in made for typing ends with the chip step; the typed lines were never logged.
    await expect.poll(async () => (await kiosk.runtime.dispatch('staffStatus', {})) as unknown).toMatchObject({ ok: true, value: { session: null } });
    const logged = JSON.stringify(log.lines.slice(loggedBefore));
    expect(logged).not.toContain('X12345678');
    expect(logged).not.toContain('8001014');
    expect(logged).not.toContain('L898902C3');
  }, 240_000);
});
