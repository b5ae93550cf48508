import { expect, test } from '@jupyterlab/galata';
import { existsSync } from 'fs';

import { badgeOf, openNotebook, openPanel, PANEL } from './helpers';
import { ServerProcess } from './servers';

const PORT = Number(process.env.UI_TEST_PORT || '8888') + 10000;
const LIMIT = 700 * 2 ** 20;

/**
 * JupyterLab held to a 700 MiB memory cgroup, as in a container: the server and its kernels
 * count against the limit, and the out-of-memory guard is on (its default).
 */
const lab = new ServerProcess(
  'lab-in-cgroup',
  [
    'python',
    'scripts/in_memory_cgroup.py',
    String(LIMIT),
    'jupyter',
    'lab',
    '--config=jupyter_server_test_config.py',
    `--port=${PORT}`
  ],
  `http://localhost:${PORT}`,
  '/api/status'
);

// The helper makes a child of this process's cgroup v1 memory group: root, and the controller
// mounted read-write (as on the project's machines and CI).
const CGROUP_V1 = '/sys/fs/cgroup/memory/cgroup.procs';

test.describe('The out-of-memory guard in JupyterLab', () => {
  test.skip(
    !existsSync(CGROUP_V1),
    'needs a writable cgroup v1 memory controller (root, /sys/fs/cgroup/memory)'
  );
  test.use({ baseURL: lab.url });

  test.beforeAll(async () => {
    await lab.start();
  });

  test.afterAll(async () => {
    await lab.stop();
  });

  test('stops a cell that grows towards the limit, and the kernel lives on', async ({
    page,
    tmpPath
  }) => {
    await openNotebook(page, `${tmpPath}/oom-guard.ipynb`, [
      "kept = 'earlier state'\nchunks = []",
      'import time\nfor _ in range(80):\n    chunks.append(bytearray(25 * 2**20))\n    time.sleep(0.1)',
      'print(kept, len(chunks) > 0)'
    ]);
    await page.notebook.runCell(0);
    await page.notebook.runCell(1);
    const { badge } = await badgeOf(page, 1);
    await expect(badge.locator('.jmi-Badge-guard')).toContainText(
      'so that the kernel would not be killed; your variables are kept'
    );
    await expect(badge.locator('.jmi-Badge-guard')).toContainText(
      'of a 700 MiB limit'
    );
    await page.notebook.runCell(2);
    const output = (await page.notebook.getCellLocator(2))!.locator(
      '.jp-OutputArea-output'
    );
    await expect(output).toHaveText('earlier state True');
    await openPanel(page);
    await expect(
      page.locator(`${PANEL} .jmi-OutOfMemory-guarded`)
    ).toContainText('your variables are kept');
    await page.screenshot({ path: 'test-results/screenshots/oom-guard.png' });
  });
});
