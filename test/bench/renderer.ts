// Renderer speed in Debian's Chromium (npm run -s bench -- renderer [--verifications N] [--baseline N]
// [--shutter-runs N] [--loads N] [--warmup N]):
// - attract screen painted after load: first-contentful-paint of the attract screen;
// - shutter press → review screen shown, for a 1920×1080 camera frame: the review paints the
//   grabbed frame at once; separately, shutter → the cropped JPEG (full-resolution grab,
//   perspective crop and JPEG encode in the capture worker, object URL, decode) on the review;
// - renderer JS heap after N (200) consecutive verifications vs after 10, with a series every 50,
//   the ratio from a warmed-up point (--warmup, 50) next to it, and a heap-snapshot census of
//   what grew (compiled code vs Blink objects vs JS objects by constructor, detached DOM nodes).
//
// The kiosk API here is a fast fake installed in the page (no main process, no IDV service):
// it answers every call at once with realistic payloads (the report carries the uploaded JPEG
// as bytes, like main's report does), so the figures are the renderer's own. Each
// verification is driven through the UI as a person would (start, consent, pick the document,
// press the shutter on the live fake camera, use the photo, take the face, view the staff
// result, finish), by DOM clicks from a loop inside the page, so Playwright's own bookkeeping
// does not sit in the heap being measured. The heap is read after two forced GCs
// (HeapProfiler.collectGarbage, Runtime.getHeapUsage), with a series of intermediate points.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CDPSession, Page } from 'playwright-core';
import { buildRenderer, pageScriptSource, startBrowserHost } from '../../scripts/browserHost';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// Page-side globals (this file is type-checked as Node code).
declare const window: Record<string, unknown>;
declare const document: {
  querySelector(s: string): { click(): void; complete?: boolean; naturalWidth?: number } | null;
};
declare function requestAnimationFrame(cb: () => void): number;
declare class MutationObserver {
  constructor(cb: () => void);
  observe(target: unknown, options: { attributes: boolean; attributeFilter: string[] }): void;
  disconnect(): void;
}

