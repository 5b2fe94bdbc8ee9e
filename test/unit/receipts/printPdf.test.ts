// The receipt and the report as real PDFs through Chromium (scripts/chromiumPdf.ts), read back
// with poppler's pdftotext and pdfimages; one page image of each is kept in test-results/receipts.
// Without Chromium or poppler-utils the test skips locally and fails in CI.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffReport } from '../../../common/ipc/contract';
import { LOCAL_SERVICE_LABEL } from '../../../common/serviceLabel';
import { receiptPage, reportPage } from '../../../electron/services/receipts';
import { CHROMIUM_PATH } from '../../../scripts/browserHost';
import { launchChromiumPdf, type ChromiumPdfRenderer } from '../../../scripts/chromiumPdf';
import { PERSON, sampleDecision, sampleReport } from './printFixtures';

const OUT = path.resolve('test-results', 'receipts');

const hasCommand = (cmd: string): boolean => {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const missing = [
  ...(existsSync(CHROMIUM_PATH) ? [] : [`chromium (${CHROMIUM_PATH})`]),
  ...['pdftotext', 'pdfimages', 'pdftoppm', 'pdfinfo'].filter((c) => !hasCommand(c)),
];
const skip = missing.length > 0 && !process.env.CI;

const pdftotext = (file: string): string =>
  execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/[ \t]+/g, ' ');
const imageCount = (file: string): number =>
  execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).trim().split('\n').length - 2;
/** The first page's size in millimetres, as pdfinfo reports it in points (1 pt = 1/72 in). */
function pageSizeMm(file: string): [number, number] {
  const m = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }));
  if (!m) throw new Error(`pdfinfo gave no page size for ${file}`);
  return [Number(m[1]), Number(m[2])].map((pt) => Math.round((pt / 72) * 25.4)) as [number, number];
}

describe.skipIf(skip)('receipt and report PDFs (Chromium, pdftotext)', () => {
  let renderer: ChromiumPdfRenderer;
  let report: StaffReport;

  beforeAll(async () => {
    expect(missing, 'tools the PDF tests need (scripts/install-os-deps.sh)').toEqual([]);
    mkdirSync(OUT, { recursive: true });
    renderer = await launchChromiumPdf();
    report = await sampleReport();
  });
  afterAll(async () => {
    await renderer?.close();
  });

  async function writePdf(name: string, page: ReturnType<typeof receiptPage>): Promise<string> {
    const pdf = await renderer.render(page.html, { pageSize: page.pageSize });
    expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const file = path.join(OUT, name);
    writeFileSync(file, pdf);
    // One page image, for people to look at.
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', file, file.replace(/\.pdf$/, '')]);
    return file;
  }

  it('receipt.pdf: the reference, date, kiosk and decision; no images or personal data; 80 mm wide', async () => {
    const file = await writePdf('receipt.pdf', receiptPage({ report, decision: sampleDecision() }));
    const text = pdftotext(file);
    for (const s of ['Identity check receipt', 'DSK-7Q2M-4K9P', '2026-12-01 10:45 UTC', 'kiosk-lobby-2', 'Approved', 'Passport', 'FRA'])
      expect(text).toContain(s);
    for (const s of [PERSON.familyName, PERSON.dateOfBirth, PERSON.documentNumber, 'Lopez']) expect(text).not.toContain(s);
    expect(imageCount(file)).toBe(0);
    expect(pageSizeMm(file)).toEqual([80, 200]);
    expect(readFileSync(file.replace(/\.pdf$/, '.png')).subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('report.pdf: every check and sub-check, the decision, the local-service label and the 3 images on A4', async () => {
    const file = await writePdf('report.pdf', reportPage({ report, decision: sampleDecision() }));
    const text = pdftotext(file);
    expect(text).toContain(LOCAL_SERVICE_LABEL);
    for (const check of report.checks) {
      expect(text).toContain(check.type);
      for (const b of check.breakdown) expect(text).toMatch(new RegExp(`${b.subCheck}\\s+${b.result}`));
    }
    for (const s of ['score: 0.31', 'threshold: 0.55', 'Approved', 'DOCUMENT_CHECKED_BY_HAND', 'Ana <i>Lopez</i>', 'DSK-7Q2M-4K9P', '2026-12-01 10:45 UTC'])
      expect(text).toContain(s);
    expect(imageCount(file)).toBe(3);
    expect(pageSizeMm(file)).toEqual([210, 297]);
    expect(existsSync(file.replace(/\.pdf$/, '.png'))).toBe(true);
  });

  it('the Chromium adapter itself runs no script and fetches nothing, even for a page without a CSP', async () => {
    const requests: string[] = [];
    const server = createServer((req, res) => {
      requests.push(req.url ?? '');
      res.end('x');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const html = `<!doctype html><body><p>static text</p><img src="http://127.0.0.1:${port}/pixel.png"><link rel="stylesheet" href="http://127.0.0.1:${port}/s.css"><script>document.body.textContent = 'SCRIPT RAN'</script></body>`;
      const file = path.join(tmpdir(), `receipts-inert-${process.pid}.pdf`);
      writeFileSync(file, await renderer.render(html, { pageSize: 'A4' }));
      const text = pdftotext(file);
      expect(text).toContain('static text');
      expect(text).not.toContain('SCRIPT RAN');
      expect(requests).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
