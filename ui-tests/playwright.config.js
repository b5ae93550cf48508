/**
 * Galata in Debian's Chromium: no browser download, no video (it needs Playwright's ffmpeg).
 */
const baseConfig = require('@jupyterlab/galata/lib/playwright-config');

// Several checkouts can run their UI tests at once on one machine, each on its own port.
const port = process.env.UI_TEST_PORT || '8888';

module.exports = {
  ...baseConfig,
  timeout: 120000,
  expect: { timeout: 30000 },
  retries: 0,
  workers: 1,
  use: {
    ...baseConfig.use,
    baseURL: `http://localhost:${port}`,
    video: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync'
      ]
    }
  },
  webServer: {
    command: 'jlpm start',
    url: `http://localhost:${port}/lab`,
    timeout: 120000,
    reuseExistingServer: !process.env.CI
  }
};
