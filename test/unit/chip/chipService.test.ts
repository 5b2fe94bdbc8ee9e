// The kiosk's chip service over an in-memory reader: waiting for the passport, a card taken off
// mid-read retried once it is back (and the person told), a wrong MRZ, no reader.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createChipService } from '../../../electron/services/chip/chipService';
import { addCertificate, emptyStore, type CscaStore } from '../../../chip/pa/cscaStore';
import { silentLogger } from '../../../platform/logger';
import { SoftwareChip } from '../../support/chip/softwareChip';
import { MemoryCardSource } from '../../support/chip/memoryCardSource';
import { createPassport, SPECIMEN_MRZ, type Passport } from '../../support/chip/passportData';
import { createCsca, createDsc } from '../../support/chip/testPki';

let passport: Passport;
let store: CscaStore;

beforeAll(async () => {
  const csca = await createCsca();
  passport = await createPassport(await createDsc(csca));
  store = emptyStore();
  addCertificate(store, csca.der, 'csca.cer');
});
afterEach(() => vi.useRealTimers());

function setup(extra: { cardWaitMs?: number } = {}) {
  const source = new MemoryCardSource();
  source.addReader('Test Reader');
  const stages: string[] = [];
  const service = createChipService({ source, store, logger: silentLogger, onProgress: (p) => stages.push(`${p.stage}#${p.attempt}`), ...extra });
  return { source, service, stages };
}

describe('chip service', () => {
  it('waits for the passport, reads it and summarises every check', async () => {
    const { source, service, stages } = setup();
    const pending = service.read(SPECIMEN_MRZ);
    await vi.waitFor(() => expect(stages).toContain('waiting-for-card#1'));
    source.insert('Test Reader', new SoftwareChip(passport.chip));
    const out = await pending;
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.summary).toMatchObject({
      reader: 'Test Reader',
      access: 'PACE',
      dataGroupsRead: [1, 2, 14, 15],
      mrzMatches: true,
      passiveAuthentication: { status: 'PASSED' },
      chipAuthentication: { status: 'PASSED' },
      activeAuthentication: { status: 'PASSED' },
    });
    expect(stages.at(-1)).toBe('done#1');
  });

  it('tells the person when the card is taken off mid-read and reads again once it is back', async () => {
    const { source, service, stages } = setup();
    const chip = new SoftwareChip(passport.chip);
    source.insert('Test Reader', chip);
    chip.removeAfter = 25;
    const pending = service.read(SPECIMEN_MRZ);
    await vi.waitFor(() => expect(stages).toContain('card-removed#2'));
    chip.removeAfter = null;
    source.insert('Test Reader', chip);
    const out = await pending;
    expect(out.ok && out.summary.passiveAuthentication.status).toBe('PASSED');
    expect(stages.filter((s) => s.startsWith('card-removed'))).toEqual(['card-removed#2']);
  });

  it('gives up with CARD_REMOVED when the card is not put back in time', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { source, service, stages } = setup({ cardWaitMs: 10_000 });
    const chip = new SoftwareChip(passport.chip);
    source.insert('Test Reader', chip);
    chip.removeAfter = 25;
    const pending = service.read(SPECIMEN_MRZ);
    await vi.waitFor(() => expect(stages).toContain('card-removed#2'));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await pending).toEqual({ ok: false, error: 'CARD_REMOVED', message: 'the passport was taken off the reader and not put back' });
  });

  it('says the MRZ does not open the chip', async () => {
    const { source, service } = setup();
    source.insert('Test Reader', new SoftwareChip(passport.chip));
    const wrong = [SPECIMEN_MRZ[0], SPECIMEN_MRZ[1].replace('L898902C36', 'L898902C47')];
    expect(await service.read(wrong)).toEqual({ ok: false, error: 'WRONG_MRZ', message: 'this MRZ does not open this chip' });
  });

  it('answers NO_READER without a reader and NO_MRZ for lines that are not an MRZ', async () => {
    const source = new MemoryCardSource();
    const service = createChipService({ source, store, logger: silentLogger });
    expect(service.status()).toEqual({ available: false, reason: 'no chip reader is attached', readers: [] });
    expect(await service.read(SPECIMEN_MRZ)).toEqual({ ok: false, error: 'NO_READER', message: 'no chip reader is attached' });
    source.addReader('R');
    expect(await service.read(['P<UTO', 'L898'])).toEqual({ ok: false, error: 'NO_MRZ', message: 'MRZ lines of lengths 5/4 are not TD1 (3×30), TD2 (2×36) or TD3 (2×44)' });
  });
});
