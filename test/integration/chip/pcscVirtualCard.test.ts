// The real PC/SC stack: pcscd with vsmartcard's vpcd reader, our software ePassport plugged in as
// the virtual card (test/support/chip/vpcdCard.ts), read through the `smartcard` binding by the
// kiosk's chip service. .ci/run starts pcscd and sets CHIP_PCSC=required, so in CI this runs or
// fails; elsewhere it is skipped, with the reason, when pcscd's vpcd is not listening.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPcscCardSource } from '../../../electron/services/chip/pcscCardSource';
import { createChipService, type ChipService } from '../../../electron/services/chip/chipService';
import type { CardSource } from '../../../electron/services/chip/cardSource';
import { addCertificate, emptyStore } from '../../../chip/pa/cscaStore';
import { silentLogger } from '../../../platform/logger';
import { SoftwareChip } from '../../support/chip/softwareChip';
import { insertVirtualCard, VPCD_PORT, type VirtualCard } from '../../support/chip/vpcdCard';
import { createPassport, SPECIMEN_MRZ, type Passport } from '../../support/chip/passportData';
import { createCsca, createDsc } from '../../support/chip/testPki';

const VIRTUAL_READER = 'Virtual PCD 00 00';

function vpcdListening(): Promise<boolean> {
  // Asks the kernel, not vpcd: connecting would itself insert a card.
  return import('node:fs/promises').then(async (fs) => {
    const tables = await Promise.all(['/proc/net/tcp', '/proc/net/tcp6'].map((f) => fs.readFile(f, 'utf8').catch(() => '')));
    const port = `:${VPCD_PORT.toString(16).toUpperCase()} `;
    return tables.some((t) => t.split('\n').some((l) => l.includes(port) && / 0A /.test(l)));
  });
}

const required = process.env.CHIP_PCSC === 'required';
const available = await vpcdListening();
if (!available && !required) console.warn(`skipping the PC/SC virtual card test: nothing listens on 127.0.0.1:${VPCD_PORT} (start pcscd with vsmartcard-vpcd)`);

describe.skipIf(!available && !required)('chip over PC/SC (pcscd + vpcd)', () => {
  let source: CardSource;
  let service: ChipService;
  let passport: Passport;
  let card: VirtualCard | null = null;
  const events: string[] = [];
  const stages: string[] = [];

  beforeAll(async () => {
    expect(available, `pcscd with vpcd must listen on ${VPCD_PORT} (CHIP_PCSC=required)`).toBe(true);
    const csca = await createCsca();
    passport = await createPassport(await createDsc(csca), { extendedLength: true });
    const store = emptyStore();
    addCertificate(store, csca.der, 'csca.cer');
    source = openPcscCardSource(silentLogger);
    source.on((e) => e.type !== 'readers' && events.push(`${e.type}:${e.reader}`));
    service = createChipService({ source, store, logger: silentLogger, reader: VIRTUAL_READER, onProgress: (p) => stages.push(`${p.stage}#${p.attempt}`) });
  });
  afterAll(async () => {
    await card?.remove();
    service?.dispose();
  });

  it('lists the virtual reader', async () => {
    expect(source.available).toBe(true);
    await expect.poll(() => source.readers().map((r) => r.name)).toContain(VIRTUAL_READER);
  });

  it('reads the software ePassport through pcscd: PACE, extended lengths, PA, CA and AA', async () => {
    const chip = new SoftwareChip(passport.chip);
    card = await insertVirtualCard(chip);
    await expect.poll(() => events).toContain(`card-inserted:${VIRTUAL_READER}`);
    const out = await service.read(SPECIMEN_MRZ);
    if (!out.ok) throw new Error(`${out.error}: ${out.message}`);
    expect(out.summary).toMatchObject({
      reader: VIRTUAL_READER,
      access: 'PACE',
      dataGroupsRead: [1, 2, 14, 15],
      mrzMatches: true,
      passiveAuthentication: { status: 'PASSED' },
      chipAuthentication: { status: 'PASSED' },
      activeAuthentication: { status: 'PASSED' },
    });
    expect(out.read.chunk).toBeGreaterThan(0xdf);
    await card.remove();
    await expect.poll(() => events).toContain(`card-removed:${VIRTUAL_READER}`);
  });

  it('retries a read when the card is taken off mid-read and put back', async () => {
    const chip = new SoftwareChip(passport.chip);
    chip.removeAfter = 12;
    card = await insertVirtualCard(chip);
    await expect.poll(() => source.readers().find((r) => r.name === VIRTUAL_READER)?.cardPresent).toBe(true);
    stages.length = 0;
    const pending = service.read(SPECIMEN_MRZ);
    await expect.poll(() => stages, { timeout: 20_000 }).toContain('card-removed#2');
    // The person takes the passport away (pcscd sees the reader empty), then puts it back.
    await expect.poll(() => source.readers().find((r) => r.name === VIRTUAL_READER)?.cardPresent, { timeout: 10_000 }).toBe(false);
    chip.removeAfter = null;
    card = await insertVirtualCard(chip);
    const out = await pending;
    expect(out.ok && out.summary.passiveAuthentication.status).toBe('PASSED');
  });

  it('says the MRZ does not open the chip', async () => {
    await card?.remove();
    await expect.poll(() => source.readers().find((r) => r.name === VIRTUAL_READER)?.cardPresent, { timeout: 10_000 }).toBe(false);
    card = await insertVirtualCard(new SoftwareChip(passport.chip));
    await expect.poll(() => source.readers().find((r) => r.name === VIRTUAL_READER)?.cardPresent, { timeout: 10_000 }).toBe(true);
    const wrong = [SPECIMEN_MRZ[0], SPECIMEN_MRZ[1].replace('7408122', '7408139')];
    expect(await service.read(wrong)).toEqual({ ok: false, error: 'WRONG_MRZ', message: 'this MRZ does not open this chip' });
  });
});
