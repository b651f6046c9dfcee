import { defineConfig } from '@playwright/test';

// End-to-end tests in Debian's Chromium through the browser host (test/e2e, test/support/kiosk).
// Run inside scripts/sandbox.sh: the tests start a private pcscd with the virtual reader, the
// real gateway on SQLite with an SMTP catcher, and the kiosk core + browser host in the worker.
// Never `playwright install`: the browser is /usr/bin/chromium. Playwright gives every launch a
// fresh temporary profile (the --user-data-dir of DEVELOPERS.md), so it is not passed here.
export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  // One kiosk, one card reader: the flows share the stack and run one after another.
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 900 },
    actionTimeout: 10_000,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
