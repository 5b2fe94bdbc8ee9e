// The staff station's decision end to end, with printing: a staffed kiosk (real runtime, embedded
// IDV service, Chromium PDF renderer as the browser host uses), a customer walk, the first admin
// from the done screen, the review workspace with each element (summary in words, portrait beside
// the face with score and threshold, fields with their source, capture-quality notes, localized
// state and time, the reference), approve with a reason, the receipt and the report as PDFs read
// back with pdftotext (kept in test-results/receipts/ with a page image from pdftoppm), then
// `npm run -s audit -- verify` passing after the decision and failing after the log is tampered.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRenderer } from '../../scripts/browserHost';
import { launchChromiumPdf, type ChromiumPdfRenderer } from '../../scripts/chromiumPdf';
import { runAuditCli } from '../unit/audit/runAuditCli';
import { cameraFiles } from './support/cameraFiles';
import { walkToDone } from './support/customerWalk';
import { screenshot, startKiosk, waitForScreen, type KioskUnderTest } from './support/kioskHarness';
import { createFirstAdmin, seriousViolations } from './support/staffScreens';

const { Database } = createRequire(import.meta.url)('node-sqlite3-wasm') as typeof import('node-sqlite3-wasm');

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RECEIPTS_DIR = path.join(repoRoot, 'test-results', 'receipts');
const ADMIN = { name: 'grace', displayName: 'Grace Hopper', pin: '975310' };

const pdftotext = (file: string): string =>
  execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/[ \t]+/g, ' ');

