import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import { copyFileSync, mkdirSync } from 'fs';

import { execute, IApp, openNotebook, openPanel, PANEL } from './helpers';

const OVERVIEW = '.jmi-Overview';
const OPEN_OVERVIEW = 'jupyterlab-memory-inspector:open-overview';
// Committed, so that a change of the overview's look shows in review.
const COMMITTED_SHOTS = 'screenshots';

/**
 * The overview's rows of this test's kernels (the server may run others).
 */
function rowsUnder(page: IJupyterLabPageFixture, tmpPath: string) {
  return page.locator(`${OVERVIEW} .jmi-Overview-row`).filter({
    has: page.locator(`td[data-column="path"]:text("${tmpPath}/")`)
  });
}

function rowOf(page: IJupyterLabPageFixture, path: string) {
  return page.locator(`${OVERVIEW} .jmi-Overview-row`).filter({
    has: page.locator(`td[data-column="path"]:text-is("${path}")`)
  });
}

/**
 * The pid of the kernel of a notebook's first cell, which prints it.
 */
async function printedPid(
  page: IJupyterLabPageFixture,
  name: string
): Promise<number> {
  await page.notebook.activate(name);
  await page.notebook.runCell(0);
  const output = await page.notebook.getCellTextOutput(0);
  return Number(output?.[0]?.trim());
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Open a code console at `dir` and run `code` in it.
 *
 * The code goes into the prompt through the console's model once its kernel is ready: typed
 * keys right after the console opens can reach the editor before it takes input (seen under
 * load), and this test is about the overview, not about typing.
 */
async function consoleRun(
  page: IJupyterLabPageFixture,
  dir: string,
  code: string
): Promise<void> {
  await page.evaluate(
    async ({ basePath, source }) => {
      interface IConsolePanel {
        sessionContext: { ready: Promise<void> };
        console: {
          promptCell: {
            model: { sharedModel: { setSource(text: string): void } };
          } | null;
          execute(force: boolean): Promise<void>;
        };
      }
      const panel = (await (
        window as unknown as { jupyterapp: IApp }
      ).jupyterapp.commands.execute('console:create', {
        basePath,
        kernelPreference: { name: 'python3' },
        activate: true
      })) as unknown as IConsolePanel;
      await panel.sessionContext.ready;
      panel.console.promptCell?.model.sharedModel.setSource(source);
      await panel.console.execute(true);
    },
    { basePath: dir, source: code }
  );
  await expect(
    page.locator('.jp-CodeConsole-content .jp-InputPrompt').first()
  ).toHaveText('[1]:');
}

test.describe('The overview of every kernel', () => {
  test('two notebooks and a console: three kernels with their memory, one shut down from the overview', async ({
    page,
    tmpPath
  }) => {
    const pidCell = 'import os; print(os.getpid())';
    await openNotebook(page, `${tmpPath}/a.ipynb`, [
      pidCell,
      'a = bytearray(96 * 2**20)'
    ]);
    await openNotebook(page, `${tmpPath}/b.ipynb`, [pidCell]);
    const pidA = await printedPid(page, 'a.ipynb');
    await page.notebook.runCell(1);
    const pidB = await printedPid(page, 'b.ipynb');
    expect(alive(pidA) && alive(pidB)).toBe(true);
    await consoleRun(page, tmpPath, 'c = bytearray(32 * 2**20)');

    await execute(page, OPEN_OVERVIEW);
    const rows = rowsUnder(page, tmpPath);
    await expect(rows).toHaveCount(3);
    for (const row of await rows.all()) {
      await expect(row.locator('td[data-column="memory"]')).toHaveText(
        /^\d+(\.\d+)? MiB$/
      );
      await expect(row.locator('td[data-column="name"]')).toHaveText('python3');
    }
    // The console's prompt was recorded like a notebook's cell.
    const consoleRow = rows.filter({
      has: page.locator('td[data-column="path"]:text("/console-")')
    });
    await expect(consoleRow.locator('td[data-column="lastCell"]')).toHaveText(
      /^\[1\] /
    );
    await expect(
      rowOf(page, `${tmpPath}/a.ipynb`).locator('td[data-column="lastCell"]')
    ).toHaveText(/^\[2\] /);

    // Sorted by memory at first, and by path at a click on its heading.
    const paths = () =>
      rows.locator('td[data-column="path"]').allTextContents();
    await expect
      .poll(paths)
      .toEqual([
        `${tmpPath}/a.ipynb`,
        expect.stringContaining(`${tmpPath}/console-`),
        `${tmpPath}/b.ipynb`
      ]);
    await page.locator(`${OVERVIEW} th[data-column="path"] button`).click();
    await expect(
      page.locator(`${OVERVIEW} th[data-column="path"]`)
    ).toHaveAttribute('aria-sort', 'ascending');
    await expect
      .poll(paths)
      .toEqual([
        `${tmpPath}/a.ipynb`,
        `${tmpPath}/b.ipynb`,
        expect.stringContaining(`${tmpPath}/console-`)
      ]);

    await page.theme.setLightTheme();
    await expect(rows).toHaveCount(3);
    await page.locator(OVERVIEW).screenshot({
      path: 'test-results/screenshots/overview-light.png'
    });
    await page.theme.setDarkTheme();
    await page.locator(OVERVIEW).screenshot({
      path: 'test-results/screenshots/overview-dark.png'
    });
    await page.theme.setLightTheme();
    mkdirSync(COMMITTED_SHOTS, { recursive: true });
    for (const theme of ['light', 'dark']) {
      copyFileSync(
        `test-results/screenshots/overview-${theme}.png`,
        `${COMMITTED_SHOTS}/overview-${theme}.png`
      );
    }

    const rowB = rowOf(page, `${tmpPath}/b.ipynb`);
    await rowB.locator('button[data-action="shutdown"]').click();
    await page.locator('.jp-Dialog .jp-mod-warn').click();
    await expect(rowB).toHaveCount(0);
    await expect(rows).toHaveCount(2);
    await expect.poll(() => alive(pidB)).toBe(false);
    expect(alive(pidA)).toBe(true);
  });

  test('a kernel that stops answering shows as such, and the others stay live', async ({
    page,
    tmpPath
  }) => {
    await openNotebook(page, `${tmpPath}/stopped.ipynb`, [
      'import os; print(os.getpid())'
    ]);
    const pid = await printedPid(page, 'stopped.ipynb');
    await openNotebook(page, `${tmpPath}/alive.ipynb`, ['x = 1']);
    await page.notebook.runCell(0);
    await execute(page, OPEN_OVERVIEW);
    const stopped = rowOf(page, `${tmpPath}/stopped.ipynb`);
    const running = rowOf(page, `${tmpPath}/alive.ipynb`);
    await expect(stopped.locator('td[data-column="state"]')).toHaveText('idle');
    process.kill(pid, 'SIGSTOP');
    try {
      await expect(stopped.locator('td[data-column="state"]')).toHaveText(
        'not answering'
      );
      // The view still follows the others: a cell run elsewhere shows in its row.
      await page.notebook.activate('alive.ipynb');
      await page.notebook.runCell(0);
      await execute(page, OPEN_OVERVIEW);
      await expect(running.locator('td[data-column="lastCell"]')).toHaveText(
        /^\[2\] /
      );
      await expect(stopped.locator('td[data-column="state"]')).toHaveText(
        'not answering'
      );
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await expect(stopped.locator('td[data-column="state"]')).toHaveText('idle');
  });

  test('the panel follows the active console as it follows the active notebook', async ({
    page,
    tmpPath
  }) => {
    await openNotebook(page, `${tmpPath}/n.ipynb`, ['x = 1']);
    await openPanel(page);
    const title = page.locator(`${PANEL} .jmi-Header-notebook`);
    await expect(title).toHaveText('n.ipynb');
    await consoleRun(page, tmpPath, 'big = bytearray(128 * 2**20)');
    await expect(title).toHaveText(/^Console \d+$/);
    // The console's prompt has its record: the panel shows its run on the timeline.
    await expect(page.locator(`${PANEL} .jmi-Total-bytes`)).toBeVisible();
    await page.notebook.activate('n.ipynb');
    await expect(title).toHaveText('n.ipynb');
  });

  test("the running sidebar's context menu opens the overview", async ({
    page,
    tmpPath
  }) => {
    await openNotebook(page, `${tmpPath}/r.ipynb`, ['x = 1']);
    await page.sidebar.openTab('jp-running-sessions');
    const item = page
      .locator('.jp-RunningSessions-item', { hasText: 'r.ipynb' })
      .first();
    await item.click({ button: 'right' });
    await page
      .locator('.lm-Menu-itemLabel', { hasText: "Show All Kernels' Memory" })
      .click();
    await expect(rowOf(page, `${tmpPath}/r.ipynb`)).toBeVisible();
  });
});
