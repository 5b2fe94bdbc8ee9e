// Lint rules enforce the layers of DESIGN.md ("Layout", "Dependency direction"), in the spirit of
// VS Code's code-layering rule: each folder below may import only the layers it sits on.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';

// ---- What an import may point at -------------------------------------------------------------
// no-restricted-imports sees the specifier as written, not the file it resolves to, so a project
// folder is matched by its path segments inside a relative specifier ('../../electron/main/x'),
// plus, for a folder with siblings, the short form a sibling uses ('../main/x' from
// electron/services). Folder names are unique in the tree, which keeps this exact enough.
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const relativeInto = (folder) => `^\\.{1,2}/(?:.*/)?${escape(folder)}(?:/.*)?$`;
const siblingInto = (folder) => `^(?:\\.{1,2}/)+${escape(folder.split('/').pop())}(?:/.*)?$`;

/** Restrictions as regexes: the same list feeds no-restricted-imports and the dynamic-import rule. */
const folder = (name, message) =>
  name.includes('/') ? [{ regex: relativeInto(name), message }, { regex: siblingInto(name), message }] : [{ regex: relativeInto(name), message }];

const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_'));
const noNode = (message) => [
  { regex: '^node:', message },
  { regex: `^(?:${nodeBuiltins.map(escape).join('|')})$`, message },
];
const noElectronPackage = (message) => [{ regex: '^electron(?:/.*)?$', message }];

// Every kind of source file in a layer folder is checked, not only .ts.
const src = (dir) => [`${dir}/**/*.{ts,mts,cts,js,mjs,cjs}`];

const layers = [
  {
    name: 'common',
    files: src('common'),
    restricted: [
      ...noElectronPackage('common/ is pure TypeScript: no electron.'),
      ...noNode('common/ is pure TypeScript: no Node modules.'),
      ...['platform', 'vision', 'idv', 'electron', 'renderer'].flatMap((f) =>
        folder(f, `common/ imports nothing of the project outside common/ (found ${f}/).`),
      ),
    ],
  },
  {
    name: 'platform',
    files: src('platform'),
    restricted: [
      ...noElectronPackage('platform/ is shared with idv/, which runs without Electron.'),
      ...['vision', 'idv', 'electron', 'renderer'].flatMap((f) =>
        folder(f, `platform/ builds on common/ only (found ${f}/).`),
      ),
    ],
  },
  {
    name: 'vision core',
    files: src('vision'),
    ignores: ['vision/node/**'],
    restricted: [
      ...noElectronPackage('vision/ core runs in Node and in a Web Worker: no electron.'),
      ...noNode('vision/ core runs in Node and in a Web Worker: Node adapters live in vision/node.'),
      ...folder('vision/node', 'vision/ core never imports its Node adapters (vision/node).'),
      ...['platform', 'idv', 'electron', 'renderer'].flatMap((f) =>
        folder(f, `vision/ core imports only common/ and itself (found ${f}/).`),
      ),
    ],
  },
  {
    name: 'vision/node',
    files: src('vision/node'),
    restricted: [
      ...noElectronPackage('vision/node is used by idv/, which runs without Electron.'),
      ...['idv', 'electron', 'renderer'].flatMap((f) =>
        folder(f, `vision/node builds on vision core, common/ and platform/ only (found ${f}/).`),
      ),
    ],
  },
  {
    name: 'idv',
    files: src('idv'),
    ignores: ['idv/web/src/**'],
    restricted: [
      ...noElectronPackage('idv/ is a standalone Node service: it never imports electron.'),
      ...['electron', 'renderer'].flatMap((f) => folder(f, `idv/ does not depend on the app (found ${f}/).`)),
    ],
  },
  {
    // The hosted web client's page (a browser bundle): it may reuse renderer components, never Node,
    // electron, platform/ or the service's own code.
    name: 'idv/web (hosted page)',
    files: [...src('idv/web/src'), 'idv/web/src/**/*.vue'],
    restricted: [
      ...noElectronPackage('The hosted page runs in a browser: no electron.'),
      ...noNode('The hosted page runs in a browser: no Node modules.'),
      ...folder('vision/node', 'vision/node is Node-only: the hosted page uses vision core.'),
      ...['platform', 'electron'].flatMap((f) =>
        folder(f, `The hosted page imports only common/, vision core and renderer components (found ${f}/).`),
      ),
    ],
  },
  {
    // ICAO 9303 chip protocol: Node only, shared by the kiosk's main process and the CLI.
    name: 'chip',
    files: src('chip'),
    restricted: [
      ...noElectronPackage('chip/ runs in plain Node (CLI, tests) as well as in main: no electron.'),
      ...folder('vision/node', 'chip/ uses vision core only (check digits), not its Node adapters.'),
      ...['idv', 'electron', 'renderer'].flatMap((f) =>
        folder(f, `chip/ builds on common/, platform/ and vision core only (found ${f}/).`),
      ),
    ],
  },
  {
    // services, devices, host: the Chromium host and the tests run them without Electron.
    name: 'electron (Node side)',
    files: src('electron'),
    ignores: ['electron/main/**', 'electron/preload/**'],
    restricted: [
      ...noElectronPackage('Only electron/main (and the preload) import electron; pass what you need in.'),
      ...['electron/main', 'electron/preload'].flatMap((f) =>
        folder(f, `electron/services, devices and host never import ${f}.`),
      ),
      ...folder('renderer', 'Main-process code never imports the renderer.'),
    ],
  },
  {
    name: 'electron/main',
    files: src('electron/main'),
    restricted: [
      ...folder('electron/preload', 'The preload runs in the renderer process: main never imports it.'),
      ...folder('renderer', 'Main-process code never imports the renderer.'),
    ],
  },
  {
    // An allowlist: the bridge imports electron (contextBridge, ipcRenderer) and common/, nothing else.
    name: 'electron/preload',
    files: src('electron/preload'),
    restricted: [
      { regex: '^(?!electron$)[^.]', message: 'The preload imports only electron and common/.' },
      { regex: '^\\.\\./(?!(?:\\.\\./)*common(?:/|$))', message: 'The preload imports only electron and common/.' },
    ],
  },
  {
    name: 'renderer',
    files: [...src('renderer'), 'renderer/**/*.vue'],
    restricted: [
      ...noElectronPackage('The renderer talks to main through window.kiosk only.'),
      ...noNode('The renderer runs in a sandboxed page: no Node modules.'),
      ...folder('vision/node', 'vision/node is Node-only: the renderer uses vision core.'),
      ...['platform', 'idv', 'electron'].flatMap((f) =>
        folder(f, `The renderer imports only common/ and vision core (found ${f}/).`),
      ),
    ],
  },
];

