// `npm start`: builds the renderer and the hosted web client (vite) and the main process
// (esbuild), then runs the kiosk in Electron. Where Electron's binary is missing (its download
// host is unreachable on the machines this project is built on), it runs the same kiosk in
// Debian's Chromium instead, with the real kiosk services behind window.kiosk
// (scripts/browserHost.ts), and says why.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import process from 'node:process';
import console from 'node:console';
import { fileURLToPath } from 'node:url';
import { buildMain } from './build-main.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const say = (m) => console.log(`[start] ${m}`);

/** TypeScript modules (the fallback host, the renderer build) load through tsx. */
let tsxRegistered = false;
async function registerTsx() {
  if (tsxRegistered) return;
  const { register } = await import('tsx/esm/api');
  register();
  tsxRegistered = true;
}

/**
 * The renderer build, skipped when dist/renderer is already built from the current sources, and
 * serialised by a lock with any other build (scripts/browserHost.ts buildRenderer): a kiosk the
 * tests serve from dist/renderer is never emptied under it.
 */
async function buildRenderer(force) {
  say('building the renderer (vite; skipped when it is up to date)…');
  await registerTsx();
  const { buildRenderer: build } = await import('./browserHost.ts');
  await build({ force });
}

/**
 * The service's hosted web client (dist/webclient, served at {service}/web/ for hosted capture),
 * skipped when it is up to date; forced for a release like the renderer.
 */
async function buildWebClient(force) {
  say('building the hosted web client (vite; skipped when it is up to date)…');
  await registerTsx();
  const { buildWebClient: build } = await import('../idv/web/webClientBuild.ts');
  await build({ force });
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

async function runInChromium(reason) {
  say(`Electron's binary is not installed (${reason}).`);
  say('Running the kiosk in Chromium instead: same renderer, same settings.json, same kiosk services.');
  say("To get Electron: `node node_modules/electron/install.js` on a machine that can reach Electron's download host.");
  await registerTsx();
  const { CHROMIUM_PATH } = await import('./browserHost.ts');
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `${CHROMIUM_PATH} is missing too: install Debian's chromium (scripts/install-os-deps.sh) or Electron`,
    );
  }
  const headless = !process.env.DISPLAY && process.platform === 'linux';
  const { runChromiumKiosk } = await import('./chromiumKiosk.ts');
  const kiosk = await runChromiumKiosk({ argv: process.argv.slice(2), headless });
  // Without an OS key store the outbox key lives for this run only: say so rather than hide it.
  say('note: in this fallback the kiosk keys are kept in memory only, so uploads still queued at exit are not resumed.');
  say(`kiosk page: ${kiosk.host.url} (service: ${kiosk.started.kiosk.service.label})`);
  if (headless) {
    say('No DISPLAY is set, so Chromium runs headless and there is nothing to look at here.');
    say('Set DISPLAY (or use xvfb-run) to see the kiosk.');
  }
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await kiosk.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  kiosk.host.context.on('close', stop);
}

async function main() {
  await buildRenderer(process.argv.includes('--build-only'));
  await buildWebClient(process.argv.includes('--build-only'));
  say('building the main process and preload (esbuild)…');
  await buildMain({ quiet: true });
  if (process.argv.includes('--build-only')) return say('built dist/renderer, dist/webclient and dist/electron');
  // KIOSK_HOST=chromium: the Chromium fallback even where Electron is installed (tests, a try-out).
  const electron = process.env.KIOSK_HOST === 'chromium' ? { reason: 'KIOSK_HOST=chromium' } : findElectron();
  if (electron.path) {
    say('starting Electron');
    const child = spawn(electron.path, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code ?? 0));
    return;
  }
  await runInChromium(electron.reason);
}

main().catch((err) => {
  console.error(`[start] ${err?.message ?? String(err)}`);
  process.exit(1);
});
