import { expect, test } from '@jupyterlab/galata';

import {
  badgeOf,
  IApp,
  kernelStatus,
  openNotebook,
  openPanel,
  PANEL
} from './helpers';
import { hasMemoryCgroup, jupyterServer, serveDuringTests } from './servers';

/**
 * JupyterLab held to a 700 MiB memory cgroup with the out-of-memory guard off: nothing stops
 * a growing cell, and the kernel is killed for memory.
 */
const lab = jupyterServer('lab-in-cgroup-unguarded', {
  memoryLimit: 700 * 2 ** 20,
  args: ['--MemoryInspectorApp.oom_guard=False']
});

test.describe('A kernel killed for memory in JupyterLab', () => {
  test.skip(
    !hasMemoryCgroup(),
    'needs a writable cgroup v1 memory controller (root, /sys/fs/cgroup/memory)'
  );
  test.use({ baseURL: lab.url });
  serveDuringTests(lab);

  test("the fatal cell's badge says it ran out of memory, until dismissed", async ({
    page,
    tmpPath
  }) => {
    await openNotebook(page, `${tmpPath}/oom-death.ipynb`, [
      'chunks = []',
      'import time\nfor _ in range(80):\n    chunks.append(bytearray(25 * 2**20))\n    time.sleep(0.1)'
    ]);
    await page.notebook.runCell(0);
    await page.notebook.selectCells(1);
    // The run never finishes (the kernel dies): start it without waiting for its end.
    await page.evaluate(() => {
      void (
        window as unknown as { jupyterapp: IApp }
      ).jupyterapp.commands.execute('notebook:run-cell');
    });
    const { badge } = await badgeOf(page, 1);
    const note = badge.locator('.jmi-Badge-death');
    await expect(note).toHaveText(
      /^killed at \d+(\.\d+)? MiB of a 700 MiB limit while this cell ran: out of memory$/,
      { timeout: 90000 }
    );
    await expect(badge).toHaveAttribute('data-death', 'oom_kill');
    // The kernel restarts on its own; the badge keeps the death.
    await expect
      .poll(() => kernelStatus(page), { timeout: 60000 })
      .toBe('connected/idle');
    await expect(note).toContainText('out of memory');
    // The badge of the cell that ran before is left alone.
    await expect(
      (await badgeOf(page, 0)).badge.locator('.jmi-Badge-death')
    ).toHaveText('');
    const dialog = page.locator('.jp-Dialog');
    if (await dialog.isVisible()) {
      await dialog.locator('.jp-mod-accept, .jp-mod-reject').first().click();
    }
    await page.screenshot({ path: 'test-results/screenshots/oom-death.png' });
    await openPanel(page);
    const death = page.locator(`${PANEL} .jmi-OutOfMemory-death`);
    await expect(death).toContainText('Out of memory');
    await death.locator('button').click();
    await expect(badge).toHaveCount(0);
  });
});
