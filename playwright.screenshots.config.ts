import { defineConfig } from '@playwright/test';

// `npm run screenshots`: the README's pictures, taken from the built extension with the same
// fixtures and stack as the browser tests (tests/e2e/fixtures.ts), into docs/screenshots/.
export default defineConfig({
  testDir: 'scripts/screenshots',
  testMatch: '**/*.shots.ts',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: 'list',
});