// ---- import() and require() ------------------------------------------------------------------
// no-restricted-imports checks import/export declarations (and `import x = require()`) only; this
// applies the same restrictions to dynamic import(), `typeof import()` types and require().
const dynamicImports = {
  meta: {
    type: 'problem',
    schema: [{ type: 'object', properties: { patterns: { type: 'array' } }, additionalProperties: false }],
    messages: { restricted: "'{{source}}' import is restricted from being used by a pattern. {{message}}" },
  },
  create(context) {
    const patterns = (context.options[0]?.patterns ?? []).map((p) => ({ re: new RegExp(p.regex), message: p.message }));
    const check = (node, source) => {
      if (typeof source !== 'string') return;
      const hit = patterns.find((p) => p.re.test(source));
      if (hit) context.report({ node, messageId: 'restricted', data: { source, message: hit.message } });
    };
    const literal = (n) =>
      n?.type === 'Literal' ? n.value : n?.type === 'TemplateLiteral' && n.expressions.length === 0 ? n.quasis[0].value.cooked : undefined;
    return {
      ImportExpression: (node) => check(node, literal(node.source)),
      TSImportType: (node) => check(node, literal(node.argument?.literal ?? node.argument)),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') check(node, literal(node.arguments[0]));
      },
    };
  },
};

const layersPlugin = { rules: { 'no-restricted-dynamic-imports': dynamicImports } };

const layerConfigs = layers.map(({ name, files, ignores, restricted }) => {
  const patterns = restricted.map(({ regex, message }) => ({ regex, message }));
  return {
    name: `layers/${name}`,
    files,
    ...(ignores ? { ignores } : {}),
    plugins: { layers: layersPlugin },
    rules: {
      'no-restricted-imports': ['error', { patterns }],
      'layers/no-restricted-dynamic-imports': ['error', { patterns }],
    },
  };
});

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
  // scripts/, test/ and the root config files are unrestricted.
  ...layerConfigs,
  {
    // Pages run under a CSP without 'unsafe-eval', and constructing a zod schema probes eval:
    // the renderer and the hosted page take only types from the IPC contract (main validates).
    name: 'pages/contract-types-only',
    files: ['renderer/**/*.ts', 'renderer/**/*.vue', 'idv/web/src/**/*.ts', 'idv/web/src/**/*.vue'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/common/ipc/*', 'zod'], allowTypeImports: true, message: 'pages import only types from the IPC contract (zod probes eval, which their CSP refuses)' },
          ],
        },
      ],
    },
  },
);