function arg(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  const v = i >= 0 ? Number(args[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

function stats(values: number[]): { median: number; p95: number; min: number; max: number; n: number } {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
  const r = (x: number) => Math.round(x * 10) / 10;
  return { median: r(at(0.5)), p95: r(at(0.95)), min: r(s[0]), max: r(s[s.length - 1]), n: s.length };
}

/** A 1920×1080 fake-camera video of the specimen, blurred so no automatic capture races the shutter. */
function camera1080(): string {
  const dir = path.join(projectRoot, 'test-results', 'e2e-media');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'passport-td3-1080p-blurred.y4m');
  if (!existsSync(file)) {
    const tmp = `${file}.${process.pid}.tmp.y4m`;
    execFileSync('ffmpeg', [
      '-loglevel',
      'error',
      '-y',
      '-i',
      path.join(projectRoot, 'test/fixtures/specimens/passport-td3.png'),
      '-vf',
      'scale=1920:1080:force_original_aspect_ratio=decrease,pad=1920:1080:(ow-iw)/2:(oh-ih)/2,gblur=sigma=12',
      '-pix_fmt',
      'yuv420p',
      '-frames:v',
      '1',
      tmp,
    ]);
    execFileSync('mv', ['-f', tmp, file]);
  }
  return file;
}

/** The in-page fake kiosk API (runs in the browser, before the app). */
function installFakeKiosk(_arg: null): void {
  type Listener = (p: unknown) => void;
  const listeners = new Map<string, Set<Listener>>();
  const handle = 'bench_handle_0123456789';
  let seq = 0;
  let lastImage: { bytes: Uint8Array; mime: string } | null = null;
  const emit = (event: string, payload: unknown) => {
    for (const l of listeners.get(event) ?? []) l(payload);
  };
  const ok = (value: unknown) => Promise.resolve({ ok: true, value });
  const api = {
    getAppInfo: () =>
      ok({
        version: 'bench',
        mode: 'staff',
        service: {
          kind: 'embedded',
          label: 'Local IDV service — not a Yoti verification (bench fake)',
          baseUrl: 'about:blank',
        },
        idleTimeoutMs: 3_600_000,
        demo: null,
        firstRun: false,
      }),
    startSession: () =>
      ok({
        handle: `${handle}${++seq}`.slice(0, 64),
        documents: [{ issuingCountry: 'UTO', documentTypes: [{ type: 'PASSPORT', pages: ['front'] }] }],
      }),
    selectDocument: () => ok({ requiredPages: ['front'] }),
    uploadPage: (req: { image: Uint8Array }) => {
      lastImage = { bytes: req.image, mime: 'image/jpeg' };
      return ok({ status: 'uploaded', feedback: { acceptable: true, issues: [] } });
    },
    uploadFace: () => ok({ status: 'uploaded' }),
    submitSession: (req: { handle: string }) => {
      setTimeout(() => {
        emit('upload:progress', { handle: req.handle, pending: 0, sent: 3, lastError: null });
        emit('session:state', { handle: req.handle, state: 'COMPLETED', message: null });
      }, 0);
      return ok({ accepted: true });
    },
    getReport: (req: { handle: string }) =>
      ok({
        handle: req.handle,
        source: {
          kind: 'embedded',
          label: 'Local IDV service — not a Yoti verification (bench fake)',
          baseUrl: 'about:blank',
        },
        sessionState: 'COMPLETED',
        documentType: 'PASSPORT',
        issuingCountry: 'UTO',
        checks: [
          'ID_DOCUMENT_AUTHENTICITY',
          'ID_DOCUMENT_TEXT_DATA_CHECK',
          'ID_DOCUMENT_FACE_MATCH',
          'LIVENESS',
        ].map((type) => ({
          type,
          state: 'DONE',
          recommendation: { value: 'APPROVE' },
          breakdown: [
            {
              subCheck: `${type.toLowerCase()}_sub`,
              result: 'PASS',
              details: [{ name: 'score', value: '0.9' }],
            },
          ],
        })),
        documentFields: { family_name: 'ERIKSSON', given_names: 'ANNA MARIA', document_number: 'L898902C3' },
        pages: [{ side: 'front', image: lastImage }],
        face: lastImage,
        completedAt: new Date().toISOString(),
      }),
    discardSession: () => {
      lastImage = null;
      return ok({ discarded: true });
    },
    listDevices: () => ok([]),
    getSessionStatus: () => ok({ state: 'COMPLETED' }),
    // The staff station: one account, any PIN accepted (the bench measures the screens, not main).
    staffStatus: () =>
      ok({ needsFirstAdmin: false, lockedForSeconds: 0, attemptsLeft: 5, unavailable: null, session: null }),
    staffSignIn: () =>
      ok({ displayName: 'Bench Staff', role: 'staff', idleTimeoutSeconds: 3600, warningSeconds: 30 }),
    staffSignOut: () => ok({ signedOut: true }),
    staffActivity: () => ok({ session: null }),
    getDecisionReasons: () => ok({ reasons: [{ code: 'DOCUMENT_AND_FACE_MATCH', decisions: ['APPROVE'] }] }),
    on: (event: string, l: Listener) => {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(l);
      return () => set.delete(l);
    },
  };
  Object.defineProperty(window, 'kiosk', { value: Object.freeze(api) });
}

type Cdp = CDPSession;
type Census = Map<string, { count: number; bytes: number }>;

/**
 * A heap snapshot (HeapProfiler.takeHeapSnapshot, which collects garbage first) reduced to a
 * census: live objects counted and summed by kind (constructor name for objects and closures,
 * the node type for strings, code, arrays and the like), plus detached DOM nodes. Two censuses
 * diffed say WHAT grew between two points, which the used-bytes figure alone cannot.
 */
async function heapCensus(cdp: Cdp): Promise<{ census: Census; detachedNodes: number }> {
  const chunks: string[] = [];
  const onChunk = (e: { chunk: string }) => chunks.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  try {
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  }
  const snap = JSON.parse(chunks.join('')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snap.snapshot.meta.node_fields;
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const detachedAt = fields.indexOf('detachedness');
  const types = snap.snapshot.meta.node_types[0];
  const named = new Set(['object', 'closure', 'native', 'regexp']);
  const census: Census = new Map();
  let detachedNodes = 0;
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + typeAt]] ?? 'unknown';
    const key = named.has(type) ? `${type}:${snap.strings[snap.nodes[i + nameAt]]}` : type;
    const entry = census.get(key) ?? { count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += snap.nodes[i + sizeAt];
    census.set(key, entry);
    if (detachedAt >= 0 && snap.nodes[i + detachedAt] === 2) detachedNodes++;
  }
  return { census, detachedNodes };
}

/** The kinds that grew most between two censuses (bytes and counts of live objects). */
function censusGrowth(before: Census, after: Census, top = 12) {
  const keys = new Set([...before.keys(), ...after.keys()]);
  const rows = [...keys].map((kind) => {
    const a = before.get(kind) ?? { count: 0, bytes: 0 };
    const b = after.get(kind) ?? { count: 0, bytes: 0 };
    return { kind, bytes: b.bytes - a.bytes, count: b.count - a.count };
  });
  const total = (c: Census) => [...c.values()].reduce((n, e) => n + e.bytes, 0);
  return {
    snapshot_bytes_before: total(before),
    snapshot_bytes_after: total(after),
    top_growth: rows
      .filter((r) => r.bytes > 0)
      .sort((x, y) => y.bytes - x.bytes)
      .slice(0, top),
  };
}

/** JS-side kinds only (objects, closures, arrays, strings): where the app's own retention would show. */
function jsOnly(c: Census): Census {
  return new Map(
    [...c].filter(([kind]) => kind !== 'code' && !kind.startsWith('native:') && kind !== 'hidden'),
  );
}

async function screen(page: Page, name: string, timeout = 20_000): Promise<void> {
  await page.locator(`[data-screen="${name}"]`).first().waitFor({ state: 'visible', timeout });
}

async function cameraLive(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const v = document.querySelector('video') as unknown as { videoWidth: number } | null;
    const b = document.querySelector('[data-testid="shutter"]') as unknown as { disabled: boolean } | null;
    return !!v && v.videoWidth > 0 && !!b && !b.disabled;
  });
}

