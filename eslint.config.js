// @ts-check
// Layering is enforced here, from the first commit (STYLE.md 1): shared is pure, core has no
// Electron, the renderer reaches outside itself only for src-main/shared, and each native
// module has exactly one adapter file that may import it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS =
  '^(node:.*|fs|fs/promises|path|os|crypto|child_process|net|tls|http|https|http2|dgram|dns|stream|stream/promises|zlib|util|events|buffer|url|worker_threads|process|readline|assert|timers|timers/promises|perf_hooks|v8|vm|cluster|module)$';

/** Native modules and the one file allowed to import each. */
export const NATIVE_ADAPTERS = {
  pcsclite: 'src-main/core/card/pcsc/pcsclite-adapter.ts',
  keytar: 'src-main/core/credentials/keytar-store.ts',
};

const nativePatterns = Object.keys(NATIVE_ADAPTERS).map((name) => ({
  regex: `^${name}$`,
  message: `Only ${NATIVE_ADAPTERS[/** @type {keyof typeof NATIVE_ADAPTERS} */ (name)]} may import ${name}; everything else uses its interface.`,
}));

const electronPattern = { regex: '^electron(/.*)?$', message: 'Only src-main/electron may import electron.' };
const nodePattern = { regex: NODE_BUILTINS, message: 'This layer must not use Node built-ins.' };

export default tseslint.config(
  {
    ignores: [
      'node_modules/**', 'dist/**', 'dist-renderer/**', 'release/**', 'artifacts/**',
      'test-results/**', 'playwright-report/**', '.cache/**', '.demo/**', '.tmp/**',
      'test/fixtures/lint/**', 'native/**/*.xml', 'src-renderer/public/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-confusing-void-expression': 'off',
      'no-restricted-imports': ['error', { patterns: [...nativePatterns, electronPattern] }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  // shared: pure TypeScript used by main, renderer and gateway.
  {
    files: ['src-main/shared/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          ...nativePatterns, electronPattern, nodePattern,
          { regex: '^react(-dom)?(/.*)?$', message: 'shared has no UI.' },
          { regex: '^\\.\\./', message: 'shared imports nothing outside src-main/shared.' },
        ],
      }],
    },
  },
  // core: decides everything, runs under plain Node.
  {
    files: ['src-main/core/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          ...nativePatterns, electronPattern,
          { regex: '(^|/)electron/', message: 'core must not reach into src-main/electron.' },
          { regex: '(^|/)src-renderer(/|$)', message: 'core must not import the renderer.' },
          { regex: '(^|/)server(/|$)', message: 'core talks to the gateway over HTTPS, never by import.' },
        ],
      }],
    },
  },
  // renderer: may import only src-main/shared from outside itself.
  {
    files: ['src-renderer/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          ...nativePatterns, electronPattern, nodePattern,
          { regex: '^(\\.\\./)+(?!src-main/shared/)(src-main|server|test|native)(/|$)', message: 'The renderer may import only src-main/shared from outside src-renderer.' },
          { regex: '(^|/)src-main/(core|electron)(/|$)', message: 'The renderer may import only src-main/shared from outside src-renderer.' },
        ],
      }],
    },
  },
  // server: its own process; shares only src-main/shared with the kiosk.
  {
    files: ['server/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          ...nativePatterns, electronPattern,
          { regex: '(^|/)src-main/(core|electron)(/|$)', message: 'The gateway shares only src-main/shared with the kiosk.' },
          { regex: '(^|/)src-renderer(/|$)', message: 'The gateway does not import the renderer.' },
        ],
      }],
    },
  },
  // The Electron glue is the one place that imports electron.
  {
    files: ['src-main/electron/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...nativePatterns] }] },
  },
  // The native adapters themselves.
  ...Object.entries(NATIVE_ADAPTERS).map(([name, file]) => ({
    files: [file],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [...nativePatterns.filter((p) => p.regex !== `^${name}$`), electronPattern],
      }],
    },
  })),
  // Tests may use fakes of anything, but still never load the real electron module.
  {
    files: ['test/**'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-empty-function': 'off',
      '@typescript-eslint/require-await': 'off',
      'no-restricted-imports': ['error', { patterns: [electronPattern] }],
    },
  },
);
