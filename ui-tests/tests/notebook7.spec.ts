import { expect, Page, test } from '@playwright/test';
import { writeFileSync } from 'fs';
import { join } from 'path';

import { notebookOf } from './notebooks';
import { jupyterServer, serveDuringTests } from './servers';

/**
 * Jupyter Notebook 7 on its own port (beside the lab of the other specs): the extension's
 * plugins must load in its shell, which has no ILabShell.
 */
const notebook7 = jupyterServer('notebook7', {
  app: 'notebook',
  args: ['--JupyterNotebookApp.expose_app_in_browser=True', '--no-browser']
});

/**
 * Run one of the application's commands in the page, without handing its result back.
 */
async function execute(page: Page, id: string): Promise<void> {
  await page.evaluate(async id => {
    await (
      window as unknown as {
        jupyterapp: { commands: { execute(id: string): Promise<unknown> } };
      }
    ).jupyterapp.commands.execute(id);
  }, id);
}

/**
 * The connection and execution status of the page's notebook kernel.
 */
function kernelStatus(page: Page): Promise<string> {
  return page.evaluate(() => {
    const kernel = (
      window as unknown as {
        jupyterapp?: {
          shell: {
            currentWidget: {
              sessionContext?: {
                session?: {
                  kernel?: { connectionStatus: string; status: string } | null;
                } | null;
              };
            } | null;
          };
        };
      }
    ).jupyterapp?.shell.currentWidget?.sessionContext?.session?.kernel;
    return kernel ? `${kernel.connectionStatus}/${kernel.status}` : 'none';
  });
}

test.describe('Jupyter Notebook 7', () => {
  test.beforeAll(() => {
    writeFileSync(
      join(notebook7.root!, 'seven.ipynb'),
      notebookOf(['kept = bytearray(64 * 2**20)', 'x = 1'])
    );
  });
  serveDuringTests(notebook7);

  test('badges, the panel in the right sidebar, the palette and the overview', async ({
    page
  }) => {
    await page.goto(`${notebook7.url}/notebooks/seven.ipynb`);
    const cells = page.locator('.jp-Notebook .jp-CodeCell');
    await expect(cells).toHaveCount(2);
    // The page's kernel must be connected: a cell run before that may never be sent.
    await expect.poll(() => kernelStatus(page)).toBe('connected/idle');
    // One cell at a time from the first, the active one on opening, as a user does.
    for (const [index, prompt] of ['[1]:', '[2]:'].entries()) {
      await execute(page, 'notebook:run-cell-and-select-next');
      await expect(cells.nth(index).locator('.jp-InputPrompt')).toHaveText(
        prompt
      );
    }
    const badge = cells.nth(0).locator('.jmi-Badge');
    await expect(badge).toBeVisible();
    await expect(badge).toContainText(/\+6\d(\.\d+)? MiB/);
    await expect(cells.nth(1).locator('.jmi-Badge')).toBeVisible();

    await execute(page, 'jupyterlab-memory-inspector:open');
    const panel = page.locator('#jp-right-stack .jmi-Panel');
    await expect(panel).toBeVisible();
    await expect(panel.locator('.jmi-Header-notebook')).toHaveText(
      'seven.ipynb'
    );
    await expect(panel.locator('.jmi-Total-bytes')).toBeVisible();

    await execute(page, 'apputils:activate-command-palette');
    const input = page.locator('.lm-CommandPalette-input');
    await expect(input).toBeFocused();
    await input.fill('Memory');
    await expect(
      page.locator('.lm-CommandPalette-item', {
        hasText: "Show All Kernels' Memory"
      })
    ).toBeVisible();
    await expect(
      page.locator('.lm-CommandPalette-item', {
        hasText: 'Open Memory Inspector'
      })
    ).toBeVisible();
    await page.keyboard.press('Escape');

    await execute(page, 'jupyterlab-memory-inspector:open-overview');
    const row = page.locator('.jmi-Overview .jmi-Overview-row', {
      has: page.locator('td[data-column="path"]:text-is("seven.ipynb")')
    });
    await expect(row).toBeVisible();
    await expect(row.locator('td[data-column="memory"]')).toHaveText(
      /^\d+(\.\d+)? MiB$/
    );
    await page.screenshot({ path: 'test-results/screenshots/notebook7.png' });
  });
});
