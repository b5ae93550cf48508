import { expect, test } from '@jupyterlab/galata';
import { execFileSync } from 'child_process';

import {
  badgeOf,
  kernelId,
  markers,
  openNotebook,
  openPanel,
  PANEL
} from './helpers';
import { jupyterServer, serveDuringTests } from './servers';

const SHOTS = 'test-results/screenshots';
// Short, so that the test sees the time limit pass; long enough for a loaded machine's
// kernel to answer in when it is not stopped.
const LIMIT = 4;
// The server's words, which the panel shows as a sentence.
const NO_ANSWER = `the kernel did not answer in ${LIMIT} s; it may be busy in native code`;

/**
 * A JupyterLab server of this file's own, whose calls into a kernel give up after LIMIT s.
 */
const lab = jupyterServer('lab-kernel-timeout', {
  args: [`--MemoryInspectorApp.kernel_timeout=${LIMIT}`]
});

/**
 * The process id of the kernel with `id`: the process started with its connection file.
 */
function kernelPid(id: string): number {
  const lines = execFileSync('ps', ['-eo', 'pid=,args='], {
    encoding: 'utf8'
  }).split('\n');
  const pids = lines
    .filter(line => line.includes(`kernel-${id}.json`))
    .map(line => Number(line.trim().split(/\s+/)[0]));
  if (pids.length !== 1) {
    throw new Error(`${pids.length} processes for kernel ${id}`);
  }
  return pids[0]!;
}

test.describe('A kernel that stops answering', () => {
  test.use({ baseURL: lab.url });
  serveDuringTests(lab);

  test('the panel says so in plain words, and recovers once the kernel resumes', async ({
    page,
    tmpPath
  }) => {
    await openNotebook(page, `${tmpPath}/stopped.ipynb`, [
      'before = bytearray(24 * 2**20)',
      'after = bytearray(40 * 2**20)'
    ]);
    // The panel stays closed until the kernel is stopped: the suggestions that it asks for
    // when it opens are the first call into the kernel since the run (the server keeps the
    // advisor's facts until the next record).
    await page.notebook.runCell(0);
    const { badge: first } = await badgeOf(page, 0);
    await expect(first.locator('.jmi-Badge-delta')).toHaveText(
      /^\+2\d\.\d MiB$/
    );
    const suggestions = page.locator(`${PANEL} .jmi-Suggestions`);
    const message = suggestions.locator('.jmi-Message');

    // As a kernel stuck in native code is to the server: alive, and silent.
    const pid = kernelPid(await kernelId(page));
    process.kill(pid, 'SIGSTOP');
    try {
      const advice = page.waitForResponse(response =>
        /\/memory-inspector\/kernels\/[^/]+\/advice/.test(response.url())
      );
      await openPanel(page);
      expect((await advice).status()).toBe(504);
      await expect(message).toHaveText(`T${NO_ANSWER.slice(1)}.`);
      await expect(message).toHaveClass(/jmi-mod-busy/);
      await page
        .locator(`${PANEL} .jmi-Gc`)
        .getByRole('button', { name: 'Collect garbage now' })
        .click();
      await expect(
        page.locator('.Toastify__toast', {
          hasText: `Could not collect garbage: ${NO_ANSWER}`
        })
      ).toBeVisible();
      await page.screenshot({ path: `${SHOTS}/stopped-kernel.png` });
    } finally {
      process.kill(pid, 'SIGCONT');
    }

    await page.notebook.runCell(1);
    const { badge: second } = await badgeOf(page, 1);
    await expect(second).toHaveAttribute('data-execution-count', '2');
    // The collection asked for while stopped runs once the kernel resumes, before this cell,
    // and may give back a little of what the process held.
    await expect(second.locator('.jmi-Badge-delta')).toHaveText(
      /^\+(39|4\d)\.\d MiB$/
    );
    await expect
      .poll(async () => (await markers(page)).map(m => m.executionCount))
      .toEqual([1, 2]);
    // The record of the new run asks for the suggestions again, and the kernel answers.
    await expect(message).toHaveCount(0);
    await expect(
      suggestions.locator('.jmi-Suggestion[data-id="del:after"]')
    ).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/stopped-kernel-recovered.png` });
  });
});
