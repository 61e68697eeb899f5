import { defineConfig } from 'vitest/config';

// Two projects: fast, pure tests (domain, conformance against the official samples) and
// integration tests against real Kafka and PostgreSQL (tests/support/global-setup.ts).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['domain/**/*.test.ts', 'platform/**/*.test.ts', 'services/**/*.test.ts', 'cli/**/*.test.ts', 'tests/conformance/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
