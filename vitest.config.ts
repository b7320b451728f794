import { defineConfig } from 'vitest/config';

/** TensorFlow against WASM + native, and our kernel overrides on TensorFlow: that project only. */
const TENSORFLOW_ONLY = 'engine/backend/tensorflow-backend.test.ts';

/**
 * The suites that must hold on every training backend. They run once on WASM + native kernels
 * (the 'unit' project, like every other test) and again on libtensorflow (`npm run
 * setup:tensorflow` builds it; outside CI they skip, with the reason printed, where it is missing).
 */
const BACKEND_SUITES = [
  TENSORFLOW_ONLY,
  'engine/compile/compile.test.ts',
  'engine/train/session.test.ts',
  'engine/export/tfjs.test.ts',
  'engine/export/exports-reload.test.ts',
];

export default defineConfig({
  test: {
    exclude: ['node_modules/**', 'dist/**'],
    // TF.js training tests are CPU-bound; two cores, so keep workers few.
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['engine/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}'],
          exclude: ['node_modules/**', 'dist/**', TENSORFLOW_ONLY],
        },
      },
      {
        extends: true,
        // On a GPU machine: LAYERLOOM_TF_TEST_BACKEND=tensorflow-gpu npx vitest run --project tensorflow.
        // TF_CPP_MIN_LOG_LEVEL: fewer of TensorFlow's start-up lines in the log of every file.
        test: {
          name: 'tensorflow',
          include: BACKEND_SUITES,
          env: { LAYERLOOM_TEST_BACKEND: process.env.LAYERLOOM_TF_TEST_BACKEND ?? 'tensorflow', TF_CPP_MIN_LOG_LEVEL: '1' },
        },
      },
    ],
  },
});
