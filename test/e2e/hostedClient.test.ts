// The hosted web client as a relying party's web page uses it: embedded in an iframe on a page of
// another origin (127.0.0.1, another port), with Chromium's fake camera showing the specimen
// passport. Launched both ways Yoti documents (URL parameters; bare, with INIT_SESSION posted
// after the page's STARTED), it takes the person through consent, the document, the photo and
// the face, and the parent receives SUCCESS; an expired token ends in ERROR 2000.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type FrameLocator, type Page } from 'playwright-core';
import {
  RequestedDocumentAuthenticityCheckBuilder,
  RequestedFaceMatchCheckBuilder,
  RequestedLivenessCheckBuilder,
  RequiredIdDocumentBuilder,
  SdkConfigBuilder,
  SessionSpecificationBuilder,
} from 'yoti';
import { CHROMIUM_PATH, chromiumArgs } from '../../scripts/browserHost';
import { buildWebClient } from '../../idv/web/webClientBuild';
import { startHarness, type Harness } from '../integration/idv/support';
import { cameraFiles } from './support/cameraFiles';
import { screenshot } from './support/kioskHarness';

let h: Harness;
let browser: Browser;
let context: BrowserContext;
let rp: { server: Server; url: string };

/** The relying party's page: frames the client, answers STARTED with INIT_SESSION, records events. */
function rpPage(frameSrc: string, launch: { sessionID: string; sessionToken: string } | null): string {
  const serviceOrigin = new URL(frameSrc).origin;
  return `<!doctype html><html><body>
<iframe id="yoti" src="${frameSrc}" allow="camera" style="width:100%;height:700px;border:0"></iframe>
<script>
window.events = [];
const launch = ${JSON.stringify(launch)};
window.addEventListener('message', (event) => {
  if (event.origin !== ${JSON.stringify(serviceOrigin)}) return;
  window.events.push(event.data);
  if (event.data && event.data.eventType === 'STARTED' && launch) {
    document.getElementById('yoti').contentWindow.postMessage(
      { eventType: 'INIT_SESSION', sessionID: launch.sessionID, sessionToken: launch.sessionToken },
      ${JSON.stringify(serviceOrigin)},
    );
  }
});
</script></body></html>`;
}

const pages = new Map<string, string>();

