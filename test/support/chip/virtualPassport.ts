// Puts a generated ePassport (ICAO's Utopia specimen MRZ, a test PKI made on the spot) into
// pcscd's virtual reader until interrupted, and writes the test CSCA to --csca DIR, so the CLI
// and the kiosk can be tried without hardware:
//   npx tsx test/support/chip/virtualPassport.ts --csca /tmp/csca [--bac-only] [--tamper]
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SoftwareChip } from './softwareChip';
import { insertVirtualCard } from './vpcdCard';
import { createPassport, dg1, SPECIMEN_MRZ } from './passportData';
import { createCsca, createDsc } from './testPki';

const { values } = parseArgs({ options: { csca: { type: 'string' }, 'bac-only': { type: 'boolean' }, tamper: { type: 'boolean' }, port: { type: 'string' } } });
const csca = await createCsca();
const passport = await createPassport(await createDsc(csca), {
  pace: !values['bac-only'],
  extendedLength: true,
  tamper: values.tamper ? (dgs) => dgs.set(1, dg1([SPECIMEN_MRZ[0], SPECIMEN_MRZ[1].replace('7408122F', '7408122M')])) : undefined,
});
if (values.csca) {
  mkdirSync(values.csca, { recursive: true });
  writeFileSync(path.join(values.csca, 'utopia-test-csca.cer'), csca.der);
}
const card = await insertVirtualCard(new SoftwareChip(passport.chip), { port: values.port ? Number(values.port) : undefined });
console.log(JSON.stringify({ inserted: true, mrz: SPECIMEN_MRZ, csca: values.csca ?? null }));
const stop = (): void => void card.remove().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
