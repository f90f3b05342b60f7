import { defineConfig } from 'vitest/config';

// Three tiers (see docs/architecture.md): unit tests beside the code, integration tests against
// the real embedded Postgres + pgvector, end-to-end tests through the started product and a
// real browser.
//
// isolate: false in the unit and integration tiers: a worker keeps its module cache from one
// file to the next instead of importing the API, Prisma and ONNX Runtime again for each.
// Measured on the integration tier: 213 s of summed import time became 16 s, and the tier took
// 368 s instead of about 590 s (one run each, same day). No test mocks a module or stubs a
// global, and every file makes its own database, app and worker, so nothing else is shared.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          // The web app has no src/: its pure helpers (lib/) are tested beside them.
          include: ['{apps,packages}/*/src/**/*.test.ts', 'apps/web/lib/**/*.test.ts'],
          environment: 'node',
          // Some unit tests decode real photos or build ONNX graphs; vitest's 5 s default is too
          // tight on a loaded 2-core machine (a timeout there says nothing about the code).
          testTimeout: 30_000,
          isolate: false,
          // vitest's default is one worker fewer than cores: on 2 cores the unit tier would run
          // one file at a time. (npm test runs it beside the browser tests, which leave most of a
          // core idle: scripts/test.mjs.)
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['{apps,packages}/*/test/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          isolate: false,
          // PGlite is single-threaded WASM; a few files at a time keeps a 2-core machine responsive.
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['apps/web/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 300_000,
          maxWorkers: 1,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
