// `npm run -s bench -- chip [--runs N]`
//
// Reading an ePassport chip over the real PC/SC stack: the software ePassport (a ~20 KB JPEG DG2,
// DG1, DG14, DG15, EF.SOD signed by a test PKI) plugged into pcscd's vsmartcard reader (vpcd),
// read through the `smartcard` binding. Two set-ups, N runs each, medians and maxima in ms:
// BAC with short APDUs (223-byte reads, what any reader does) and PACE with extended lengths
// (4 KB reads where EF.ATR/INFO allows). Per step: access control, EF.COM, DG1, DG2, EF.SOD, chip
// and active authentication, passive authentication (CPU only), and the whole read. The same
// reads against the chip in process (no PC/SC) show what the protocol and crypto themselves cost.
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { readPassport, type ChipRead } from '../../chip/read/readPassport';
import { addCertificate, emptyStore } from '../../chip/pa/cscaStore';
import type { ApduTransport } from '../../chip/transport';
import { openPcscCardSource } from '../../electron/services/chip/pcscCardSource';
import { silentLogger } from '../../platform/logger';
import { SoftwareChip } from '../support/chip/softwareChip';
import { insertVirtualCard } from '../support/chip/vpcdCard';
import { createPassport, type Passport } from '../support/chip/passportData';
import { createCsca, createDsc } from '../support/chip/testPki';

const READER = 'Virtual PCD 00 00';
const STEPS = ['access', 'EF.COM', 'DG1', 'DG2', 'EF.SOD', 'chipAuthentication', 'activeAuthentication', 'passiveAuthentication', 'total'] as const;

function stats(values: number[]): { p50: number; max: number } {
  const s = [...values].sort((a, b) => a - b);
  return { p50: Math.round(s[Math.floor(s.length / 2)] * 10) / 10, max: Math.round(s[s.length - 1] * 10) / 10 };
}

function summarise(reads: { r: ChipRead; total: number }[]) {
  const out: Record<string, { p50: number; max: number }> = {};
  for (const step of STEPS) out[step] = stats(reads.map(({ r, total }) => (step === 'total' ? total : (r.timings[step] ?? 0))));
  return out;
}

async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting for the virtual card');
    await new Promise((r) => setTimeout(r, 20));
  }
}

export default async function run(args: string[]) {
  const { values } = parseArgs({ args, options: { runs: { type: 'string' } } });
  const runs = Number(values.runs ?? 5);
  const csca = await createCsca();
  const dsc = await createDsc(csca);
  const store = emptyStore();
  addCertificate(store, csca.der, 'csca.cer');
  const setups: { name: string; passport: Passport; access: 'bac' | 'pace' }[] = [
    { name: 'bac_short_apdus', passport: await createPassport(dsc, { pace: false }), access: 'bac' },
    { name: 'pace_extended_length', passport: await createPassport(dsc, { extendedLength: true }), access: 'pace' },
  ];
  const dg2Bytes = setups[0].passport.dataGroups.get(2)?.length ?? 0;

  const inProcess: Record<string, unknown> = {};
  for (const s of setups) {
    const reads = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const r = await readPassport(new SoftwareChip(s.passport.chip), { key: s.passport.key, store, access: s.access });
      reads.push({ r, total: performance.now() - t0 });
    }
    inProcess[s.name] = summarise(reads);
  }

  const source = openPcscCardSource(silentLogger);
  const pcsc: Record<string, unknown> = {};
  let pcscNote: string | null = null;
  if (!source.available) pcscNote = source.unavailableReason ?? 'PC/SC not available';
  else {
    await new Promise((r) => setTimeout(r, 300));
    if (!source.readers().some((r) => r.name === READER)) pcscNote = `no "${READER}" (is pcscd running with vsmartcard-vpcd?)`;
  }
  if (!pcscNote) {
    for (const s of setups) {
      const reads = [];
      for (let i = 0; i < runs; i++) {
        const card = await insertVirtualCard(new SoftwareChip(s.passport.chip));
        await waitFor(() => source.card(READER) !== null, 10_000);
        const transport = source.card(READER) as ApduTransport;
        const t0 = performance.now();
        const r = await readPassport(transport, { key: s.passport.key, store, access: s.access });
        reads.push({ r, total: performance.now() - t0 });
        await card.remove();
        await waitFor(() => source.card(READER) === null, 10_000);
      }
      pcsc[s.name] = { ...summarise(reads), read_chunk: reads[0].r.chunk, pa: reads[0].r.passiveAuthentication.status };
    }
  }
  source.dispose();
  return {
    runs,
    dg2_bytes: dg2Bytes,
    over_pcsc_vpcd: pcscNote ? { skipped: pcscNote } : pcsc,
    in_process: inProcess,
  };
}
