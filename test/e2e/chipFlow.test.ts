// The chip step end to end in Chromium: the real kiosk (composeKiosk, embedded service) with a
// chip reader (the in-memory card source with the project's software ePassport, keyed by the MRZ a
// scanner read) and the real renderer: the passport page, then "Place your passport on the
// reader", the card put on, the read, then the face and the result. A second walk has no
// scanner: main keys the chip with the MRZ the service read from the photo of the page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceEvents, DeviceSource } from '../../electron/devices/deviceSource';
import { buildRenderer } from '../../scripts/browserHost';
import { MemoryCardSource } from '../support/chip/memoryCardSource';
import { createPassport, SPECIMEN_MRZ, type Passport } from '../support/chip/passportData';
import { SoftwareChip } from '../support/chip/softwareChip';
import { createCsca, createDsc } from '../support/chip/testPki';
import { cameraFiles } from './support/cameraFiles';
import { screenshot, startAndChoose, startKiosk, waitForCamera, waitForScreen, type KioskUnderTest } from './support/kioskHarness';

const READER = 'Software PCD 00 00';
let kiosk: KioskUnderTest;
let passport: Passport;
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
  passport = await createPassport(await createDsc(await createCsca()), { mrz: SPECIMEN_MRZ });
  source.addReader(READER);
  await buildRenderer();
  kiosk = await startKiosk({
    camera: cameraFiles().sharp,
    runtime: { mode: 'staff', devices, chip: { enabled: true, cscaDir: null, reader: null, source } },
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
});