/**
 * Shutter press → review screen painted with the photo (the grabbed frame's preview canvas, or the
 * encoded JPEG if that came first), and → the encoded, cropped JPEG decoded and painted on the
 * review, both measured inside the page.
 */
async function timeShutter(page: Page): Promise<{ shown: number; photo: number }> {
  return page.evaluate(
    () =>
      new Promise<{ shown: number; photo: number }>((resolve) => {
        const t0 = performance.now();
        let shown = -1;
        document.querySelector('[data-testid="shutter"]')!.click();
        const check = () => {
          const img = document.querySelector('[data-testid="review-image"]');
          const photo = !!(img?.complete && img.naturalWidth);
          const preview = !!document.querySelector('[data-testid="review-preview"][data-painted="yes"]');
          if (shown === -1 && (photo || preview))
            shown = -2; // painted in this frame: stamp on the next
          else if (shown === -2) shown = performance.now() - t0;
          if (photo && shown >= 0)
            requestAnimationFrame(() => resolve({ shown, photo: performance.now() - t0 }));
          else requestAnimationFrame(check);
        };
        check();
      }),
  );
}

/**
 * Runs `count` verifications inside the page, clicking through the UI with DOM calls (so
 * Playwright's own per-step bookkeeping does not sit in the page's heap being measured).
 */
async function runVerifications(page: Page, count: number): Promise<void> {
  try {
    await driveVerifications(page, count);
  } catch (err) {
    // Leave a picture of where it stopped.
    await page
      .screenshot({ path: path.join(projectRoot, 'test-results', 'bench-renderer-failure.png') })
      .catch(() => undefined);
    throw err;
  }
}

