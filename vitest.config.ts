import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  // Renderer unit tests mount .vue components (vue-test-utils).
  plugins: [vue()],
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: keep parallelism modest so servers and browsers are not starved.
    maxWorkers: 2,
    // electron-store imports `electron`; inlining it lets vi.mock('electron') reach it in the
    // Electron glue tests (test/unit/electron), where no Electron binary exists.
    server: { deps: { inline: ['electron-store'] } },
  },
});
