/**
 * The frontend benchmarks: Galata in Debian's Chromium, like ui-tests/, whose node_modules
 * and server configuration they use. Not part of the test suite:
 *
 *   cd ui-tests && CI=1 jlpm playwright test -c ../benchmarks/ui/playwright.config.js
 */
const path = require('path');
const Module = require('module');

const uiTests = path.resolve(__dirname, '../../ui-tests');
// The specs import @jupyterlab/galata, which only ui-tests/ installs.
process.env.NODE_PATH = [
  path.join(uiTests, 'node_modules'),
  process.env.NODE_PATH
]
  .filter(Boolean)
  .join(path.delimiter);
Module._initPaths();

const uiConfig = require(path.join(uiTests, 'playwright.config.js'));
// JMI_BENCH_SERVER=bare: a server without this project's server extension.
const serverConfig =
  process.env.JMI_BENCH_SERVER === 'bare'
    ? 'jupyter_server_bench_bare_config.py'
    : 'jupyter_server_bench_config.py';

module.exports = {
  ...uiConfig,
  testDir: __dirname,
  testMatch: '*.bench.ts',
  outputDir: path.resolve(__dirname, '../results/ui'),
  timeout: 600000,
  reporter: [['list']],
  webServer: {
    ...uiConfig.webServer,
    command: `jupyter lab --config ${path.join(__dirname, serverConfig)}`,
    cwd: uiTests
  }
};
