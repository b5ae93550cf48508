import { expect, test } from '@jupyterlab/galata';

import {
  badgeOf,
  IApp,
  kernelId,
  openNotebook,
  reloadRestored
} from './helpers';
import { hasMemoryCgroup, jupyterServer, serveDuringTests } from './servers';

/**
 * JupyterLab held to a 700 MiB memory cgroup with the out-of-memory guard off, as in
 * oom-death.spec.ts: a growing cell gets the kernel killed.
 */
const lab = jupyterServer('lab-in-cgroup-death-before-load', {
  memoryLimit: 700 * 2 ** 20,
  args: ['--MemoryInspectorApp.oom_guard=False']
});

const GROW =
  'import time\nfor _ in range(80):\n    chunks.append(bytearray(25 * 2**20))\n    time.sleep(0.1)';

test.describe('A kernel killed while no page was open', () => {
  test.skip(
    !hasMemoryCgroup(),
    'needs a writable cgroup v1 memory controller (root, /sys/fs/cgroup/memory)'
  );
  test.use({ baseURL: lab.url });
  serveDuringTests(lab);

  test('the page loaded after the death puts it on the fatal cell, with its record', async ({
    page,
    tmpPath
  }) => {
    const path = `${tmpPath}/death-before-load.ipynb`;
    await openNotebook(page, path, ['chunks = []', GROW]);
    await page.notebook.runCell(0);
    const id = await kernelId(page);
    await page.notebook.selectCells(1);
    // The run never finishes (the kernel dies): start it without waiting for its end.
    await page.evaluate(() => {
      void (
        window as unknown as { jupyterapp: IApp }
      ).jupyterapp.commands.execute('notebook:run-cell');
    });
    const monitor = async () =>
      (await page.request.get(`/memory-inspector/kernels/${id}`)).json();
    await expect
      .poll(async () => (await monitor()).execution_state)
      .toBe('busy');
    // The page goes before the kernel dies: it never learns which request was running.
    // Saved first, or the browser asks whether to leave unsaved changes (and stays).
    await page.notebook.save();
    // (Galata's goto() would load JupyterLab again: leave through the browser itself.)
    await page.evaluate(() => {
      window.location.href = 'about:blank';
    });
    await page.waitForURL('about:blank');
    await expect
      .poll(
        async () =>
          ((await monitor()).lifecycle as { event: string }[]).some(
            event => event.event === 'died'
          ),
        { timeout: 90000 }
      )
      .toBe(true);

    // Back to JupyterLab, which restores the notebook (and its kernel) from the workspace.
    await page.goBack();
    await reloadRestored(page);
    const { badge } = await badgeOf(page, 1);
    await expect(badge.locator('.jmi-Badge-death')).toHaveText(
      /^killed at \d+(\.\d+)? MiB of a 700 MiB limit while this cell ran: out of memory$/,
      { timeout: 30000 }
    );
    await expect(badge).toHaveAttribute('data-death', 'oom_kill');
    // The figures of the record made from the server's last readings, beside the death.
    await expect(badge).toContainText(/peak \+\d+(\.\d+)? MiB/);
    await expect(
      (await badgeOf(page, 0)).badge.locator('.jmi-Badge-death')
    ).toHaveText('');
    await page.screenshot({
      path: 'test-results/screenshots/death-before-load.png'
    });
  });
});
