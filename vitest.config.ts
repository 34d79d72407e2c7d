import { defineConfig } from 'vitest/config';

// One runner for the whole monorepo: unit tests (`*.test.ts`) and integration tests
// (`*.integration.test.ts`, which start real Postgres/Redis clients, the simulator and the gateway).
export default defineConfig({
  test: {
    include: [
      'apps/*/src/**/*.test.ts',
      'apps/*/test/**/*.test.ts',
      'packages/*/src/**/*.test.ts',
      'bench/**/*.test.ts',
      'infra/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
