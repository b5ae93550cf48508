import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import { execFileSync } from 'child_process';

import { execute, IApp, kernelId, openNotebook } from './helpers';

const OPEN_OVERVIEW = 'jupyterlab-memory-inspector:open-overview';

// Galata's kernel mock reads every /api/kernels reply as JSON, and an interrupt's is an
// empty 204: without the mock the page's own calls reach the server untouched.
test.use({ kernels: null });

/**
 * The process ids of the kernel with `id`: those started with its connection file.
 */
function kernelPids(id: string): number[] {
  return execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter(line => line.includes(`kernel-${id}.json`))
    .map(line => Number(line.trim().split(/\s+/)[0]));
}

/**
 * Start running the active notebook's cell at `index` without waiting for it to end.
 */
async function startCell(
  page: IJupyterLabPageFixture,
  index: number
): Promise<void> {
  await page.notebook.selectCells(index);
  await page.evaluate(() => {
    void (
      window as unknown as { jupyterapp: IApp }
    ).jupyterapp.commands.execute('notebook:run-cell');
  });
}

function rowOf(page: IJupyterLabPageFixture, path: string) {
  return page.locator('.jmi-Overview .jmi-Overview-row').filter({
    has: page.locator(`td[data-column="path"]:text-is("${path}")`)
  });
}

test('the overview interrupts a running cell and restarts a kernel', async ({
  page,
  tmpPath
}) => {
  const path = `${tmpPath}/actions.ipynb`;
  await openNotebook(page, path, [
    'import os; print(os.getpid())',
    'kept = 1',
    'import time; time.sleep(120)',
    'kept'
  ]);
  await page.notebook.runCell(0);
  const pid = Number((await page.notebook.getCellTextOutput(0))?.[0]?.trim());
  await page.notebook.runCell(1);
  const id = await kernelId(page);
  expect(kernelPids(id)).toEqual([pid]);

  await startCell(page, 2);
  await execute(page, OPEN_OVERVIEW);
  const row = rowOf(page, path);
  const state = row.locator('td[data-column="state"]');
  await expect(state).toHaveText('busy');
  await row.locator('button[data-action="interrupt"]').click();
  await expect(state).toHaveText('idle');
  await page.notebook.activate('actions.ipynb');
  await expect
    .poll(async () => (await page.notebook.getCellTextOutput(2))?.join('\n'))
    .toContain('KeyboardInterrupt');
  expect(kernelPids(id)).toEqual([pid]);

  await execute(page, OPEN_OVERVIEW);
  await row.locator('button[data-action="restart"]').click();
  // One process again, and a new one.
  await expect
    .poll(() => {
      const pids = kernelPids(id);
      return pids.length === 1 && pids[0] !== pid;
    })
    .toBe(true);
  expect(kernelPids(id)).not.toContain(pid);
  await expect(state).toHaveText('idle');
  await page.notebook.activate('actions.ipynb');
  await page.notebook.runCell(3);
  expect((await page.notebook.getCellTextOutput(3))?.join('\n')).toContain(
    'NameError'
  );
});
