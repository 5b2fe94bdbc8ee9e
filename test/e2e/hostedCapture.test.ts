// Kiosk hosted capture end to end in the Chromium host: the real kiosk (composeKiosk, embedded
// local service, capture "hosted") and the fallback host's hosted view — a separate page, not a
// frame of the kiosk page — showing the local service's hosted web client, the same code path as
// with Yoti. The renderer asks through the bridge and gets a handle; main launches the page by URL;
// the person goes through with the fake camera; SUCCESS moves the kiosk on and the result is
// followed to COMPLETED and reviewed at the staff station, labelled "Local IDV service". Nothing
// that crosses the kiosk bridge holds the token; the locked view refuses other origins, popups and
// downloads; closing it leaves no storage behind.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { HostedViewPort } from '../../electron/services/hostedCapture';
import { buildWebClient } from '../../idv/web/webClientBuild';
import { buildRenderer, createChromiumHostedView, type ChromiumHostedView } from '../../scripts/browserHost';
import { cameraFiles } from './support/cameraFiles';
import { screenshot, startKiosk, type KioskUnderTest } from './support/kioskHarness';

let kiosk: KioskUnderTest;
let view: ChromiumHostedView;
const launchedUrls: string[] = [];
let elsewhere: { server: Server; url: string; hits: string[] };

