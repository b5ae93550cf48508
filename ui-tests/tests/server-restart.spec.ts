import { expect, test } from '@jupyterlab/galata';

import {
  badgeOf,
  execute,
  markers,
  openNotebook,
  openPanel,
  PANEL
} from './helpers';
import { jupyterServer, serveDuringTests } from './servers';

const SHOTS = 'test-results/screenshots';

/**
 * A JupyterLab server of this file's own, with a root that outlives it, to restart it while
 * the page stays open.
 */
const lab = jupyterServer('lab-restarted');

interface ISessionApp {
  serviceManager: { sessions: { refreshRunning(): Promise<void> } };
  shell: {
    currentWidget: {
      sessionContext: {
        session: unknown;
        changeKernel(options: { name: string }): Promise<unknown>;
      };
    };
  };
}

test.describe('A server restart with the page open', () => {
  // Galata tracks the page's kernels, sessions and terminals by proxying those requests, which
  // fails the test while the server is down (the page polls terminals too); the server ends
  // with this file, and its kernels too.
  test.use({
    baseURL: lab.url,
    kernels: null,
    sessions: null,
    terminals: null
  });
  serveDuringTests(lab);

  test('keeps the old kernel’s badges and follows the new kernel, without a reload', async ({
    page,
    tmpPath
  }) => {
    // JupyterLab's own notice while its server is away; its one button is "Close".
    await page.addLocatorHandler(
      page.locator('.jp-Dialog', { hasText: 'Server Connection Error' }),
      async dialog => {
        await dialog.locator('.jp-Dialog-footer .jp-mod-reject').click();
      }
    );
    await openNotebook(page, `${tmpPath}/server-restart.ipynb`, [
      'first = bytearray(32 * 2**20)',
      'second = bytearray(16 * 2**20)'
    ]);
    await openPanel(page);
    await page.notebook.runCell(0);
    const { badge: first } = await badgeOf(page, 0);
    await expect(first.locator('.jmi-Badge-delta')).toHaveText(
      /^\+3\d\.\d MiB$/
    );
    await expect(first).toHaveAttribute('data-origin', 'live');

    // A restart of the server ends its kernels and its sessions.
    await lab.stop();
    await lab.start();
    // JupyterLab learns that the notebook's session is gone at its next poll of the sessions,
    // which backs off while the server is away: ask now rather than wait for it.
    await page.evaluate(() =>
      (
        window as unknown as { jupyterapp: ISessionApp }
      ).jupyterapp.serviceManager.sessions.refreshRunning()
    );
    await expect(page.locator(`${PANEL} .jmi-Header-message`)).toHaveText(
      /This notebook has no kernel/
    );
    await expect(first.locator('.jmi-Badge-delta')).toHaveText(
      /^\+3\d\.\d MiB$/
    );
    await expect(first).toHaveAttribute('data-origin', 'earlier');
    await expect(first.locator('.jmi-Badge-origin')).toHaveText(
      'earlier kernel'
    );

    // As the user would pick Python 3 in the kernel selector.
    await page.evaluate(() =>
      (
        window as unknown as { jupyterapp: ISessionApp }
      ).jupyterapp.shell.currentWidget.sessionContext.changeKernel({
        name: 'python3'
      })
    );
    await page.notebook.selectCells(1);
    await execute(page, 'notebook:run-cell');
    const { badge: second } = await badgeOf(page, 1);
    await expect(second).toHaveAttribute('data-origin', 'live');
    await expect(second).toHaveAttribute('data-execution-count', '1');
    await expect(second.locator('.jmi-Badge-delta')).toHaveText(
      /^\+1\d\.\d MiB$/
    );
    await expect(first).toHaveAttribute('data-origin', 'earlier');
    await expect(
      page.locator(`${PANEL} .jmi-Timeline .jmi-Empty`)
    ).toBeHidden();
    await expect
      .poll(async () => (await markers(page)).map(m => m.cellId))
      .toEqual([await second.getAttribute('data-cell-id')]);
    await page.screenshot({ path: `${SHOTS}/server-restart.png` });
  });
});
