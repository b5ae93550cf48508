import { expect, galata, test } from '@jupyterlab/galata';

import {
  activeProbeSession,
  badgeOf,
  boundaries,
  datasets,
  execute,
  kernelId,
  kernelStatus,
  markers,
  openNotebook,
  openPanel,
  PANEL,
  start,
  waitForNewProbe
} from './helpers';
import { ECHO_KERNEL } from './notebooks';

const SHOTS = 'test-results/screenshots';

test.describe('Kernel situations', () => {
  test('a restart greys the old badges and starts a new segment of the timeline', async ({
    page,
    tmpPath
  }) => {
    await openNotebook(page, `${tmpPath}/restart.ipynb`, [
      'a = bytearray(64 * 2**20)',
      'b = bytearray(16 * 2**20)'
    ]);
    await openPanel(page);
    await page.notebook.run();
    const { badge: first } = await badgeOf(page, 0);
    await expect(first).toHaveAttribute('data-origin', 'live');

    const before = await activeProbeSession(page);
    expect(before).not.toBeNull();
    // As the interrupt below, from the test: Galata's kernel fixture intercepts the page's
    // /api/kernels requests, and a cell run after a restart made through it never ends.
    const restarted = await page.request.post(
      `/api/kernels/${await kernelId(page)}/restart`
    );
    expect(restarted.ok()).toBe(true);
    await expect(first).toHaveAttribute('data-origin', 'restarted');
    await expect(first.locator('.jmi-Badge-origin')).toHaveText(
      'before restart'
    );
    expect(await first.getAttribute('title')).toContain(
      'Measured before the kernel restarted.'
    );

    // The new process's first run: a live badge again, and a second memory line. The page's
    // kernel connection comes back by itself after the restart; a cell sent before it has
    // may never run.
    await expect(page.locator(`${PANEL} .jmi-Total-bytes`)).toBeVisible();
    await expect.poll(() => kernelStatus(page)).toBe('connected/idle');
    await waitForNewProbe(page, before);
    // Galata's run helpers count executions from the page's start, which a restart resets.
    await page.notebook.selectCells(1);
    await execute(page, 'notebook:run-cell');
    const { badge: second } = await badgeOf(page, 1);
    await expect(second).toHaveAttribute('data-origin', 'live');
    await expect(second).toHaveAttribute('data-execution-count', '1');
    await expect(first).toHaveAttribute('data-origin', 'restarted');
    await expect
      .poll(
        async () =>
          (await datasets(page)).filter(d => d.label === 'Memory').length
      )
      .toBe(2);
    await expect
      .poll(async () => (await markers(page)).map(m => m.executionCount))
      .toEqual([1, 2, 1]);
    await page.screenshot({ path: `${SHOTS}/restart.png` });
  });

  test('a kernel killed mid-cell shows where it died on the timeline', async ({
    page,
    tmpPath
  }) => {
    await openNotebook(page, `${tmpPath}/died.ipynb`, [
      'kept = bytearray(64 * 2**20)',
      'import time\ntime.sleep(120)'
    ]);
    await openPanel(page);
    await page.notebook.runCell(0);
    const { badge } = await badgeOf(page, 0);
    await expect(badge).toHaveAttribute('data-origin', 'live');
    const monitor = await (
      await page.request.get(
        `/memory-inspector/kernels/${await kernelId(page)}`
      )
    ).json();
    // Started, not awaited: the cell never finishes, its kernel dies under it.
    await page.notebook.selectCells(1);
    await start(page, 'notebook:run-cell');
    await expect(page.locator(`${PANEL} .jmi-Total-busy`)).toBeVisible();
    // As the system's out-of-memory killer would: the kernel's process ends at once.
    process.kill(monitor.probe.pid, 'SIGKILL');
    await expect
      .poll(async () => (await boundaries(page)).map(b => b.kind), {
        timeout: 60000
      })
      .toEqual(['died']);
    await expect(badge).toHaveAttribute('data-origin', 'restarted');
    // What the dead process held is gone: no suggestion may name it any more.
    const suggestions = page.locator(`${PANEL} .jmi-Suggestions`);
    await expect(
      suggestions.locator('.jmi-Suggestion-title', { hasText: 'kept' })
    ).toHaveCount(0);
    await page.screenshot({ path: `${SHOTS}/died.png` });
  });

  test('an interrupted cell gets its badge, marked as raised', async ({
    page,
    tmpPath
  }) => {
    await openNotebook(page, `${tmpPath}/interrupt.ipynb`, [
      "import time\nkept = bytearray(40 * 2**20)\nprint('sleeping', flush=True)\ntime.sleep(120)"
    ]);
    await openPanel(page);
    // Awaited at the end: a run still waiting when the test ends fails the test.
    const running = page.notebook.run();
    await expect(page.locator(`${PANEL} .jmi-Total-busy`)).toBeVisible();
    // The interrupt must land in the sleep, after `kept` is made: the cell says when.
    const cell = await page.notebook.getCellLocator(0);
    await expect(cell!.locator('.jp-OutputArea-output')).toContainText(
      'sleeping'
    );
    // Galata's kernel fixture intercepts the page's /api/kernels requests and cannot read
    // the interrupt's empty reply: the request goes from the test, as the toolbar's would.
    const interrupted = await page.request.post(
      `/api/kernels/${await kernelId(page)}/interrupt`
    );
    expect(interrupted.ok()).toBe(true);
    const { badge } = await badgeOf(page, 0);
    await expect(badge).toHaveAttribute('data-execution-count', '1');
    await expect(badge).toHaveClass(/jmi-mod-raised/);
    expect(await badge.getAttribute('title')).toContain(
      'The cell raised an error.'
    );
    await expect(page.locator(`${PANEL} .jmi-Total-busy`)).toBeHidden();
    await expect(
      page.locator(`${PANEL} .jmi-Variables tbody tr`).first()
    ).toHaveAttribute('data-name', 'kept');
    await running;
  });

  test('a kernel that is not Python: the panel says so and nothing throws', async ({
    page,
    tmpPath
  }) => {
    // JupyterLab's debugger complains about a kernel without debugging; ours must not.
    const errors: string[] = [];
    page.on('pageerror', error => {
      if (/memory.inspector|jmi-/i.test(`${error.message}\n${error.stack}`)) {
        errors.push(error.message);
      }
    });
    page.on('console', message => {
      if (
        message.type() === 'error' &&
        /memory.inspector/i.test(message.text())
      ) {
        errors.push(message.text());
      }
    });
    await openNotebook(page, `${tmpPath}/echo.ipynb`, ['hello'], {
      kernel: ECHO_KERNEL
    });
    await openPanel(page);
    await expect(page.locator(`${PANEL} .jmi-Header-kernel`)).toHaveText(
      'Echo (not Python)'
    );
    await expect(page.locator(`${PANEL} .jmi-Header-message`)).toHaveText(
      /does not support this kernel \(echo kernels are not supported\)/
    );
    await page.notebook.run();
    const cell = await page.notebook.getCellLocator(0);
    await expect(cell!.locator('.jp-OutputArea-output')).toHaveText('hello');
    await expect(cell!.locator('.jmi-Badge')).toHaveCount(0);
    await expect(page.locator('.jmi-Status')).toBeHidden();
    await page.screenshot({ path: `${SHOTS}/echo-kernel.png` });
    expect(errors).toEqual([]);
  });
});

