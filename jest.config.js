// Test tiers by file name: *.unit.test.ts (pure code, no servers),
// *.int.test.ts and *.e2e.test.ts (real Kafka, Mongo-wire server, registry).
const common = {
  // Transpile only: `npm test` type-checks with tsc first, so jest need not.
  transform: {
    '^.+\\.ts$': ['ts-jest', { isolatedModules: true, tsconfig: '<rootDir>/tsconfig.jest.json' }],
    // The Parquet writer and reader are ES modules only (docs/adr/0027-parquet-export.md): jest's
    // CommonJS runtime needs them compiled, as Node's own require(esm) does not reach it.
    '/node_modules/hyparquet(-writer)?/.+\\.js$': [
      'ts-jest',
      { isolatedModules: true, tsconfig: { allowJs: true, module: 'CommonJS', target: 'ES2022' } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!hyparquet(-writer)?/)'],
  moduleNameMapper: {
    '^@cardline/platform/domain$': '<rootDir>/packages/platform/src/domain',
    '^@cardline/(platform|schemas)$': '<rootDir>/packages/$1/src',
  },
  testEnvironment: 'node',
  modulePathIgnorePatterns: ['<rootDir>/.*/dist/'],
};

module.exports = {
  // Integration tests wait on real servers (consumer group joins, relays).
  testTimeout: 120000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/**/*.unit.test.ts'] },
    {
      ...common,
      // Faults injected into the real servers and service processes (kill -9,
      // SIGSTOP, restarts, a three-broker cluster): their own tier, run last.
      displayName: 'fault',
      testMatch: ['<rootDir>/test/faults/**/*.fault.test.ts'],
      testEnvironment: '<rootDir>/scripts/jest/integration-environment.js',
      globalSetup: '<rootDir>/scripts/jest/global-setup.js',
      globalTeardown: '<rootDir>/scripts/jest/global-teardown.js',
    },
    {
      ...common,
      // The agent console in Debian's Chromium against the real servers behind the gateway
      // (apps/console/test/*.browser.test.ts, docs/adr/0028-agent-console.md): its own tier,
      // since it needs a browser binary besides the servers.
      displayName: 'browser',
      testMatch: ['<rootDir>/**/*.browser.test.ts'],
      testEnvironment: '<rootDir>/scripts/jest/integration-environment.js',
      globalSetup: '<rootDir>/scripts/jest/global-setup.js',
      globalTeardown: '<rootDir>/scripts/jest/global-teardown.js',
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/**/*.int.test.ts', '<rootDir>/**/*.e2e.test.ts'],
      // Stops whatever a file started (test/support/teardown.ts), even when it failed.
      testEnvironment: '<rootDir>/scripts/jest/integration-environment.js',
      globalSetup: '<rootDir>/scripts/jest/global-setup.js',
      globalTeardown: '<rootDir>/scripts/jest/global-teardown.js',
    },
  ],
};