/** What the kiosk page's script can do: the bridge only (Playwright evaluates it there). */
type Bridge = {
  kiosk: Record<string, (r: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>> & {
    on(event: string, fn: (payload: unknown) => void): () => void;
  };
};

function bridge<T>(page: Page, channel: string, request: unknown): Promise<{ ok: boolean; value?: T; error?: { code: string; message: string } }> {
  return page.evaluate(
    ([c, r]) => (globalThis as unknown as Bridge).kiosk[c as string](r) as never,
    [channel, request] as const,
  );
}

beforeAll(async () => {
  await Promise.all([buildRenderer(), buildWebClient()]);
  kiosk = await startKiosk({
    camera: cameraFiles().sharp,
    runtime: { capture: 'hosted', mode: 'staff', hostedTimeoutMs: 120_000 },
  });
  view = createChromiumHostedView(kiosk.host.context);
  // The test sees the URL main launches (to know the token it must never find on the bridge).
  const recording: HostedViewPort = {
    open: (o) => {
      launchedUrls.push(o.url);
      return view.open(o);
    },
    close: () => view.close(),
  };
  kiosk.runtime.attachHostedView(recording);
  // The kiosk page listens for the end of the hosted capture as the renderer does.
  await kiosk.page.evaluate(() => {
    const g = globalThis as unknown as Bridge & { hostedEnded: unknown[] };
    g.hostedEnded = [];
    g.kiosk.on('hosted:ended', (p) => g.hostedEnded.push(p));
  });
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(200, { 'Content-Type': 'text/html' }).end('<h1>elsewhere</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  elsewhere = { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
});

afterAll(async () => {
  await kiosk?.close();
  await new Promise<void>((resolve) => (elsewhere ? elsewhere.server.close(() => resolve()) : resolve()));
});

const ended = () =>
  kiosk.page.evaluate(() => (globalThis as unknown as { hostedEnded: unknown[] }).hostedEnded);

describe('kiosk hosted capture (Chromium host, local hosted client)', () => {
  it('runs hosted capture: a handle for the renderer, the page in its own view, SUCCESS, the result at the staff station', async () => {
    const mode = await bridge(kiosk.page, 'getCaptureMode', {});
    expect(mode.value).toEqual({ capture: 'hosted', limitations: ['SCANNER_MRZ', 'CHIP', 'DEMO_CAMERA'] });
    const started = await bridge<{ handle: string; limitations: string[] }>(kiosk.page, 'startHostedCapture', { locale: 'en' });
    expect(started.ok).toBe(true);
    const handle = started.value!.handle;
    const hosted = view.current()!;
    // A separate page (target) of the browser, not a frame inside the kiosk page.
    expect(hosted).not.toBe(kiosk.page);
    expect(kiosk.page.frames()).toHaveLength(1);
    const serviceOrigin = new URL(launchedUrls[0]).origin;
    expect(new URL(hosted.url()).origin).toBe(serviceOrigin);
    await hosted.getByTestId('consent-agree').click();
    await screenshot(hosted, 'hosted-kiosk-01-consent-done');
    await hosted.locator('[data-country="UTO"]').click();
    await hosted.locator('[data-document="PASSPORT"]').click();
    await hosted.locator('[data-step="document"] video').waitFor();
    await screenshot(hosted, 'hosted-kiosk-02-document');
    await hosted
      .locator('[data-step="face"], [data-testid="feedback"]')
      .first()
      .waitFor({ timeout: 30_000 })
      .catch(() => hosted.getByTestId('shutter').click());
    if (await hosted.getByTestId('feedback').count()) await hosted.getByTestId('keep').click();
    await hosted.locator('[data-step="face"]').waitFor({ timeout: 60_000 });
    await expect.poll(() => hosted.getByTestId('shutter').isEnabled(), { timeout: 15_000 }).toBe(true);
    await screenshot(hosted, 'hosted-kiosk-03-face');
    await hosted.getByTestId('shutter').click();

    await expect.poll(ended, { timeout: 60_000 }).toEqual([
      { handle, outcome: 'SUCCESS', code: null, message: 'The documents were sent for checking.' },
    ]);
    // The view is gone after the person: closed, its storage cleared.
    expect(view.current()).toBeNull();
    expect(hosted.isClosed()).toBe(true);
    await screenshot(kiosk.page, 'hosted-kiosk-04-kiosk-after-success');

    // Followed to its result like a kiosk submit.
    await expect
      .poll(
        () =>
          kiosk.toPage.some(
            (e) => e.kind === 'event' && e.name === 'session:state' && (e.value as { state: string }).state === 'COMPLETED',
          ),
        { timeout: 120_000 },
      )
      .toBe(true);
    // Reviewed at the staff station, labelled by where it came from.
    const admin = await bridge(kiosk.page, 'staffCreateFirstAdmin', { name: 'ada', displayName: 'Ada', pin: '246813' });
    expect(admin.ok).toBe(true);
    const report = await bridge<{ source: { label: string; kind: string }; sessionState: string }>(kiosk.page, 'getReport', { handle });
    expect(report.ok).toBe(true);
    expect(report.value!.sessionState).toBe('COMPLETED');
    expect(report.value!.source.kind).toBe('embedded');
    expect(report.value!.source.label).toContain('Local IDV service');

    // Nothing that crossed the kiosk bridge, either way, holds the token or the page URL.
    const token = new URL(launchedUrls[0]).searchParams.get('sessionToken')!;
    expect(token.length).toBeGreaterThan(15);
    expect(JSON.stringify(kiosk.toPage)).not.toContain(token);
    expect(JSON.stringify(kiosk.calls)).not.toContain(token);
    expect(JSON.stringify(kiosk.toPage)).not.toContain('sessionToken');
  });

  it('goes through the kiosk’s own screens: attract → consent → the hosted page → SUCCESS → waiting → done', async () => {
    const page = kiosk.page;
    // The renderer stayed on attract while the bridge was driven directly above.
    await page.getByTestId('start').click();
    await page.getByTestId('consent-accept').click();
    // The renderer asked main to open the page; the kiosk keeps its strip with Cancel above it.
    await page.locator('[data-screen="hosted"][data-phase="open"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('hosted-limitations').textContent()).toContain('chip');
    await screenshot(page, 'hosted-kiosk-06-strip');
    const hosted = view.current()!;
    expect(new URL(hosted.url()).origin).toBe(new URL(launchedUrls.at(-1)!).origin);
    await hosted.getByTestId('consent-agree').click();
    await hosted.locator('[data-country="UTO"]').click();
    await hosted.locator('[data-document="PASSPORT"]').click();
    await hosted
      .locator('[data-step="face"], [data-testid="feedback"]')
      .first()
      .waitFor({ timeout: 60_000 })
      .catch(() => hosted.getByTestId('shutter').click());
    if (await hosted.getByTestId('feedback').count()) await hosted.getByTestId('keep').click();
    await hosted.locator('[data-step="face"]').waitFor({ timeout: 60_000 });
    await expect.poll(() => hosted.getByTestId('shutter').isEnabled(), { timeout: 15_000 }).toBe(true);
    await hosted.getByTestId('shutter').click();
    // SUCCESS: the view is closed and the kiosk waits for the result, then shows it is done.
    await page.locator('[data-screen="uploading"], [data-screen="done"]').first().waitFor({ timeout: 60_000 });
    expect(view.current()).toBeNull();
    await screenshot(page, 'hosted-kiosk-07-waiting');
    await page.locator('[data-screen="done"]').waitFor({ timeout: 120_000 });
    await screenshot(page, 'hosted-kiosk-08-done');
    // Nothing on the kiosk page's side ever held the page's token.
    const token = new URL(launchedUrls.at(-1)!).searchParams.get('sessionToken')!;
    expect(JSON.stringify(kiosk.toPage)).not.toContain(token);
  });

  it('locks the view to the service: another origin and a popup are refused; cancel wipes it', async () => {
    const started = await bridge<{ handle: string }>(kiosk.page, 'startHostedCapture', { locale: 'en' });
    const handle = started.value!.handle;
    const hosted = view.current()!;
    const before = hosted.url();
    await hosted.getByTestId('consent-agree').waitFor();
    await hosted.evaluate((url) => {
      (globalThis as unknown as { location: { href: string } }).location.href = url;
    }, `${elsewhere.url}/phish`);
    const popupsBefore = kiosk.host.context.pages().length;
    await hosted.evaluate((url) => {
      (globalThis as unknown as { open(u: string): unknown }).open(url);
    }, `${elsewhere.url}/popup`);
    await expect.poll(() => kiosk.host.context.pages().length).toBe(popupsBefore);
    // Still the service's page, and the other origin never saw a request.
    await hosted.getByTestId('consent-agree').waitFor();
    expect(hosted.url()).toBe(before);
    expect(elsewhere.hits).toEqual([]);
    await screenshot(hosted, 'hosted-kiosk-05-locked');

    // The person walks away: the renderer ends it; the view closes and the session is wiped.
    const endedNow = await bridge<{ ended: boolean }>(kiosk.page, 'endHostedCapture', { handle });
    expect(endedNow.value).toEqual({ ended: true });
    expect(view.current()).toBeNull();
    const status = await bridge(kiosk.page, 'getSessionStatus', { handle });
    expect(status.ok).toBe(false);
    expect(status.error!.code).toBe('UNKNOWN_SESSION');
    await expect.poll(ended).toContainEqual({ handle, outcome: 'VIEW_CLOSED', code: null, message: 'The verification was cancelled.' });
  });
});
