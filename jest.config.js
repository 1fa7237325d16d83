// Tests are compiled by SWC (TypeScript 7 ships no JS compiler API for ts-jest); `npm run typecheck`
// type-checks them. See test/support/swc-transformer.js for why dependencies pass through it too.
const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj|cj)s$': '<rootDir>/test/support/swc-transformer.js' },
  transformIgnorePatterns: [],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
};

module.exports = {
  // e2e tests wait on real queues; projects do not carry this option, so it is set for the run.
  testTimeout: 60000,
  // A worker that ends a test file above this is replaced: ~150 files each booting a Nest app
  // grew one worker past V8's default heap (a full run ended out of memory at 3.6 GB).
  workerIdleMemoryLimit: '1536MB',
  projects: [
    {
      displayName: 'unit',
      ...common,
      rootDir: __dirname,
      roots: ['<rootDir>/src'],
      testMatch: ['**/*.spec.ts'],
    },
    {
      displayName: 'e2e',
      ...common,
      rootDir: __dirname,
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      // Every answer an e2e test receives is checked against the OpenAPI document (issue 10).
      setupFilesAfterEnv: ['<rootDir>/test/support/contract-setup.ts'],
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      // The hostile suites (docs/security.md): tenancy sweep and fuzzing over every route of the OpenAPI document.
      displayName: 'security',
      ...common,
      rootDir: __dirname,
      roots: ['<rootDir>/test/security'],
      testMatch: ['**/*.spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      // The web console in Debian's Chromium against the real app (test/browser; skipped, saying so, without /usr/bin/chromium).
      displayName: 'browser',
      ...common,
      rootDir: __dirname,
      roots: ['<rootDir>/test/browser'],
      testMatch: ['**/*.browser-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/contract-setup.ts'],
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
