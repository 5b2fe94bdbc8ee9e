// The chip's command line: `readers` lists PC/SC readers; `read` reads an ePassport's chip with
// the MRZ as key and prints the fields, the data groups read and the PA, CA and AA results. With
// --json, stdout carries exactly one JSON document (logs go to stderr).
import { parseArgs } from 'node:util';
import { errorFirstLine } from '../common/errorMessage';
import { createLogger } from '../platform/logger';
import { openPcscCardSource } from '../electron/services/chip/pcscCardSource';
import { createChipService } from '../electron/services/chip/chipService';
import { emptyStore, loadCscaStore } from '../chip/pa/cscaStore';
import { chipReport } from '../chip/read/chipReport';

const HELP = `Usage: npm run -s chip -- <command> [options]

Commands:
  readers                        list the PC/SC readers and whether a card is on each
  read --mrz LINE1 LINE2 [LINE3] read the chip of the document whose MRZ this is

read options:
  --reader NAME   the reader to use (default: the one with a card)
  --csca DIR      CSCA certificates (.cer/.crt/.der/.pem), master lists (.ml) and CRLs (.crl)
                  for passive authentication; without it PA says NOT_VERIFIED
  --wait S        seconds to wait for the document to be put on the reader (default 30)
  --json          print one JSON document
Exit status: 0 read (whatever the checks say), 1 not read, 2 usage.`;

const logger = createLogger({ level: 'warn', name: 'chip', destination: process.stderr as never });

function usage(message?: string): never {
  if (message) console.error(message);
  console.error(HELP);
  process.exit(2);
}

const [command, ...rest] = process.argv.slice(2);
if (!command || command === '--help' || command === '-h') usage();

/** PC/SC reports the readers present shortly after its monitor starts. */
const settle = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

if (command === 'readers') {
  const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean' } } });
  const source = openPcscCardSource(logger);
  await settle(300);
  const readers = source.readers();
  if (values.json) console.log(JSON.stringify({ available: source.available, reason: source.unavailableReason ?? null, readers }, null, 2));
  else if (!source.available) console.log(`PC/SC not available: ${source.unavailableReason}`);
  else if (readers.length === 0) console.log('no reader attached');
  else for (const r of readers) console.log(`${r.name}${r.cardPresent ? '  (card present)' : ''}`);
  source.dispose();
  process.exit(0);
}

if (command !== 'read') usage(`unknown command "${command}"`);

const { values, positionals } = parseArgs({
  args: rest,
  allowPositionals: true,
  options: { mrz: { type: 'string', multiple: true }, reader: { type: 'string' }, csca: { type: 'string' }, wait: { type: 'string' }, json: { type: 'boolean' } },
});
// `--mrz LINE1 LINE2`: the first line is the option's value, the rest come as positionals.
const lines = [...(values.mrz ?? []), ...positionals];
if (lines.length < 2) usage('read needs --mrz with the MRZ lines');
const store = values.csca ? loadCscaStore(values.csca) : emptyStore();
for (const f of store.files) if (f.error) console.error(`csca: ${f.file}: ${f.error}`);
const source = openPcscCardSource(logger);
await settle(300);
const service = createChipService({
  source,
  store,
  logger,
  reader: values.reader,
  cardWaitMs: Number(values.wait ?? 30) * 1000,
  onProgress: (p) => {
    if (!values.json && (p.stage === 'waiting-for-card' || p.stage === 'card-removed')) {
      console.error(p.stage === 'waiting-for-card' ? 'place the document on the reader…' : 'the document was taken off the reader: put it back');
    }
  },
});
try {
  const out = await service.read(lines);
  if (!out.ok) {
    if (values.json) console.log(JSON.stringify({ error: out.error, message: out.message }, null, 2));
    else console.error(`${out.error}: ${out.message}`);
    process.exitCode = 1;
  } else {
    const report = { reader: out.summary.reader, mrz_matches_key: out.summary.mrzMatches, ...chipReport(out.read) };
    if (values.json) console.log(JSON.stringify(report, null, 2));
    else {
      console.log(`reader: ${report.reader}\naccess: ${report.access.detail}\ndata groups read: ${report.data_groups_read.map((n) => `DG${n}`).join(', ')}`);
      for (const [k, v] of Object.entries(report.fields ?? {})) console.log(`  ${k}: ${v}`);
      console.log(`passive authentication: ${report.passive_authentication.status}`);
      for (const s of report.passive_authentication.steps) console.log(`  ${s.name}: ${s.status} — ${s.detail}`);
      console.log(`chip authentication: ${report.chip_authentication.status} — ${report.chip_authentication.detail}`);
      console.log(`active authentication: ${report.active_authentication.status} — ${report.active_authentication.detail}`);
    }
  }
} catch (err) {
  console.error(errorFirstLine(err));
  process.exitCode = 1;
} finally {
  service.dispose();
}
