// Fetches Electron's binary for `npm start` and packaging. Electron's own postinstall is denied in
// allowScripts because it fails the whole `npm install` when the download host is unreachable;
// here a failed download is reported and the install goes on, since tests never need the binary.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
let installer;
try {
  installer = path.join(path.dirname(require.resolve('electron/package.json')), 'install.js');
} catch {
  process.exit(0); // production install without devDependencies
}
if (!existsSync(installer)) process.exit(0);
const r = spawnSync(process.execPath, [installer], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 10 * 60_000 });
if (r.status === 0) {
  console.log('electron: binary ready');
} else {
  const why = (r.stderr?.toString() ?? '').split('\n').find((l) => l.trim()) ?? `exit ${r.status}`;
  console.log(`electron: binary not downloaded (${why.trim()}).`);
  console.log('electron: tests do not need it; `npm start` opens the kiosk in Chromium instead until it is present.');
}
