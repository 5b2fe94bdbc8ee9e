// What the two Vue page builds share (the kiosk renderer, vite.config.ts; the hosted web client,
// vite.webclient.config.ts): Vue, a relative base (Electron loads the renderer from file://, the
// service serves the client under either base path), vue-i18n's compile-time flags (Composition
// API only, the message compiler without eval: neither CSP has 'unsafe-eval'), the capture worker
// as its own ES module, and a Chromium 120 build that inlines nothing: inlined assets would be
// data: URLs, which the CSPs allow for images only, so fonts and files stay files.
import vue from '@vitejs/plugin-vue';
import type { BuildEnvironmentOptions, UserConfig } from 'vite';

export function vuePageConfig(root: string, build: BuildEnvironmentOptions & { outDir: string }): UserConfig {
  return {
    root,
    base: './',
    plugins: [vue()],
    define: {
      __VUE_I18N_FULL_INSTALL__: false,
      __VUE_I18N_LEGACY_API__: false,
      __INTLIFY_PROD_DEVTOOLS__: false,
      __VUE_PROD_DEVTOOLS__: false,
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: false,
    },
    worker: { format: 'es' },
    build: {
      emptyOutDir: true,
      target: 'chrome120',
      assetsInlineLimit: 0,
      sourcemap: false,
      reportCompressedSize: false,
      ...build,
    },
  };
}
