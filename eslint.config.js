import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'dist-snap/**', 'dist-renderer/**', 'release/**', 'node_modules/**', 'coverage/**', '.venv/**', '.venv-ref/**', '.layerloom-tf/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The engine runs in plain Node, tests and the renderer: it must not depend on UI code.
    files: ['engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['react', 'react-dom', 'react/*', '@xyflow/*', 'zustand', 'zustand/*'], message: 'engine/ imports no React.' },
          { group: ['electron', 'electron/*'], message: 'engine/ imports no Electron.' },
          { group: ['**/renderer/**', '**/electron/**'], message: 'engine/ imports no renderer or electron code.' },
        ],
      }],
    },
  },
  {
    // engine/graph is used live by the renderer: it stays free of TF.js and Node built-ins.
    files: ['engine/graph/**/*.ts', 'engine/layers/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['@tensorflow/*', '**/tf.js'], message: 'engine/graph and engine/layers stay importable without TF.js.' },
          { group: ['node:*', 'fs', 'path', 'os', 'child_process'], message: 'engine/graph runs in the renderer: no Node built-ins.' },
          { group: ['react', 'react-dom', 'electron', '**/renderer/**', '**/electron/**'], message: 'engine/ imports no UI code.' },
        ],
      }],
    },
  },
  {
    // The renderer runs in a sandboxed page: it reaches the engine only through the contract.
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/vite.config.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'renderer/ reaches Electron only through window.layerloom (electron/preload-api.ts types).' }],
        patterns: [
          { group: ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'http', 'net', 'url', 'util', 'stream', 'worker_threads'], message: 'renderer/ runs in a browser page: no Node built-ins.' },
          { group: ['@tensorflow/*', '**/engine/tf.js', '**/engine/host/engine-host*', '**/engine/train/**', '**/engine/compile/**', '**/engine/data/**', '**/engine/backend/**', '**/engine/export/**'], message: 'renderer/ talks to the engine through the contract (EngineApi), never by importing it.' },
        ],
      }],
    },
  },
);
