// The in-branch station end to end (Yoti's IBV model) in Chromium, with the real kiosk runtime and
// its embedded service. Before the kiosk starts, the relying party (the kiosk's own app, in its
// data folder) creates an IBV session with ibv_options and fetches the letter; the letter PDF is
// rendered with pdftoppm and becomes the fake camera. Staff sign in, press "Customer has a
// letter": main reads the QR in a camera frame (zxing-wasm), opens the session through the branch
// API, the page is captured (the demo camera's specimen page: Chromium has one fake camera, which
// shows the letter), staff record the visual review, the session completes with
// IBV_VISUAL_REVIEW_CHECK and the receipt PDF is read back with pdftotext. Bad letters (not a
// letter, unknown, another business's) are refused in words and change nothing.
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Payload, RequestBuilder } from 'yoti';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdvServer } from '../../idv/server';
import { silentLogger } from '../../platform/logger';
import { buildRenderer } from '../../scripts/browserHost';
import { launchChromiumPdf, type ChromiumPdfRenderer } from '../../scripts/chromiumPdf';
import { screenshot, startKiosk, waitForScreen, type KioskUnderTest } from './support/kioskHarness';
import { createFirstAdmin, tapStaffCorner } from './support/staffScreens';

const require = createRequire(import.meta.url);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MEDIA = path.join(repoRoot, 'test-results', 'e2e-media');
const ADMIN = { name: 'bea', displayName: 'Bea Counter', pin: '864202' };