describe('kiosk e2e: decision, prints and the audit log (Chromium, real kiosk runtime)', () => {
  let kiosk: KioskUnderTest;
  let pdf: ChromiumPdfRenderer;
  let dataDir: string;
  let closed = false;

  beforeAll(async () => {
    await buildRenderer();
    pdf = await launchChromiumPdf();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'kiosk-e2e-decision-'));
    kiosk = await startKiosk({
      camera: cameraFiles().sharp,
      runtime: { mode: 'staff', dataDir, kioskId: 'kiosk-e2e-counter', printing: { pdf } },
    });
  }, 120_000);
  afterAll(async () => {
    if (!closed) await kiosk?.close();
    await pdf?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reviews each element, approves with a reason, prints both PDFs, and the audit log verifies until tampered', async () => {
    const { page } = kiosk;
    await walkToDone(page);
    // The done screen's reference, from the session's status (no report before a PIN).
    await page.getByTestId('done-reference').waitFor();
    const reference = (await page.getByTestId('done-reference').locator('strong').textContent()) ?? '';
    expect(reference).toMatch(/^V-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);

    // First run: the staff button creates the first admin, who then reviews.
    await page.getByTestId('show-result').click();
    await waitForScreen(page, 'staffPin');
    await createFirstAdmin(page, ADMIN);
    await waitForScreen(page, 'result', 30_000);

    // Each element of the review workspace.
    expect(await page.getByTestId('result-source').textContent()).toMatch(/NOT a Yoti verification/);
    expect(await page.getByTestId('result-reference').textContent()).toBe(reference);
    expect(await page.getByTestId('result-session-state').textContent()).toBe('Completed');
    expect(await page.getByTestId('result-completed-at').locator('time').getAttribute('datetime')).toMatch(
      /^\d{4}-\d{2}-\d{2}T/,
    );
    expect(await page.getByTestId('summary-failed').textContent()).toMatch(/Document authenticity/);
    expect(await page.getByTestId('summary-passed').textContent()).toMatch(/Face match/);
    // Codes only under the details: the check card says the reason in words.
    const authenticity = page.locator('[data-testid="check-card"][data-check="ID_DOCUMENT_AUTHENTICITY"]');
    expect(await authenticity.getByTestId('check-reason').textContent()).toContain('The document has expired.');
    expect(await authenticity.locator('h3').textContent()).toBe('Document authenticity');
    expect(await page.getByTestId('summary-details').textContent()).toContain('EXPIRED_DOCUMENT');
    // Portrait beside the face, with the score and the threshold.
    expect(await page.getByTestId('result-portrait').count()).toBe(1);
    expect(await page.getByTestId('result-face').count()).toBe(1);
    expect(await page.getByTestId('face-match-score').textContent()).toMatch(/^\d+(\.\d+)?$/);
    expect(await page.getByTestId('face-match-threshold').textContent()).toMatch(/^\d+(\.\d+)?$/);
    // Fields by name, each with where it was read (the specimen's MRZ from the photo).
    const surname = page.locator('[data-testid="field-row"][data-field="family_name"]');
    expect(await surname.locator('th').textContent()).toBe('Family name');
    expect((await surname.getByTestId('field-source').textContent())?.trim()).toBe('MRZ (photo)');
    expect(await page.getByTestId('field-source-note').textContent()).toContain('Sources agree');
    // Capture quality of the front page, as the service measured it.
    const front = page.locator('[data-testid="capture-note"][data-side="front"]');
    expect(await front.textContent()).toMatch(/Page front: fit to check\.|Page front: /);
    expect(await front.textContent()).toContain('sharpness');
    await page.setViewportSize({ width: 1280, height: 2600 });
    await screenshot(page, 'staff-20-review-sources-quality');
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 800 });

    // Approve with a reason (its label in words), confirm.
    await page.getByTestId('decision-APPROVE').click();
    expect(
      await page.getByTestId('decision-reason').locator('option[value="DOCUMENT_AND_FACE_MATCH"]').textContent(),
    ).toBe('The document and the face match');
    await page.getByTestId('decision-reason').selectOption('DOCUMENT_AND_FACE_MATCH');
    await page.getByTestId('decision-next').click();
    await page.getByTestId('decision-confirm').click();
    await page.getByTestId('decision-reference').waitFor();
    const recorded = kiosk.toPage.find((m) => m.kind === 'result' && m.name === 'recordDecision')?.value as {
      ok: true;
      value: { reference: string };
    };
    const decisionRef = recorded.value.reference;

    // Both prints: PDFs (no printer here), kept and read back.
    mkdirSync(RECEIPTS_DIR, { recursive: true });
    for (const kind of ['receipt', 'report'] as const) {
      await page.getByTestId(`print-${kind}`).click();
      await expect.poll(() => page.getByTestId(`print-${kind}-result`).textContent(), { timeout: 30_000 }).toMatch(
        /^PDF made/,
      );
    }
    await screenshot(page, 'staff-21-printed');
    expect(await seriousViolations(page)).toEqual([]);
    const prints = kiosk.toPage.filter((m) => m.kind === 'result' && m.name === 'printDocument');
    expect(prints).toHaveLength(2);
    const [receipt, report] = prints.map((m) => (m.value as { value: { pdf: Uint8Array } }).value.pdf);
    const receiptFile = path.join(RECEIPTS_DIR, 'e2e-receipt.pdf');
    const reportFile = path.join(RECEIPTS_DIR, 'e2e-report.pdf');
    writeFileSync(receiptFile, receipt!);
    writeFileSync(reportFile, report!);
    for (const f of [receiptFile, reportFile])
      execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', f, f.replace(/\.pdf$/, '')]);

    const receiptText = pdftotext(receiptFile);
    for (const words of ['Identity check receipt', decisionRef, reference, 'kiosk-e2e-counter', 'Approved', 'Passport', 'UTO'])
      expect(receiptText).toContain(words);
    expect(receiptText).toContain('Local IDV service — not a Yoti verification');
    // Minimal personal data: no name, no document number on the receipt.
    for (const personal of ['ERIKSSON', 'L898902C3']) expect(receiptText).not.toContain(personal);
    const reportText = pdftotext(reportFile);
    for (const words of [
      'Identity verification report',
      'ID_DOCUMENT_AUTHENTICITY',
      'ID_DOCUMENT_FACE_MATCH',
      'EXPIRED_DOCUMENT',
      'DOCUMENT_AND_FACE_MATCH',
      ADMIN.displayName,
      decisionRef,
      'ERIKSSON',
      '(read from MRZ)',
      'Capture quality',
    ])
      expect(reportText).toContain(words);

    // The audit log holds: the chain and every HMAC (the key file beside it).
    const keyFile = path.join(dataDir, 'audit', 'audit.key');
    const ok = await runAuditCli(['verify', '--data', dataDir, '--key-file', keyFile]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(kiosk.pageErrors).toEqual([]);
    // Tampered (the kiosk closed first, so no writer holds the file): the decision edited, as
    // someone with write access to the folder could.
    await kiosk.close();
    closed = true;
    const db = new Database(path.join(dataDir, 'audit', 'audit.sqlite'), { fileMustExist: true });
    try {
      db.run(`UPDATE entries SET entry = json_set(entry, '$.decision', 'reject') WHERE seq = 1`);
    } finally {
      db.close();
    }
    const broken = await runAuditCli(['verify', '--data', dataDir, '--key-file', keyFile]);
    expect(broken.code).toBe(1);
    expect(broken.stdout + broken.stderr).toContain("BROKEN at entry 1: entry 1's content does not match its hash");
  }, 300_000);
});