beforeAll(async () => {
  await buildWebClient();
  h = await startHarness();
  const server = createServer((req, res) => {
    const body = pages.get(req.url ?? '');
    res.writeHead(body ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8' }).end(body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  rp = { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: chromiumArgs({ fakeCameraFile: cameraFiles().sharp }),
  });
  context = await browser.newContext({ viewport: { width: 1100, height: 800 }, locale: 'en-GB' });
  await context.grantPermissions(['camera'], { origin: new URL(h.server.url).origin });
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await new Promise<void>((resolve) => (rp ? rp.server.close(() => resolve()) : resolve()));
  await h?.close();
});

async function newSession(
  sdk = new SdkConfigBuilder().withAllowsCamera().withPresetIssuingCountry('UTO'),
  blockBiometric = false,
) {
  const spec = new SessionSpecificationBuilder()
    .withClientSessionTokenTtl(600)
    .withBlockBiometricConsent(blockBiometric)
    .withRequestedCheck(new RequestedDocumentAuthenticityCheckBuilder().build())
    .withRequestedCheck(new RequestedLivenessCheckBuilder().forStaticLiveness().withMaxRetries(1).build())
    .withRequestedCheck(new RequestedFaceMatchCheckBuilder().withManualCheckNever().build())
    .withRequiredDocument(new RequiredIdDocumentBuilder().build())
    .withSdkConfig(sdk.build())
    .build();
  const created = await h.idv.createSession(spec);
  return { sessionID: created.getSessionId(), sessionToken: created.getClientSessionToken() };
}

async function openRpPage(name: string, html: string): Promise<Page> {
  pages.set(`/${name}`, html);
  const page = await context.newPage();
  await page.goto(`${rp.url}/${name}`);
  return page;
}

const events = (page: Page) => page.evaluate(() => (globalThis as unknown as { events: unknown[] }).events);

async function walkThrough(page: Page, frame: FrameLocator, shots: string): Promise<void> {
  await frame.getByTestId('consent-agree').click();
  await screenshot(page, `${shots}-consent-done`);
  // UTO is preset by sdk_config: straight to the kind of document.
  await frame.locator('[data-document="PASSPORT"]').click();
  await frame.locator('[data-step="document"] video').waitFor();
  await screenshot(page, `${shots}-document`);
  // Taken automatically when steady and sharp; the shutter is the fallback.
  await frame.locator('[data-step="face"], [data-testid="feedback"]').first().waitFor({ timeout: 30_000 }).catch(async () => {
    await frame.getByTestId('shutter').click();
  });
  if (await frame.getByTestId('feedback').count()) await frame.getByTestId('keep').click();
  await frame.locator('[data-step="face"]').waitFor({ timeout: 30_000 });
  await expect.poll(() => frame.getByTestId('shutter').isEnabled(), { timeout: 15_000 }).toBe(true);
  await screenshot(page, `${shots}-face`);
  await frame.getByTestId('shutter').click();
}

describe('hosted web client in an iframe (Chromium, fake camera)', () => {
  it('launched by URL parameters: the person goes through and the parent gets SUCCESS', async () => {
    const s = await newSession();
    const src = `${h.server.url}/idverify/v1/web/index.html?sessionID=${s.sessionID}&sessionToken=${s.sessionToken}`;
    const page = await openRpPage('url-launch', rpPage(src, null));
    const frame = page.frameLocator('#yoti');
    await expect.poll(() => frame.getByTestId('service-label').textContent(), { timeout: 20_000 }).toContain('Local IDV service');
    await screenshot(page, 'hosted-web-01-consent');
    await walkThrough(page, frame, 'hosted-web-url');
    await frame.getByTestId('done').waitFor({ timeout: 60_000 });
    await screenshot(page, 'hosted-web-02-done');
    await expect.poll(() => events(page), { timeout: 10_000 }).toEqual([{ eventType: 'SUCCESS' }]);
    // The page took the token out of its own address at once.
    const frameUrl = page.frames().find((f) => f.url().includes('/web/index.html'))!.url();
    expect(frameUrl).not.toContain(s.sessionToken);
    // Everything the session needed was uploaded and submitted.
    await h.server.idle();
    const result = await h.idv.getSession(s.sessionID);
    expect(result.getResources().getIdDocuments()).toHaveLength(1);
    expect(result.getResources().getIdDocuments()[0].getDocumentType()).toBe('PASSPORT');
    expect(result.getState()).toBe('COMPLETED');
    await page.close();
  });

  it('loaded bare: STARTED, then INIT_SESSION from the parent launches it, and SUCCESS comes back', async () => {
    const s = await newSession();
    const page = await openRpPage('post-launch', rpPage(`${h.server.url}/idverify/v1/web/index.html`, s));
    const frame = page.frameLocator('#yoti');
    await frame.getByTestId('consent-agree').waitFor();
    expect(await events(page)).toEqual([{ eventType: 'STARTED' }]);
    await walkThrough(page, frame, 'hosted-web-post');
    await frame.getByTestId('done').waitFor({ timeout: 60_000 });
    await expect.poll(() => events(page), { timeout: 10_000 }).toEqual([{ eventType: 'STARTED' }, { eventType: 'SUCCESS' }]);
    await page.close();
  });

  it('a session that blocks biometric capture until consent: the page records it and SUCCESS comes back', async () => {
    const s = await newSession(undefined, true);
    const src = `${h.server.url}/idverify/v1/web/index.html?sessionID=${s.sessionID}&sessionToken=${s.sessionToken}`;
    const page = await openRpPage('consent-blocked', rpPage(src, null));
    const frame = page.frameLocator('#yoti');
    await walkThrough(page, frame, 'hosted-web-consent');
    await frame.getByTestId('done').waitFor({ timeout: 60_000 });
    await expect.poll(() => events(page), { timeout: 10_000 }).toEqual([{ eventType: 'SUCCESS' }]);
    // Recorded on the service before the face went up (the upload would have been refused otherwise).
    const devices = await h.idv.getSessionTrackedDevices(s.sessionID);
    expect(JSON.stringify(devices)).toContain('BIOMETRIC_CONSENT_GIVEN');
    await page.close();
  });

  it('the camera unplugged mid-capture: the page says so and carries on when it is back', async () => {
    const s = await newSession();
    const src = `${h.server.url}/idverify/v1/web/index.html?sessionID=${s.sessionID}&sessionToken=${s.sessionToken}`;
    const page = await openRpPage('camera-lost', rpPage(src, null));
    const frame = page.frameLocator('#yoti');
    await frame.getByTestId('consent-agree').click();
    await frame.locator('[data-document="PASSPORT"]').click();
    const video = frame.locator('[data-step="document"] video');
    await expect
      .poll(() => video.evaluate((v) => (v as unknown as { srcObject: unknown }).srcObject !== null), { timeout: 10_000 })
      .toBe(true);
    // The track ends as it does when the camera is pulled out.
    await frame.locator('[data-step="document"] video').evaluate((v) => {
      const stream = (v as unknown as { srcObject: { getVideoTracks(): Array<{ stop(): void; dispatchEvent(e: unknown): boolean }> } }).srcObject;
      for (const track of stream.getVideoTracks()) {
        track.stop();
        track.dispatchEvent(new (globalThis as unknown as { Event: new (t: string) => unknown }).Event('ended'));
      }
    });
    await expect.poll(() => frame.getByTestId('camera-problem').textContent(), { timeout: 10_000 }).toContain(
      'The camera was disconnected. Plug it back in and try again.',
    );
    await screenshot(page, 'hosted-web-04-camera-lost');
    expect(await events(page)).toEqual([]);
    await frame.getByTestId('camera-problem').getByRole('button').click();
    await frame.locator('[data-step="document"] video').waitFor();
    await page.close();
  });

  it("an expired token: the page says so and the parent gets ERROR with Yoti's code 2000", async () => {
    const s = await newSession();
    h.clock.offsetMs = 601_000;
    try {
      const src = `${h.server.url}/idverify/v1/web/index.html?sessionID=${s.sessionID}&sessionToken=${s.sessionToken}`;
      const page = await openRpPage('expired', rpPage(src, null));
      const frame = page.frameLocator('#yoti');
      await frame.getByTestId('error').waitFor();
      expect(await frame.getByTestId('error-code').textContent()).toBe('Code 2000');
      await screenshot(page, 'hosted-web-03-error-expired');
      await expect.poll(() => events(page)).toEqual([{ eventType: 'ERROR', eventCode: 2000 }]);
      await page.close();
    } finally {
      h.clock.offsetMs = 0;
    }
  });

  it('launched bare with no session in the message: ERROR 2003 (no token)', async () => {
    const page = await openRpPage(
      'no-token',
      rpPage(`${h.server.url}/idverify/v1/web/index.html`, { sessionID: 'abc', sessionToken: '' }),
    );
    const frame = page.frameLocator('#yoti');
    await frame.getByTestId('error').waitFor();
    await expect.poll(() => events(page)).toEqual([{ eventType: 'STARTED' }, { eventType: 'ERROR', eventCode: 2003 }]);
    await page.close();
  });
});
