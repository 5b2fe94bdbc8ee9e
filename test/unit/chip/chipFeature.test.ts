// The chip feature behind the IPC handlers: off without settings, the MRZ key from the request or
// the scanner, the read kept in main per handle and forgotten with the session.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createChipFeature } from '../../../electron/services/chip/chipFeature';
import { silentLogger } from '../../../platform/logger';
import { SoftwareChip } from '../../support/chip/softwareChip';
import { MemoryCardSource } from '../../support/chip/memoryCardSource';
import { createPassport, SPECIMEN_MRZ, type Passport } from '../../support/chip/passportData';
import { createCsca, createDsc } from '../../support/chip/testPki';

const handle = 'h_0123456789abcdef';
let passport: Passport;
beforeAll(async () => {
  passport = await createPassport(await createDsc(await createCsca()));
});

function feature(settings = { enabled: true, cscaDir: null, reader: null }) {
  const source = new MemoryCardSource();
  source.addReader('R1');
  source.insert('R1', new SoftwareChip(passport.chip));
  const progress: string[] = [];
  const f = createChipFeature({
    settings,
    source,
    dataDir: mkdtempSync(path.join(tmpdir(), 'chipf-')),
    logger: silentLogger,
    onReaders: () => undefined,
    onProgress: (p) => progress.push(p.stage),
  });
  return { f, progress };
}

describe('chip feature', () => {
  it('is off when the host gives no settings, or the settings switch it off', async () => {
    const off = createChipFeature({ dataDir: tmpdir(), logger: silentLogger, onReaders: () => undefined, onProgress: () => undefined });
    expect(await off.handlers.getChipStatus({})).toEqual({ available: false, reason: 'chip reading is not set up on this kiosk', readers: [] });
    const { f } = feature({ enabled: false, cscaDir: null, reader: null });
    expect(await f.handlers.readChip({ handle, mrzLines: SPECIMEN_MRZ })).toEqual({ ok: false, error: 'UNAVAILABLE', message: 'chip reading is switched off in the settings' });
  });

  it('needs an MRZ: from the request, else the scanner', async () => {
    const { f } = feature();
    expect(await f.handlers.readChip({ handle })).toEqual({ ok: false, error: 'NO_MRZ', message: 'no MRZ is known for this document: scan it or type it' });
    f.rememberScannerMrz(SPECIMEN_MRZ);
    const out = await f.handlers.readChip({ handle });
    expect(out.ok && out.summary.passiveAuthentication.status).toBe('NOT_VERIFIED');
    expect(f.readFor(handle)?.dataGroupsRead).toEqual([1, 2, 14, 15]);
  });

  it('forgets the read with the session', async () => {
    const { f, progress } = feature();
    const out = await f.handlers.readChip({ handle, mrzLines: SPECIMEN_MRZ });
    expect(out.ok).toBe(true);
    expect(progress.at(-1)).toBe('done');
    f.forget(handle);
    expect(f.readFor(handle)).toBeNull();
  });
});
