// Lint, including the process boundaries: the engine and the contract never import 'electron',
// and the renderer never imports a Node module. Which folder may import which (the layers, no
// folder cycles) is checked by dependency-cruiser (.dependency-cruiser.mjs), also in npm run lint.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeModules = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

export default tseslint.config(
  { ignores: ['dist/**', '.scratch/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Playwright fixtures are destructured; `async ({}, testInfo)` is its idiom for "no fixtures".
    files: ['e2e/**'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    files: ['electron/core/**', 'scripts/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'The engine runs without Electron: never import it here.' }] },
      ],
    },
  },
  {
    files: ['electron/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The contract is shared with the renderer: no Electron.' }, ...nodeModules],
          patterns: [{ group: ['node:*'], message: 'The contract is shared with the renderer: no Node modules.' }],
        },
      ],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', ...nodeModules],
          patterns: [
            { group: ['node:*'], message: 'The renderer is a web page: no Node modules.' },
            { group: ['**/electron/core/**', '**/electron/main/**'], message: 'The renderer talks only to the contract.' },
          ],
        },
      ],
    },
  },
);
