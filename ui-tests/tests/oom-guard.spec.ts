import { expect, test } from '@jupyterlab/galata';

import { badgeOf, openNotebook, openPanel, PANEL } from './helpers';
import { hasMemoryCgroup, jupyterServer, serveDuringTests } from './servers';

/**
 * JupyterLab held to a 700 MiB memory cgroup, as in a container: the server and its kernels
 * count against the limit, and the out-of-memory guard is on (its default).
 */
const lab = jupyterServer('lab-in-cgroup', { memoryLimit: 700 * 2 ** 20 });

test.describe('The out-of-memory guard in JupyterLab', () => {
  test.skip(
    !hasMemoryCgroup(),
    'needs a writable cgroup v1 memory controller (root, /sys/fs/cgroup/memory)'
  );
  test.use({ baseURL: lab.url });
  serveDuringTests(lab);

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