test.describe('Badges', () => {
  test('are coloured by the thresholds under Run All', async ({
    page,
    tmpPath
  }) => {
    await openNotebook(page, `${tmpPath}/thresholds.ipynb`, [
      'small = bytearray(16 * 2**20)',
      'medium = bytearray(300 * 2**20)',
      'large = bytearray(1100 * 2**20)',
      'spike = bytearray(1100 * 2**20); del spike'
    ]);
    await page.notebook.run();
    const expected = [
      ['normal', '', ''],
      ['warning', 'jmi-mod-warning', 'jmi-mod-warning'],
      ['critical', 'jmi-mod-critical', 'jmi-mod-critical'],
      ['critical', '', 'jmi-mod-critical']
    ];
    for (const [index, [severity, delta, peak]] of expected.entries()) {
      const { badge } = await badgeOf(page, index);
      await expect(badge).toHaveAttribute(
        'data-execution-count',
        String(index + 1)
      );
      await expect(badge).toHaveAttribute('data-severity', severity!);
      for (const [part, level] of [
        ['delta', delta],
        ['peak', peak]
      ]) {
        const span = badge.locator(`.jmi-Badge-${part}`);
        if (level) {
          await expect(span).toHaveClass(new RegExp(level!));
        } else {
          await expect(span).not.toHaveClass(/jmi-mod-(warning|critical)/);
        }
      }
    }
    await page.screenshot({ path: `${SHOTS}/badges-thresholds.png` });
  });

  test.describe('saved into the notebook', () => {
    test.use({
      mockSettings: {
        ...galata.DEFAULT_SETTINGS,
        'jupyterlab-memory-inspector:plugin': { saveToMetadata: true }
      }
    });

    test('travel with the notebook and show as saved when reopened', async ({
      page,
      tmpPath
    }) => {
      const path = `${tmpPath}/saved.ipynb`;
      await openNotebook(page, path, [
        'a = bytearray(24 * 2**20)',
        'b = bytearray(8 * 2**20)'
      ]);
      await page.notebook.run();
      const { badge } = await badgeOf(page, 1);
      await expect(badge).toHaveAttribute('data-execution-count', '2');
      await page.notebook.save();

      const metadata = await page.evaluate(async path => {
        const app = (
          window as unknown as {
            jupyterapp: {
              serviceManager: {
                contents: {
                  get(path: string): Promise<{
                    content: { cells: { metadata: Record<string, unknown> }[] };
                  }>;
                };
              };
            };
          }
        ).jupyterapp;
        const model = await app.serviceManager.contents.get(path);
        return model.content.cells.map(cell => cell.metadata.memory_inspector);
      }, path);
      expect(metadata).toHaveLength(2);
      for (const saved of metadata as Record<string, unknown>[]) {
        expect(saved.rss_delta).toEqual(expect.any(Number));
        expect(saved.gc).toEqual(expect.any(Object));
        expect(saved).not.toHaveProperty('variables');
      }

      // Reopened with another kernel, the badges come from the metadata, marked as saved.
      await execute(page, 'kernelmenu:shutdown');
      await page.notebook.close();
      await page.notebook.openByPath(path);
      await page.notebook.activate('saved.ipynb');
      const { badge: reopened } = await badgeOf(page, 0);
      await expect(reopened).toHaveAttribute('data-origin', 'saved');
      await expect(reopened.locator('.jmi-Badge-origin')).toHaveText('saved');
      await expect(reopened.locator('.jmi-Badge-delta')).toHaveText(
        /^\+2\d\.\d MiB$/
      );
      expect(await reopened.getAttribute('title')).toMatch(
        /Saved in the notebook \(measured .+\), not in this kernel\./
      );
      await page.screenshot({ path: `${SHOTS}/badges-saved.png` });
    });
  });
});