async function driveVerifications(page: Page, count: number): Promise<void> {
  await page.evaluate(async (n) => {
    type El = {
      click(): void;
      disabled?: boolean;
      videoWidth?: number;
      value?: string;
      dispatchEvent(e: unknown): void;
    };
    const fill = async (sel: string, value: string): Promise<void> => {
      const el = await waitFor(sel);
      el.value = value;
      el.dispatchEvent(new Event('input'));
    };
    const q = (sel: string) => document.querySelector(sel) as unknown as El | null;
    const waitFor = async (sel: string, ok: (el: El) => boolean = () => true): Promise<El> => {
      const deadline = performance.now() + 30_000;
      for (;;) {
        const el = q(sel);
        if (el && ok(el)) return el;
        if (performance.now() > deadline) throw new Error(`bench: ${sel} did not appear`);
        await new Promise((r) => setTimeout(r, 15));
      }
    };
    // A press the app ignored (camera still opening under load) is pressed again, as a person would.
    const pressUntil = async (button: string, next: string): Promise<void> => {
      for (let attempt = 0; attempt < 5; attempt++) {
        (await waitFor(button, (b) => !b.disabled)).click();
        const until = performance.now() + 6000;
        while (performance.now() < until) {
          if (q(next)) return;
          await new Promise((r) => setTimeout(r, 15));
        }
      }
      throw new Error(`bench: ${next} did not appear after pressing ${button}`);
    };
    for (let i = 0; i < n; i++) {
      (await waitFor('[data-testid="start"]')).click();
      (await waitFor('[data-testid="consent-accept"]')).click();
      (await waitFor('[data-document-type="PASSPORT"]')).click();
      await waitFor('[data-screen="capture"] video', (v) => (v.videoWidth ?? 0) > 0);
      await pressUntil('[data-testid="shutter"]', '[data-screen="review"]');
      (await waitFor('[data-screen="review"][data-status="accepted"] [data-testid="use-photo"]')).click();
      await waitFor('[data-screen="face"] video', (v) => (v.videoWidth ?? 0) > 0);
      await pressUntil('[data-testid="shutter"]', '[data-testid="show-result"]');
      (await waitFor('[data-testid="show-result"]')).click();
      await fill('[data-testid="staff-name"]', 'bench');
      await fill('[data-testid="staff-pin"]', '2468');
      (await waitFor('[data-testid="staff-sign-in"]', (b) => !b.disabled)).click();
      await waitFor('[data-testid="result-page"]');
      (await waitFor('[data-testid="finish"]')).click();
      await waitFor('[data-screen="attract"]');
    }
  }, count);
}

