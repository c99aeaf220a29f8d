import { defineConfig } from 'vitest/config';

// Tests of the BUILT extension that are not Playwright/Chromium: its manifests, `web-ext lint`, and
// the Firefox suite (real firefox-esr via puppeteer-core over WebDriver BiDi). Run after
// `npm run build` and `npm run build:firefox`.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/built/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.reports/built.json' }]] : ['default'],
  },
});
