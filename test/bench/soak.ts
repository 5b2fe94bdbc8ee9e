// `npm run -s bench -- soak [N] [--sample K] [--restart-every R] [--unplug-every U]`: N verifications
// (default 1,000) through the kiosk runtime (composeKiosk) and its embedded IDV service with image
// analysis (vision/node) on the specimen passport and the demo face, one after another as at a
// kiosk: start, document, page, face, submit, COMPLETED, discard. Injected faults:
// - every U verifications the camera is unplugged mid-capture and plugged back: main sees the
//   interrupted capture as an unusable frame uploaded, then the retake of the page once the camera
//   is back (the camera itself lives in the renderer); the scanner source reports the unplug and
//   replug (device:changed);
// - every R verifications the service restarts: the kiosk (and its embedded service) is disposed
//   with a session open mid-flow and composed again on the same data and keys; that session must
//   be gone from the service afterwards.
// Every K verifications it samples heap, RSS, open handles, file descriptors and the disk use of
// the data folder. At the end, after the retention period (discarded sessions are deleted on the
// service at once; the outbox is drained), the disk use is compared with the start.
// Bounds: RSS after N within 10 % of RSS after 100; no upload lost; disk back to its start.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { DeviceStatus, EventChannel, IpcResult } from '../../common/ipc/contract';
import type { DeviceEvents, DeviceSource } from '../../electron/devices/deviceSource';
import { composeKiosk, type EmbeddedApp, type Kiosk } from '../../electron/host/composeKiosk';
import { createLogger } from '../../platform/logger';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');

function value<T>(r: IpcResult<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

/** Bytes per entry of the data folder (idv/idv.sqlite, outbox, …), to see where a difference lies. */
function diskByEntry(dir: string): Record<string, number> {
  const out: Record<string, number> = {};
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) for (const [k, v] of Object.entries(diskByEntry(full))) out[`${e.name}/${k}`] = v;
    else if (e.isFile()) out[e.name] = statSync(full).size;
  }
  return out;
}

function diskUse(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  if (!existsSync(dir)) return { bytes, files };
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      const sub = diskUse(full);
      bytes += sub.bytes;
      files += sub.files;
    } else if (e.isFile()) {
      bytes += statSync(full).size;
      files++;
    }
  }
  return { bytes, files };
}

/** A scanner that can be unplugged and plugged back. */
function pluggableScanner(): DeviceSource & { plug(connected: boolean): void } {
  const listeners = new Set<DeviceEvents>();
  let status: DeviceStatus = { kind: 'scanner', id: 'soak-mrz', label: 'Soak MRZ reader', connected: true };
  return {
    list: () => [status],
    subscribe(events) {
      listeners.add(events);
      return () => listeners.delete(events);
    },
    plug(connected) {
      status = { ...status, connected };
      for (const l of listeners) l.changed(status);
    },
  };
}