export default async function rendererBench(args: string[]): Promise<Record<string, unknown>> {
  const loads = arg(args, 'loads', 7);
  const shutterRuns = arg(args, 'shutter-runs', 15);
  const baseline = arg(args, 'baseline', 10);
  const verifications = arg(args, 'verifications', 200);
  const warmup = arg(args, 'warmup', 50);

  await buildRenderer();
  const host = await startBrowserHost({
    headless: true,
    fakeCameraFile: camera1080(),
    open: false,
  });
  try {
    const { page, context } = host;
    // Functions handed to page.evaluate below are transpiled by tsx with esbuild's keepNames,
    // which calls a __name helper: give the page a no-op one.
    await context.addInitScript({ content: 'globalThis.__name = globalThis.__name || ((f) => f);' });
    await context.addInitScript({ content: pageScriptSource(installFakeKiosk, null) });

    // 1. Attract screen painted after load (fresh navigation each time).
    const fcp: number[] = [];
    let fcpMissing = 0;
    const attractVisible: number[] = [];
    for (let i = 0; i < loads; i++) {
      await page.goto(host.url, { waitUntil: 'load' });
      await screen(page, 'attract');
      const now = await page.evaluate(() => performance.now());
      // The attract screen can be in the DOM a frame before Chromium records its first paint:
      // wait for the entry rather than read it too early (a missing one is counted, not averaged).
      await page
        .waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0, null, {
          timeout: 5000,
        })
        .catch(() => undefined);
      const t = await page.evaluate(() => {
        const paint = performance.getEntriesByName('first-contentful-paint')[0];
        const nav = performance.getEntriesByType('navigation' as never)[0] as unknown as
          { domContentLoadedEventEnd: number } | undefined;
        return {
          fcp: paint ? paint.startTime : -1,
          now: performance.now(),
          domLoaded: nav?.domContentLoadedEventEnd ?? -1,
        };
      });
      if (t.fcp >= 0) fcp.push(t.fcp);
      else fcpMissing++;
      attractVisible.push(now);
    }

    // 2. Shutter → review for a 1920×1080 frame.
    await page.goto(host.url);
    await screen(page, 'attract');
    await page.getByTestId('start').click();
    await page.getByTestId('consent-accept').click();
    await page.locator('[data-document-type="PASSPORT"]').click();
    // 2a. Capture-quality analysis of live frames in the capture worker (frames downscaled to
    // 1280 wide, i.e. 1280×720), read from the capture screen's data-analysis-ms while it runs.
    await screen(page, 'capture');
    await cameraLive(page);
    const workerMs = await page.evaluate(
      (windowMs) =>
        new Promise<number[]>((resolve) => {
          const el = document.querySelector('[data-screen="capture"]') as unknown as {
            getAttribute(name: string): string | null;
          };
          const seen: number[] = [];
          const obs = new MutationObserver(() => {
            const v = Number(el.getAttribute('data-analysis-ms'));
            if (v > 0) seen.push(v);
          });
          obs.observe(el, { attributes: true, attributeFilter: ['data-analysis-ms'] });
          setTimeout(() => {
            obs.disconnect();
            resolve(seen);
          }, windowMs);
        }),
      4000,
    );
    await page.getByRole('button', { name: 'Cancel' }).click();
    await screen(page, 'attract');
    await page.getByTestId('start').click();
    await page.getByTestId('consent-accept').click();
    await page.locator('[data-document-type="PASSPORT"]').click();

    const shutter: number[] = [];
    const shutterPhoto: number[] = [];
    let frame = { width: 0, height: 0 };
    for (let i = 0; i < shutterRuns + 2; i++) {
      await screen(page, 'capture');
      await cameraLive(page);
      frame = await page.evaluate(() => {
        const v = document.querySelector('video') as unknown as { videoWidth: number; videoHeight: number };
        return { width: v.videoWidth, height: v.videoHeight };
      });
      const ms = await timeShutter(page);
      if (i >= 2) {
        // first two warm the worker and the JIT
        shutter.push(ms.shown);
        shutterPhoto.push(ms.photo);
      }
      await page.getByTestId('retake').click();
    }
    await page.getByRole('button', { name: 'Cancel' }).click();
    await screen(page, 'attract');

    // 3. Heap after `verifications` consecutive verifications vs after `baseline`.
    await page.goto(host.url);
    await screen(page, 'attract');
    const cdp = await context.newCDPSession(page);
    const heap = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('HeapProfiler.collectGarbage');
      const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
      const dom = (await cdp.send('Memory.getDOMCounters')) as {
        documents: number;
        nodes: number;
        jsEventListeners: number;
      };
      // The browser's own bounded buffers (resource/event timing) live in the same heap.
      const timelineEntries = await page.evaluate(() => performance.getEntries().length);
      return { usedBytes: usage.usedSize, timelineEntries, ...dom };
    };
    const started = Date.now();
    await runVerifications(page, baseline);
    const afterBaseline = await heap();
    const censusBaseline = await heapCensus(cdp);
    // Intermediate points show whether any growth levels off (JIT warm-up) or keeps climbing (a
    // leak). Each point also splits the snapshot into compiled code and everything else.
    type Point = {
      verifications: number;
      usedBytes: number;
      timelineEntries: number;
      snapshotCodeBytes: number;
      snapshotOtherBytes: number;
    };
    const codeSplit = (c: Census) => {
      let code = 0;
      let other = 0;
      for (const [kind, e] of c) {
        if (kind === 'code') code += e.bytes;
        else other += e.bytes;
      }
      return { snapshotCodeBytes: code, snapshotOtherBytes: other };
    };
    const series: Point[] = [
      {
        verifications: baseline,
        usedBytes: afterBaseline.usedBytes,
        timelineEntries: afterBaseline.timelineEntries,
        ...codeSplit(censusBaseline.census),
      },
    ];
    const points: number[] = [];
    for (let p = 50; p < verifications; p += 50) if (p > baseline) points.push(p);
    points.push(verifications);
    let done = baseline;
    let afterAll = afterBaseline;
    let censusAll = censusBaseline;
    for (const point of points) {
      await runVerifications(page, point - done);
      done = point;
      afterAll = await heap();
      censusAll = await heapCensus(cdp);
      series.push({
        verifications: point,
        usedBytes: afterAll.usedBytes,
        timelineEntries: afterAll.timelineEntries,
        ...codeSplit(censusAll.census),
      });
    }
    const perVerificationMs = (Date.now() - started) / verifications;
    // The same budget measured from a warmed-up point (the first series point at or past `warmup`
    // verifications), next to the plain figure: growth that levels off is warm-up, a slope that
    // stays is retention. Both are reported; neither replaces the other.
    const warm =
      series.find((p) => p.verifications >= warmup && p.verifications < verifications) ?? series[0];
    const lastHalf = series.filter((p) => p.verifications >= verifications / 2);
    const slope = (a: (typeof series)[number], b: (typeof series)[number]) =>
      b.verifications > a.verifications
        ? Math.round((b.usedBytes - a.usedBytes) / (b.verifications - a.verifications))
        : 0;

    return {
      attract_first_contentful_paint_ms: { ...stats(fcp), missing: fcpMissing, budget_ms: 1000 },
      attract_screen_visible_after_navigation_ms: stats(attractVisible),
      capture_quality_in_worker_ms: {
        ...stats(workerMs),
        budget_ms: 30,
        what: 'capture worker: one live frame (1920×1080 camera, analysed at 1280×720) read into pixels and assessed (outline, sharpness, glare, exposure, stability)',
      },
      shutter_to_review_ms: {
        ...stats(shutter),
        frame,
        budget_ms: 300,
        what: 'shutter press to the review screen painted with the captured frame (a preview while the worker crops and encodes)',
      },
      shutter_to_encoded_photo_on_review_ms: {
        ...stats(shutterPhoto),
        what: 'shutter press to the cropped JPEG decoded and painted on the review (grab, worker crop + encode, object URL, decode)',
      },
      heap: {
        verifications_baseline: baseline,
        verifications_total: verifications,
        used_bytes_after_baseline: afterBaseline.usedBytes,
        used_bytes_after_total: afterAll.usedBytes,
        ratio: Math.round((afterAll.usedBytes / afterBaseline.usedBytes) * 1000) / 1000,
        budget_ratio: 1.1,
        dom_after_baseline: {
          nodes: afterBaseline.nodes,
          listeners: afterBaseline.jsEventListeners,
          documents: afterBaseline.documents,
        },
        dom_after_total: {
          nodes: afterAll.nodes,
          listeners: afterAll.jsEventListeners,
          documents: afterAll.documents,
        },
        series,
        after_warmup: {
          from_verifications: warm.verifications,
          ratio: Math.round((afterAll.usedBytes / warm.usedBytes) * 1000) / 1000,
        },
        bytes_per_verification: {
          first_segment: slope(series[0], series[1] ?? series[0]),
          last_half: slope(lastHalf[0] ?? series[0], series[series.length - 1]),
        },
        // How the used-bytes growth splits, from the snapshots at the baseline and at the end:
        // compiled code (V8 tiering up hot functions: warm-up that levels off) vs JS objects.
        growth_split_bytes: {
          used: afterAll.usedBytes - afterBaseline.usedBytes,
          compiled_code: series[series.length - 1].snapshotCodeBytes - series[0].snapshotCodeBytes,
          js_objects:
            [...jsOnly(censusAll.census).values()].reduce((n, e) => n + e.bytes, 0) -
            [...jsOnly(censusBaseline.census).values()].reduce((n, e) => n + e.bytes, 0),
        },
        // What grew between the baseline and the end, from two heap snapshots (object kinds).
        snapshot_growth: {
          note: 'kinds: code = compiled functions (JIT/ICs); native:* = Blink objects; object:* = JS objects by constructor',
          ...censusGrowth(censusBaseline.census, censusAll.census),
          top_js_growth: censusGrowth(jsOnly(censusBaseline.census), jsOnly(censusAll.census)).top_growth,
          detached_dom_nodes_before: censusBaseline.detachedNodes,
          detached_dom_nodes_after: censusAll.detachedNodes,
        },
        ms_per_verification_driven_through_ui: Math.round(perVerificationMs),
      },
      kiosk_api: 'in-page fake (instant answers; report carries the uploaded JPEG as bytes)',
      chromium: host.browser?.version() ?? 'unknown',
    };
  } finally {
    await host.close();
  }
}
