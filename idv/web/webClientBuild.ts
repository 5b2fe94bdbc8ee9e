// Where the hosted web client's build lives (dist/webclient) and how it is made: Vite's build API
// with vite.webclient.config.ts, skipped when the build is newer than its sources, serialised by a
// lock directory so parallel test workers and the service never read a half-emptied folder.
// Node only; the page's own sources are idv/web/src (a browser bundle).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { WEB_CLIENT_DIR, projectRoot, webClientBuilt } from './webClientDir';

export { WEB_CLIENT_DIR, webClientBuilt };

const CONFIG_FILE = path.join(projectRoot, 'vite.webclient.config.ts');
const STAMP_FILE = path.join(projectRoot, 'dist', '.webclient-build.stamp');
const LOCK_DIR = path.join(projectRoot, 'dist', '.webclient-build.lock');
const LOCK_STALE_MS = 180_000;

/** The page reuses renderer components and vision core: any of them changing means a rebuild. */
const SOURCE_DIRS = ['idv/web/src', 'idv/web/index.html', 'renderer', 'common', 'vision/quality', 'vision/image', 'vite.vuePage.config.ts'];

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

function sourcesStamp(): string {
  const stamps = [...SOURCE_DIRS.map((d) => path.join(projectRoot, d)), CONFIG_FILE].map(newestMtime);
  return String(Math.round(Math.max(...stamps)));
}

async function withBuildLock<T>(work: () => Promise<T>): Promise<T> {
  mkdirSync(path.dirname(LOCK_DIR), { recursive: true });
  const deadline = Date.now() + LOCK_STALE_MS;
  for (;;) {
    try {
      mkdirSync(LOCK_DIR);
      break;
    } catch {
      try {
        if (Date.now() - statSync(LOCK_DIR).mtimeMs > LOCK_STALE_MS) rmdirSync(LOCK_DIR);
      } catch {
        /* released meanwhile */
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for the web client build lock ${LOCK_DIR}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await work();
  } finally {
    rmdirSync(LOCK_DIR);
  }
}

/**
 * Builds the hosted web client unless dist/webclient is up to date with its sources. Needs Vite
 * (a devDependency): an installed kiosk ships the built folder instead.
 */
export async function buildWebClient(options: { force?: boolean } = {}): Promise<string> {
  return withBuildLock(async () => {
    const stamp = sourcesStamp();
    const upToDate =
      !options.force &&
      webClientBuilt() &&
      existsSync(STAMP_FILE) &&
      readFileSync(STAMP_FILE, 'utf8') === stamp;
    if (!upToDate) {
      const { build } = await import('vite');
      await build({ configFile: CONFIG_FILE, logLevel: 'warn' });
      writeFileSync(STAMP_FILE, stamp);
    }
    return WEB_CLIENT_DIR;
  });
}
