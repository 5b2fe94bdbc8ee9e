// Where the hosted web client's build lives (dist/webclient under the checkout or the installed
// app). Apart from webClientBuild.ts so that serving the page never loads Vite, which an installed
// kiosk does not ship: it ships the built folder.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout (or installed app) root: the nearest folder up from here holding package.json. */
function findProjectRoot(from: string): string {
  let dir = from;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return from;
    dir = up;
  }
}

export const projectRoot = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));
export const WEB_CLIENT_DIR = path.join(projectRoot, 'dist', 'webclient');

export function webClientBuilt(dir = WEB_CLIENT_DIR): boolean {
  return existsSync(path.join(dir, 'index.html'));
}
