// The hosted web client's build (idv/web → dist/webclient): the page the IDV service serves at
// /idverify/v1/web/index.html. Relative base, so it works under either base path; every script,
// style and the capture worker are files ('self' under the page's CSP), nothing is inlined.
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  root: fileURLToPath(new URL('./idv/web', import.meta.url)),
  base: './',
  plugins: [vue()],
  define: {
    // vue-i18n without its eval-based message compiler (the CSP has no 'unsafe-eval').
    __VUE_I18N_FULL_INSTALL__: false,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
    __VUE_PROD_DEVTOOLS__: false,
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: false,
  },
  worker: { format: 'es' },
  build: {
    outDir: fileURLToPath(new URL('./dist/webclient', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome120',
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    reportCompressedSize: false,
  },
});
