// `npm start`: builds the renderer (vite) and the main process (esbuild), then runs the kiosk in
// Electron. Where Electron's binary is missing (its download host is unreachable on the machines
// this project is built on), it runs the same kiosk in Debian's Chromium instead, with the real
// kiosk services behind window.kiosk (scripts/browserHost.ts), and says why.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import console from 'node:console';
import { fileURLToPath } from 'node:url';
import { buildMain } from './build-main.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const say = (m) => console.log(`[start] ${m}`);

function buildRenderer() {
  say('building the renderer (vite)…');
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error('the renderer build failed (see above)');
}

/** Electron's binary path, or the reason there is none. */
export function findElectron() {
  try {
    const p = require('electron');
    if (typeof p === 'string' && existsSync(p)) return { path: p };
    return { reason: 'the electron package did not give a binary path' };
  } catch (err) {
    return { reason: String(err?.message ?? err).split('\n')[0] };
  }
}

function dataDirForFallback() {
  const base = process.env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share');
  const dir = path.join(base, 'doc-scan-kiosk', 'browser-fallback');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

async function runInChromium(reason) {
  say(`Electron's binary is not installed (${reason}).`);
  say(
    'Running the kiosk in Chromium instead: same renderer build, same kiosk services and embedded IDV service.',
  );
  say(
    "To get Electron: `node node_modules/electron/install.js` on a machine that can reach Electron's download host.",
  );
  const { register } = await import('tsx/esm/api');
  register();
  const { createKioskRuntime } = await import('../electron/services/kioskRuntime.ts');
  const { startBrowserHost, CHROMIUM_PATH } = await import('./browserHost.ts');
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `${CHROMIUM_PATH} is missing too: install Debian's chromium (scripts/install-os-deps.sh) or Electron`,
    );
  }
  const headless = !process.env.DISPLAY && process.platform === 'linux';
  const runtime = await createKioskRuntime({
    service: 'embedded',
    dataDir: dataDirForFallback(),
    vision: 'node',
    mode: process.env.KIOSK_MODE === 'staff' ? 'staff' : 'unattended',
    version: JSON.parse((await import('node:fs')).readFileSync(path.join(root, 'package.json'), 'utf8'))
      .version,
  });
  // Without safeStorage (Electron) the outbox key lives for this run only: say so rather than hide it.
  say(
    'note: in this fallback the outbox key is kept in memory only, so uploads still queued at exit are not resumed.',
  );
  const host = await startBrowserHost({
    runtime,
    headless,
    kioskWindow: !headless,
    rendererDir: path.join(root, 'dist', 'renderer'),
  });
  say(`kiosk page: ${host.url} (service: ${runtime.service.label})`);
  if (headless) {
    say('No DISPLAY is set, so Chromium runs headless and there is nothing to look at here.');
    say(
      'The URL above only serves the page; window.kiosk is bridged inside the Chromium this script drives,',
    );
    say(
      'so opening it in another browser shows the UI without its services. Set DISPLAY (or use xvfb-run) to see the kiosk.',
    );
  }
  const stop = async () => {
    await host.close().catch(() => undefined);
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  host.browser.on('disconnected', stop);
}

async function main() {
  buildRenderer();
  say('building the main process and preload (esbuild)…');
  await buildMain({ quiet: true });
  if (process.argv.includes('--build-only')) return say('built dist/renderer and dist/electron');
  const electron = findElectron();
  if (electron.path) {
    say('starting Electron');
    const child = spawn(electron.path, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code ?? 0));
    return;
  }
  await runInChromium(electron.reason);
}

main().catch((err) => {
  console.error(`[start] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
