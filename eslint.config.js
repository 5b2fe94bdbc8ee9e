// Lint rules enforce the process boundaries of DESIGN.md: common/ is pure, renderer/ never reaches
// main-process code, idv/ never imports electron.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';

const noElectron = { group: ['electron', 'electron/*'], message: 'Only electron/main may import electron.' };
const noNode = { group: ['node:*', 'fs', 'path', 'crypto', 'http', 'os', 'child_process'], message: 'This code must stay platform-neutral.' };
const mainOnly = { group: ['**/electron/**', '**/idv/**'], message: 'Main-process code is not reachable from here.' };

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'release', 'test-results', 'playwright-report', 'test/fixtures'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
    // TypeScript checks undefined names in .vue (vue-tsc); typescript-eslint advises no-undef off.
    rules: { 'no-undef': 'off' },
  },
  {
    // Build and start scripts are plain Node ESM.
    files: ['**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly' } },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      // Prettier owns line breaks inside elements; this stylistic rule fights it.
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  {
    files: ['common/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noElectron, noNode, mainOnly, { group: ['**/renderer/**', '**/vision/**'], message: 'common/ imports nothing of the project.' }] }] },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.vue'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noElectron, noNode, mainOnly, { group: ['**/vision/node/**'], message: 'Node adapters are not for the renderer.' }] }] },
  },
  {
    files: ['idv/**/*.ts', 'vision/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noElectron, { group: ['**/electron/**', '**/renderer/**'], message: 'idv/ and vision/ do not depend on the app.' }] }] },
  },
  {
    files: ['vision/**/*.ts'],
    ignores: ['vision/node/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noElectron, noNode, { group: ['**/idv/**', '**/electron/**', '**/renderer/**'], message: 'vision/ core runs in Node and in a Web Worker.' }] }] },
  },
);
