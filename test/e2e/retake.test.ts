// A retake replaces the rejected page, end to end (issue 8, part 1): in Chromium with the fake
// camera, the first photo of the passport is blurred and the service rejects it; the person
// retakes it once the camera shows the page sharply; the flow finishes; and the page the service
// verified — fetched through the RP API with the official yoti SDK, as the relying party would —
// is byte for byte the retake that crossed the bridge, not the rejected photo.
//
// The fake camera is one file for the whole browser. Chromium reopens it each time the page opens
// the camera (the capture screen stops its stream when it leaves), so the test swaps what the file
// shows between the two takes: blurred first, then sharp — as a person would steady the page.
import { copyFileSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDVClient } from 'yoti';
import { createIdvServer, type IdvServer } from '../../idv/server';
import { openIdvStore } from '../../idv/store/index';
import { createNodeVision } from '../../vision/node';
import { buildRenderer } from '../../scripts/browserHost';
import { cameraFiles } from './support/cameraFiles';
import { waitForPageChecked } from './support/customerWalk';
import {
  flowState,
  screenshot,
  startAndChoose,
  startKiosk,
  waitForCamera,
  waitForScreen,
  type KioskUnderTest,
} from './support/kioskHarness';

describe('kiosk e2e: a retake replaces the rejected page', () => {
  let root: string;
  let camera: string;
  let server: IdvServer;
  let app: { sdkId: string; privateKeyPem: string };
  let kiosk: KioskUnderTest;
  const media = cameraFiles();

  /** What the fake camera shows from its next opening on. */
  function cameraShows(file: string): void {
    copyFileSync(file, `${camera}.next`);
    renameSync(`${camera}.next`, camera);
  }

  beforeAll(async () => {
    await buildRenderer();
    root = mkdtempSync(path.join(os.tmpdir(), 'kiosk-e2e-retake-'));
    camera = path.join(root, 'camera.y4m');
    cameraShows(media.blurred);
    // The relying party's service, with an app whose key this test holds to read the result.
    server = await createIdvServer({
      dataDir: path.join(root, 'idv'),
      port: 0,
      host: '127.0.0.1',
      demo: true,
      vision: await createNodeVision(),
    });
    app = await server.apps.create('retake e2e');
    kiosk = await startKiosk({
      camera,
      runtime: {
        service: {
          apiBaseUrl: server.rpApiUrl,
          sdkId: app.sdkId,
          privateKeyPem: app.privateKeyPem,
          kind: 'standalone',
        },
      },
    });
  }, 120_000);
  afterAll(async () => {
    await kiosk?.close();
    await server?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('verifies the retake: the RP API serves the retaken page byte for byte', async () => {
    const { page } = kiosk;
    await startAndChoose(page, 'UTO', 'U', 'PASSPORT');
    await waitForCamera(page);
    await expect
      .poll(() => page.locator('[data-guidance]').getAttribute('data-guidance'), { timeout: 15_000 })
      .toBe('BLURRED');
    await page.getByTestId('shutter').click();
    await waitForScreen(page, 'review');
    await waitForPageChecked(page);
    expect(await page.locator('[data-screen="review"]').getAttribute('data-status')).toBe('rejected');
    // The service's attempts: one used by the rejected photo, two left (Yoti's GENERIC default of 3).
    expect(await page.getByTestId('review-tries').textContent()).toContain('2 tries left');
    await screenshot(page, '06c-review-rejected-tries-left');
    const uploads = () => kiosk.calls.filter((c) => c.channel === 'uploadPage');
    expect(uploads()).toHaveLength(1);
    const rejected = (uploads()[0].request as { image: Uint8Array }).image;

    cameraShows(media.sharp);
    await page.getByTestId('retake').click();
    await waitForScreen(page, 'capture');
    await waitForCamera(page);
    // The steady, sharp page is taken automatically.
    await waitForScreen(page, 'review', 30_000);
    await waitForPageChecked(page);
    expect(await page.locator('[data-screen="review"]').getAttribute('data-status')).toBe('accepted');
    expect(uploads()).toHaveLength(2);
    const retake = (uploads()[1].request as { image: Uint8Array }).image;
    expect(Buffer.from(retake).equals(Buffer.from(rejected))).toBe(false);
    // What main answered the page: the rejection with its tries left, then the accepted retake.
    expect(uploadsAnswers(kiosk)).toMatchObject([
      { ok: true, value: { status: 'uploaded', feedback: { acceptable: false }, attemptsRemaining: 2 } },
      { ok: true, value: { status: 'uploaded', feedback: { acceptable: true }, attemptsRemaining: 2 } },
    ]);
    await page.getByTestId('use-photo').click();

    await waitForScreen(page, 'face');
    await waitForCamera(page);
    await page.getByTestId('shutter').click();
    await waitForScreen(page, 'done', 120_000);
    expect((await flowState(page)).step).toBe('done');

    // The relying party's view: the session this kiosk created, read with the official SDK.
    const store = await openIdvStore({ dataDir: path.join(root, 'idv') });
    const [session] = store.sessions.listForApp(app.sdkId);
    store.close();
    const idv = new IDVClient(app.sdkId, app.privateKeyPem, { apiUrl: server.rpApiUrl });
    await expect
      .poll(async () => (await idv.getSession(session.id)).getState(), { timeout: 60_000 })
      .toBe('COMPLETED');
    const result = await idv.getSession(session.id);
    const [doc] = result.getResources().getIdDocuments();
    const pages = doc.getPages();
    expect(pages).toHaveLength(1);
    const verified = await idv.getMediaContent(session.id, pages[0].getMedia().getId());
    expect(verified?.getMimeType()).toBe('image/jpeg');
    expect(Buffer.compare(verified!.getContent(), Buffer.from(retake))).toBe(0);
    // And the checks read it: the passport's fields, not "no document".
    const fields = await idv.getMediaContent(session.id, doc.getDocumentFields().getMedia().getId());
    expect(JSON.parse(fields!.getContent().toString('utf8'))).toMatchObject({ family_name: 'ERIKSSON' });
    expect(kiosk.pageErrors).toEqual([]);
  }, 300_000);
});

/** What the kiosk answered the page for each uploadPage, in order. */
function uploadsAnswers(kiosk: KioskUnderTest): unknown[] {
  return kiosk.toPage.filter((m) => m.kind === 'result' && m.name === 'uploadPage').map((m) => m.value);
}
