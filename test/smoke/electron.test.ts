// Runs the real app under Electron where its binary is installed: builds main + preload + renderer,
// starts Electron (under xvfb-run when there is no display) with a throwaway user-data folder, and
// waits for the main process to report the verification service and the window to load. Where the
// binary is missing (it cannot be downloaded on this project's build machines) the test is skipped
// and says why.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function electronBinary(): { path: string } | { reason: string } {
  try {
    const p = createRequire(import.meta.url)('electron') as unknown;
    if (typeof p === 'string' && existsSync(p)) return { path: p };
    return { reason: 'the electron package gave no binary path' };
  } catch (err) {
    return { reason: (err as Error).message.split('\n')[0] };
  }
}

const found = electronBinary();
const hasDisplay = Boolean(process.env.DISPLAY) || process.platform !== 'linux';
const xvfb = spawnSync('sh', ['-c', 'command -v xvfb-run'], { encoding: 'utf8' }).stdout.trim();
const skipReason =
  'reason' in found
    ? `Electron binary not installed (${found.reason})`
    : !hasDisplay && !xvfb
      ? 'Electron binary installed, but there is no DISPLAY and no xvfb-run to give it one'
      : null;

if (skipReason) console.log(`[smoke] skipped: ${skipReason}`);

describe('Electron smoke', () => {
  it.skipIf(skipReason !== null)(
    skipReason ? `real Electron app starts (skipped: ${skipReason})` : 'real Electron app starts',
    async () => {
      const electronPath = (found as { path: string }).path;
      const vite = spawnSync(
        process.execPath,
        [path.join(projectRoot, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error'],
        {
          cwd: projectRoot,
        },
      );
      expect(vite.status).toBe(0);
      const main = spawnSync(process.execPath, [path.join(projectRoot, 'scripts/build-main.mjs')], {
        cwd: projectRoot,
      });
      expect(main.status).toBe(0);
      const userData = await mkdtemp(path.join(tmpdir(), 'kiosk-smoke-'));
      const args = [projectRoot, `--user-data-dir=${userData}`, '--no-sandbox'];
      const [cmd, cmdArgs] = hasDisplay ? [electronPath, args] : [xvfb, ['-a', electronPath, ...args]];
      const child = spawn(cmd, cmdArgs, {
        cwd: projectRoot,
        env: { ...process.env, ELECTRON_ENABLE_LOGGING: '1' },
      });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      try {
        await expect
          .poll(() => out, { timeout: 60_000, interval: 250 })
          .toMatch(
            /\[kiosk\] verification service: Local IDV service — not a Yoti verification at http:\/\/127\.0\.0\.1:\d+/,
          );
        expect(out).not.toMatch(/could not start/);
      } finally {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
        await rm(userData, { recursive: true, force: true });
      }
    },
    120_000,
  );
});
