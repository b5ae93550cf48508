import { expect, test } from '@jupyterlab/galata';

import {
  badgeOf,
  datasets,
  markers,
  openNotebook,
  openPanel,
  PANEL,
  waitForKernelIdle
} from './helpers';
import {
  jupyterServer,
  serveDuringTests,
  serverPort,
  ServerProcess
} from './servers';

const SHOTS = 'test-results/screenshots';
const GATEWAY_PORT = serverPort('kernel-gateway');

/**
 * Kernels on a jupyter_kernel_gateway, as a cluster provides them: JupyterLab's server reaches
 * them through the messaging protocol alone.
 */
const gateway = new ServerProcess(
  'kernel-gateway',
  [
    'python',
    '-m',
    'kernel_gateway',
    '--KernelGatewayApp.ip=127.0.0.1',
    `--KernelGatewayApp.port=${GATEWAY_PORT}`,
    // As jupyterServer's: a port in use fails the start.
    '--KernelGatewayApp.port_retries=0',
    '--JupyterWebsocketPersonality.list_kernels=True'
  ],
  `http://127.0.0.1:${GATEWAY_PORT}`,
  '/api/kernelspecs'
);

const lab = jupyterServer('lab-behind-gateway', {
  args: [`--GatewayClient.url=${gateway.url}`]
});

test.describe('Kernels behind a kernel gateway', () => {
  test.use({ baseURL: lab.url });
  serveDuringTests(gateway, lab);

  test('badges and the panel work through the messaging protocol alone', async ({
    page,
    tmpPath
  }) => {
    await openNotebook(page, `${tmpPath}/remote.ipynb`, [
      'kept = bytearray(48 * 2**20)'
    ]);
    await openPanel(page);
    await waitForKernelIdle(page);
    await page.notebook.run();
    const { badge } = await badgeOf(page, 0);
    await expect(badge.locator('.jmi-Badge-delta')).toHaveText(
      /^\+4\d\.\d MiB$/
    );
    // No process of the kernel to read on this machine: the panel says what it reads instead.
    await expect(page.locator(`${PANEL} .jmi-Live`)).toContainText(
      'the kernel reports its memory every'
    );
    await expect(page.locator(`${PANEL} .jmi-Variables`)).toContainText('kept');
    // The timeline draws the run's record and its marker, and the live readings beside them.
    await expect
      .poll(async () =>
        (await datasets(page))
          .filter(d => d.points > 0)
          .map(d => d.label)
          .sort()
      )
      .toEqual([
        'Cell runs',
        'Memory',
        'Memory while a cell runs (shared pages split)'
      ]);
    await expect
      .poll(async () => (await markers(page)).map(m => m.executionCount))
      .toEqual([1]);
    await page.screenshot({ path: `${SHOTS}/gateway.png` });
  });
});
