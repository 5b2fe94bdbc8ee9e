// The hosted web client's build (idv/web → dist/webclient): the page the IDV service serves at
// /idverify/v1/web/index.html. Every script, style and the capture worker are files ('self' under
// the page's CSP), nothing is inlined (vite.vuePage.config.ts); no module-preload polyfill script.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { vuePageConfig } from './vite.vuePage.config';

export default defineConfig(
  vuePageConfig(fileURLToPath(new URL('./idv/web', import.meta.url)), {
    outDir: fileURLToPath(new URL('./dist/webclient', import.meta.url)),
    modulePreload: { polyfill: false },
  }),
);