function keyPair() {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

/** A relying party's signed call (the Node SDK has no IBV methods: yoti's RequestBuilder). */
async function rp(base: string, app: { sdkId: string; privateKeyPem: string }, method: 'POST' | 'PUT' | 'GET', endpoint: string, body?: unknown) {
  const builder = new RequestBuilder()
    .withBaseUrl(base)
    .withPemString(app.privateKeyPem)
    .withEndpoint(endpoint)
    .withMethod(method)
    .withQueryParam('sdkId', app.sdkId);
  if (body !== undefined) builder.withPayload(new Payload(body));
  const response = await builder.build().execute(method === 'GET');
  return response.getParsedResponse() as unknown;
}

/** An IBV session of `app` with its instructions, and its letter as a PDF. */
async function ibvLetter(base: string, app: { sdkId: string; privateKeyPem: string }, face = false) {
  const created = (await rp(base, app, 'POST', '/sessions', {
    client_session_token_ttl: 86_400,
    ibv_options: { support: 'MANDATORY' },
    requested_checks: [
      { type: 'IBV_VISUAL_REVIEW_CHECK', config: { manual_check: 'IBV' } },
      { type: 'ID_DOCUMENT_AUTHENTICITY', config: { manual_check: 'IBV' } },
      // The customer's face is taken at the branch too (a static liveness frame).
      ...(face ? [{ type: 'LIVENESS', config: { liveness_type: 'STATIC' } }] : []),
    ],
    requested_tasks: [{ type: 'ID_DOCUMENT_TEXT_DATA_EXTRACTION', config: { manual_check: 'IBV' } }],
    resources: { applicant_profile: { full_name: 'Anna Maria Eriksson', date_of_birth: '1974-08-12' } },
  })) as { session_id: string };
  const sessionId = created.session_id;
  const config = (await rp(base, app, 'GET', `/sessions/${sessionId}/configuration`)) as {
    capture: { required_resources: Array<{ id: string; type: string }> };
  };
  const requirement = config.capture.required_resources.find((r) => r.type === 'ID_DOCUMENT');
  await rp(base, app, 'PUT', `/sessions/${sessionId}/instructions`, {
    contact_profile: { first_name: 'Anna', last_name: 'Eriksson', email: 'anna@example.com' },
    documents: [
      { requirement_id: requirement?.id, document: { type: 'ID_DOCUMENT', country_code: 'UTO', document_type: 'PASSPORT' } },
    ],
    branch: { type: 'UK_POST_OFFICE', name: 'High Street' },
  });
  const pdf = (await rp(base, app, 'GET', `/sessions/${sessionId}/instructions/pdf`)) as Buffer;
  return { sessionId, pdf };
}

/** The letter as the camera sees it (pdftoppm → y4m) and the text of its QR code (zxing-wasm). */
async function letterCamera(pdf: Buffer, name: string): Promise<{ camera: string; qr: string }> {
  mkdirSync(MEDIA, { recursive: true });
  const pdfFile = path.join(MEDIA, `${name}.pdf`);
  writeFileSync(pdfFile, pdf);
  execFileSync('pdftoppm', ['-png', '-r', '150', '-singlefile', pdfFile, path.join(MEDIA, name)]);
  const png = path.join(MEDIA, `${name}.png`);
  const camera = path.join(MEDIA, `${name}.y4m`);
  execFileSync('ffmpeg', [
    '-loglevel', 'error', '-y', '-i', png,
    '-vf', 'scale=1920:1080:force_original_aspect_ratio=decrease,pad=1920:1080:(ow-iw)/2:(oh-ih)/2',
    '-pix_fmt', 'yuv420p', '-frames:v', '1', camera,
  ]);
  const found = await readBarcodes(new Blob([readFileSync(png)]), { formats: ['QRCode'], tryHarder: true });
  return { camera, qr: found[0]?.text ?? '' };
}

describe('kiosk e2e: the in-branch station (Chromium, real kiosk runtime, embedded IDV service)', () => {
  let kiosk: KioskUnderTest;
  let pdfRenderer: ChromiumPdfRenderer;
  let dataDir: string;
  let sessionId = '';
  let letterQr = '';
  let otherBusinessQr = '';
  let app: { sdkId: string; privateKeyPem: string };

  beforeAll(async () => {
    const wasm = readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm'));
    await prepareZXingModule({
      overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) },
      fireImmediately: true,
    });
    await buildRenderer();
    pdfRenderer = await launchChromiumPdf();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'kiosk-e2e-branch-'));
    // The relying party's side, before the kiosk starts: the kiosk's own app on its embedded store.
    const server = await createIdvServer({ dataDir: path.join(dataDir, 'idv'), port: 0, host: '127.0.0.1', demo: true, sandbox: false, vision: null, logger: silentLogger });
    try {
      const keys = keyPair();
      app = { sdkId: await server.apps.register('Doc Scan Kiosk', keys.publicKey), privateKeyPem: keys.privateKey };
      const otherKeys = keyPair();
      const other = { sdkId: await server.apps.register('Another business', otherKeys.publicKey), privateKeyPem: otherKeys.privateKey };
      const mine = await ibvLetter(server.rpApiUrl, app, true);
      sessionId = mine.sessionId;
      const camera = await letterCamera(mine.pdf, 'branch-letter');
      letterQr = camera.qr;
      otherBusinessQr = (await letterCamera((await ibvLetter(server.rpApiUrl, other)).pdf, 'branch-letter-other')).qr;
      kiosk = await startKiosk({
        camera: camera.camera,
        runtime: { mode: 'staff', dataDir, embeddedApp: app, kioskId: 'branch-e2e', printing: { pdf: pdfRenderer } },
      });
    } finally {
      await server.close().catch(() => undefined);
    }
    const { page } = kiosk;
    await waitForScreen(page, 'attract');
    await tapStaffCorner(page);
    await createFirstAdmin(page, ADMIN);
    await waitForScreen(page, 'staffHome');
  }, 180_000);
  afterAll(async () => {
    await kiosk?.close();
    await pdfRenderer?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses bad letters in words (not a letter, unknown, another business) and changes nothing', async () => {
    const { page } = kiosk;
    expect(letterQr).toMatch(new RegExp(`^IDVLOCAL-IBV:1:${sessionId}:[A-Za-z0-9_-]{32}$`));
    // Typed codes: the camera shows the good letter, but the scan starts only when staff press Scan.
    await page.getByTestId('branch-entry').click();
    await waitForScreen(page, 'branch');
    const cases: Array<[string, string, string]> = [
      ['hello', 'NOT_A_LETTER_CODE', 'This is not the code of an In-Branch Verification letter.'],
      [`IDVLOCAL-IBV:1:${sessionId}:${'A'.repeat(32)}`, 'LETTER_NOT_FOUND', 'This letter is not known. A newer letter may have replaced it: ask the customer for their latest letter.'],
      [otherBusinessQr, 'LETTER_OTHER_BUSINESS', 'This letter is for another organisation. This station cannot open it.'],
    ];
    for (const [code, refusal, words] of cases) {
      await page.getByTestId('branch-code').fill(code);
      await page.getByTestId('branch-open-code').click();
      const shown = page.locator(`[data-testid="branch-refusal"][data-refusal="${refusal}"]`);
      await shown.waitFor();
      expect(await shown.locator('strong').textContent()).toBe(words);
      expect(await page.getByTestId('branch-refusal').locator('p').textContent()).toBe('Nothing was changed: the letter was not used.');
      if (refusal === 'LETTER_OTHER_BUSINESS') await screenshot(page, 'branch-01-refused-other-business');
      await page.getByTestId('branch-scan-again').click();
    }
    // Nothing crossed to the page that could open anything: no letter text, no capture token.
    const crossed = JSON.stringify(kiosk.toPage);
    expect(crossed).not.toContain('capture_token');
    expect(crossed).not.toContain(letterQr.split(':').at(-1) ?? 'missing');
    await page.getByTestId('branch-cancel').click();
    await waitForScreen(page, 'staffHome');
  });

  it('scans the letter, opens the session, captures, records the visual review: COMPLETED with IBV_VISUAL_REVIEW_CHECK, receipt', { timeout: 240_000 }, async () => {
    const { page } = kiosk;
    await page.getByTestId('branch-entry').click();
    await waitForScreen(page, 'branch');
    await page.getByTestId('branch-scan').click();
    await screenshot(page, 'branch-02-scan');
    // main reads the QR code from a camera frame and opens the session.
    await page.locator('[data-screen="branch"][data-stage="capture"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('branch-profile-name').textContent()).toBe('Anna Eriksson');
    expect((await page.getByTestId('branch-profile-document').textContent())?.trim()).toBe('PASSPORT issued by UTO');
    await page.getByTestId('branch-demo-front').click();
    await page.getByTestId('branch-page-image').waitFor();
    // The session asks for a face: not ready for the review until the customer's photo is taken.
    expect(await page.getByTestId('branch-to-review').isDisabled()).toBe(true);
    // The fake camera shows the letter, so the face is the demo camera's face picture (as the page is).
    await page.getByTestId('branch-demo-face').click();
    await page.getByTestId('branch-face-image').waitFor();
    await screenshot(page, 'branch-03-profile-beside-document');
    await page.getByTestId('branch-to-review').click();
    await page.getByTestId('branch-check-document').check();
    await page.getByTestId('branch-check-photo').check();
    await page.getByTestId('branch-check-details').check();
    // The review shows the face beside the document page and the profile.
    expect(await page.getByTestId('branch-face-image').isVisible()).toBe(true);
    expect(await page.getByTestId('branch-page-image').isVisible()).toBe(true);
    expect(await page.getByTestId('branch-profile').isVisible()).toBe(true);
    await screenshot(page, 'branch-04-visual-review');
    await page.getByTestId('branch-submit').click();
    const result = page.getByTestId('branch-result');
    await result.waitFor({ timeout: 150_000 });
    expect(await result.getAttribute('data-state')).toBe('COMPLETED');
    expect(await page.getByTestId('branch-decision').textContent()).toBe('Approved');
    expect(await page.locator('[data-check="IBV_VISUAL_REVIEW_CHECK"]').getAttribute('data-recommendation')).toBe('APPROVE');
    expect(await page.locator('[data-check="LIVENESS"]').count()).toBe(1);
    const reference = (await page.getByTestId('branch-reference').textContent()) ?? '';
    expect(reference).toMatch(/^V-/);
    await page.getByTestId('branch-print').click();
    expect(await page.getByTestId('branch-receipt').textContent()).toBe('Receipt made (no printer is set up: PDF only).');
    await screenshot(page, 'branch-05-completed');

    // The receipt main made, read back as text.
    const answer = kiosk.toPage.filter((x) => x.name === 'branchPrintReceipt').at(-1)?.value as
      | { ok: true; value: { pdf: Uint8Array } }
      | undefined;
    const printed = answer?.value;
    const receiptFile = path.join(MEDIA, 'branch-receipt.pdf');
    writeFileSync(receiptFile, Buffer.from(printed?.pdf ?? new Uint8Array()));
    const text = execFileSync('pdftotext', ['-layout', receiptFile, '-'], { encoding: 'utf8' }).replace(/[ \t]+/g, ' ');
    expect(text).toContain(reference);
    expect(text).toMatch(/Kiosk\s+branch-e2e/);
    expect(text).toMatch(/Decision\s+Approved/);
    expect(text).toMatch(/Document\s+Passport/);
    expect(text).toContain('Local IDV service — not a Yoti verification');

    // The same letter again: used (the session is complete now), refused in words.
    await page.getByTestId('branch-finish').click();
    await waitForScreen(page, 'staffHome');
    expect(await page.locator('[data-screen="branch"]').count()).toBe(0);
    const crossed = JSON.stringify(kiosk.toPage);
    expect(crossed).not.toContain('capture_token');
    expect(kiosk.pageErrors).toEqual([]);

    // The review and the submit are in the kiosk's audit log, which IT's tool still verifies.
    const cli = (args: string[]) =>
      execFileSync(process.execPath, [require.resolve('tsx/cli'), 'electron/services/audit/auditCli.ts', ...args], {
        cwd: repoRoot,
        encoding: 'utf8',
      });
    const exported = JSON.parse(cli(['export', '--data', dataDir, '--reference', reference, '--format', 'json'])) as Array<{
      kind: string;
      stage?: string;
      decision?: string;
      kioskId: string;
      points?: unknown;
    }>;
    expect(exported.map((e) => [e.kind, e.stage, e.decision, e.kioskId])).toEqual([
      ['branchReview', 'review', 'approve', 'branch-e2e'],
      ['branchReview', 'submit', 'approve', 'branch-e2e'],
    ]);
    expect(exported[0]?.points).toEqual({ documentInHand: true, photoMatchesPerson: true, detailsMatchProfile: true });
    expect(cli(['verify', '--data', dataDir])).toContain('2 entries');
  });
});
