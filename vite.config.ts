// Renderer build: root renderer/, output dist/renderer/ (vite.vuePage.config.ts has what it shares
// with the hosted web client's build), served on 127.0.0.1 in development.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { vuePageConfig } from './vite.vuePage.config';

export default defineConfig({
  ...vuePageConfig(fileURLToPath(new URL('./renderer', import.meta.url)), {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
  }),
  server: { host: '127.0.0.1' },
});