export default async function soak(args: string[]) {
  const positional = args.filter((a, i) => !a.startsWith('--') && !(args[i - 1] ?? '').startsWith('--'));
  const opt = (name: string, fallback: number) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  const total = positional[0] ? Number(positional[0]) : 1000;
  const sampleEvery = opt('--sample', Math.max(10, Math.floor(total / 20)));
  const restartEvery = opt('--restart-every', Math.max(25, Math.floor(total / 4)));
  const unplugEvery = opt('--unplug-every', 20);

  const root = await mkdtemp(path.join(tmpdir(), 'kiosk-soak-'));
  const dataDir = path.join(root, 'kiosk-data');
  const keys = { outbox: randomBytes(32), master: randomBytes(32), audit: randomBytes(32) };
  let app: EmbeddedApp | null = null;
  const page = new Uint8Array(await readFile(path.join(ROOT, 'test/fixtures/specimens/passport-td3.jpg')));
  const face = new Uint8Array(await readFile(path.join(ROOT, 'demo/specimen-face.jpg')));
  const unusable = new Uint8Array(await readFile(path.join(ROOT, 'test/fixtures/specimens/pacman.jpg')));
  const scanner = pluggableScanner();
  const problems: string[] = [];
  const logger = createLogger({
    name: 'soak',
    level: 'warn',
    destination: {
      write: (line) => {
        const entry = JSON.parse(line) as { msg?: string; level?: number };
        if ((entry.level ?? 0) >= 40 && problems.length < 200) problems.push(entry.msg ?? line.slice(0, 200));
      },
    },
  });

  let kiosk: Kiosk;
  const waiters = new Map<string, (state: string) => void>();
  const compose = async () => {
    kiosk = await composeKiosk({
      service: 'embedded',
      dataDir,
      logger,
      embeddedMasterKey: keys.master,
      auditKey: keys.audit,
      outboxKey: keys.outbox,
      embeddedApp: app,
      onEmbeddedAppCreated: (a) => void (app = a),
      demo: true,
      vision: 'node',
      mode: 'unattended',
      devices: scanner,
      outboxTiming: { baseDelayMs: 50, maxDelayMs: 500 },
      followerTiming: { initialDelayMs: 50, maxDelayMs: 300, deadlineMs: 120_000 },
    });
    kiosk.onEvent((event: EventChannel, payload: unknown) => {
      if (event !== 'session:state') return;
      const p = payload as { handle: string; state: string };
      if (p.state !== 'PROCESSING') waiters.get(p.handle)?.(p.state);
    });
  };

  const counts = {
    verifications: 0,
    completed: 0,
    uploads: 0,
    uploaded: 0,
    queued: 0,
    retakes: 0,
    restarts: 0,
  };
  const abandoned: string[] = [];
  const samples: Array<Record<string, number>> = [];
  const sample = (n: number) => {
    const m = process.memoryUsage();
    const disk = diskUse(dataDir);
    samples.push({
      after: n,
      rss_mib: Math.round((m.rss / 2 ** 20) * 10) / 10,
      heap_used_mib: Math.round((m.heapUsed / 2 ** 20) * 10) / 10,
      handles: process.getActiveResourcesInfo().length,
      fds: existsSync('/proc/self/fd') ? readdirSync('/proc/self/fd').length : -1,
      disk_kib: Math.round(disk.bytes / 1024),
      disk_files: disk.files,
    });
  };

  async function verification(i: number): Promise<number> {
    const t0 = performance.now();
    const { handle } = value<{ handle: string }>(await kiosk.dispatch('startSession', { locale: 'en' }));
    value(
      await kiosk.dispatch('selectDocument', { handle, issuingCountry: 'UTO', documentType: 'PASSPORT' }),
    );
    if (i % unplugEvery === 0) {
      // Camera unplugged mid-capture: an unusable frame goes up, then the retake once it is back.
      scanner.plug(false);
      const bad = value<{ status: string }>(
        await kiosk.dispatch('uploadPage', {
          handle,
          side: 'front',
          image: unusable,
          mime: 'image/jpeg',
          captureMethod: 'CAMERA',
        }),
      );
      counts.uploads++;
      if (bad.status === 'uploaded') counts.uploaded++;
      scanner.plug(true);
      counts.retakes++;
    }
    const up = value<{ status: string }>(
      await kiosk.dispatch('uploadPage', {
        handle,
        side: 'front',
        image: page,
        mime: 'image/jpeg',
        captureMethod: 'CAMERA',
      }),
    );
    const fc = value<{ status: string }>(
      await kiosk.dispatch('uploadFace', { handle, image: face, mime: 'image/jpeg' }),
    );
    for (const s of [up.status, fc.status]) {
      counts.uploads++;
      if (s === 'uploaded') counts.uploaded++;
      else counts.queued++;
    }
    const done = new Promise<string>((resolve) => waiters.set(handle, resolve));
    value(await kiosk.dispatch('submitSession', { handle }));
    const state = await done;
    waiters.delete(handle);
    if (state === 'COMPLETED') counts.completed++;
    else problems.push(`verification ${i} ended ${state}`);
    value(await kiosk.dispatch('discardSession', { handle }));
    counts.verifications++;
    return performance.now() - t0;
  }

  await compose();
  const start = diskUse(dataDir);
  const startEntries = diskByEntry(dataDir);
  const durations: number[] = [];
  let rssAt100: number | null = null;
  const t0 = performance.now();
  try {
    for (let i = 1; i <= total; i++) {
      if (i % restartEvery === 0) {
        // A session open mid-flow when the service goes down with the kiosk.
        const { handle } = value<{ handle: string }>(await kiosk!.dispatch('startSession', { locale: 'en' }));
        value(
          await kiosk!.dispatch('selectDocument', {
            handle,
            issuingCountry: 'UTO',
            documentType: 'PASSPORT',
          }),
        );
        value(
          await kiosk!.dispatch('uploadPage', {
            handle,
            side: 'front',
            image: page,
            mime: 'image/jpeg',
            captureMethod: 'CAMERA',
          }),
        );
        abandoned.push(handle);
        await kiosk!.dispose();
        await compose();
        counts.restarts++;
      }
      durations.push(await verification(i));
      if (i === 100) rssAt100 = process.memoryUsage().rss;
      if (i % sampleEvery === 0 || i === total) sample(i);
    }
    // Retention: discarded sessions are deleted on the service by the outbox; let it drain.
    await kiosk!.dispose();
    await compose();
    await kiosk!.dispose();
  } finally {
    // nothing else to close: the kiosk owns the service
  }
  const end = diskUse(dataDir);
  const endEntries = diskByEntry(dataDir);
  const changed: Record<string, string> = {};
  for (const k of new Set([...Object.keys(startEntries), ...Object.keys(endEntries)]))
    if (startEntries[k] !== endEntries[k])
      changed[k] = `${startEntries[k] ?? 'absent'} → ${endEntries[k] ?? 'absent'} bytes`;
  const media = diskUse(path.join(dataDir, 'idv', 'media'));
  const outboxLeft = existsSync(path.join(dataDir, 'outbox'))
    ? readdirSync(path.join(dataDir, 'outbox')).filter((n) => n.endsWith('.item')).length
    : 0;
  const rssEnd = samples.at(-1)?.rss_mib ?? 0;
  const sorted = [...durations].sort((a, b) => a - b);
  await rm(root, { recursive: true, force: true });
  return {
    verifications: counts.verifications,
    wall_s: Math.round((performance.now() - t0) / 100) / 10,
    per_verification_ms: {
      p50: Math.round(sorted[Math.floor(sorted.length * 0.5)] ?? 0),
      p95: Math.round(sorted[Math.floor(sorted.length * 0.95)] ?? 0),
    },
    counts,
    injected: {
      camera_unplugs: counts.retakes,
      service_restarts: counts.restarts,
      sessions_open_at_restart: abandoned.length,
    },
    samples,
    bounds: {
      rss_after_100_mib: rssAt100 === null ? null : Math.round((rssAt100 / 2 ** 20) * 10) / 10,
      rss_after_n_mib: rssEnd,
      rss_ratio: rssAt100 === null ? null : Math.round(((rssEnd * 2 ** 20) / rssAt100) * 1000) / 1000,
      rss_within_10pct: rssAt100 === null ? 'N < 100: not checked' : rssEnd * 2 ** 20 <= rssAt100 * 1.1,
      uploads_lost: counts.verifications - counts.completed + outboxLeft,
      outbox_items_left: outboxLeft,
      disk_start_kib: Math.round(start.bytes / 1024),
      disk_end_kib: Math.round(end.bytes / 1024),
      disk_end_files: end.files,
      media_files_left: media.files,
      disk_changed: changed,
    },
    problems: problems.slice(0, 20),
    problem_count: problems.length,
  };
}
