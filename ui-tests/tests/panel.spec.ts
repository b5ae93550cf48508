import { expect, test } from '@jupyterlab/galata';

import {
  badgeOf,
  datasets,
  markers,
  openNotebook,
  openPanel,
  PANEL,
  panelLayoutSaved,
  reloadRestored,
  searchPalette
} from './helpers';

const SHOTS = 'test-results/screenshots';

test.describe('Memory panel', () => {
  test('shows the total, the timeline, the largest variables and the gc state', async ({
    page,
    tmpPath
  }) => {
    await openNotebook(page, `${tmpPath}/panel.ipynb`, [
      'big = bytearray(96 * 2**20)',
      'small = [bytearray(2**20) for _ in range(8)]\nalias = small',
      'import gc\nclass Node:\n    pass\nfor _ in range(2000):\n    n = Node(); n.me = n\ndel n'
    ]);
    await openPanel(page);
    const panel = page.locator(PANEL);
    await expect(panel.locator('.jmi-Header-message')).toHaveCount(0);
    await page.notebook.run();

    await expect(panel.locator('.jmi-Header-notebook')).toHaveText(
      'panel.ipynb'
    );
    await expect(panel.locator('.jmi-Total-bytes')).toHaveText(
      /^\d+(\.\d+)? (MiB|GiB)$/
    );
    await expect(panel.locator('.jmi-Total-share')).toHaveText(
      /% of (the .+ memory limit|the host's .+ \(no memory limit set\))( \((its group|the machine): .+ of it other .+\))$/
    );
    await expect(panel.locator('.jmi-Live')).toContainText('Live:');

    // The timeline draws at most twice a second.
    await expect
      .poll(async () => (await markers(page)).map(m => m.executionCount))
      .toEqual([1, 2, 3]);
    const labels = (await datasets(page)).map(d => d.label);
    expect(labels).toContain('Memory');
    expect(labels).toContain('Cell runs');

    // Largest first, with what else holds each one.
    const rows = panel.locator('.jmi-Variables tbody tr');
    await expect(rows.first()).toHaveAttribute('data-name', 'big');
    const small = panel.locator('.jmi-Variables tr[data-name="small"]');
    await expect(small.locator('.jmi-Holder')).toHaveText(['alias']);

    // A click on a column sorts by it; another turns the order round.
    const names = async () =>
      (await rows.evaluateAll(trs =>
        trs.map(tr => tr.getAttribute('data-name'))
      )) as string[];
    const shown = await names();
    expect(shown.length).toBeGreaterThanOrEqual(2);
    const alphabetical = [...shown].sort((a, b) =>
      a.localeCompare(b, undefined, { sensitivity: 'base' })
    );
    const byName = panel.locator('.jmi-SortButton[data-sort-key="name"]');
    await byName.click();
    await expect.poll(names).toEqual(alphabetical);
    await byName.click();
    await expect.poll(names).toEqual([...alphabetical].reverse());
    const bySize = panel.locator('.jmi-SortButton[data-sort-key="size"]');
    await bySize.click();
    await bySize.click();
    await expect(rows.last()).toHaveAttribute('data-name', 'big');

    const gc = panel.locator('.jmi-Gc');
    // What the collector does comes first; its counters wait behind "Counters".
    await expect(gc.locator('.jmi-Facts dd').first()).toHaveText(
      /^On\. Python frees an object as soon as nothing refers to it;.*Counters/
    );
    await expect(gc.locator('.jmi-Gc-counters')).not.toHaveAttribute('open');
    await gc.locator('.jmi-CollectButton').click();
    await expect(gc.locator('.jmi-Result')).toHaveText(
      /^Collected \d+ objects? in .+; memory .+ → .+ \(.+\)\.$/
    );
    await page.screenshot({ path: `${SHOTS}/panel-light.png` });
  });

  test('allocation tracing shows the Python heap and the lines that allocate', async ({
    page,
    tmpPath
  }) => {
    await openNotebook(page, `${tmpPath}/tracing.ipynb`, [
      'x = 1',
      'blocks = [bytes(4096) for _ in range(5000)]'
    ]);
    await openPanel(page);
    await page.notebook.runCell(0);
    const gc = page.locator(`${PANEL} .jmi-Gc`);
    const toggle = gc.locator('input[role="switch"]');
    await expect(toggle).not.toBeChecked();
    await toggle.click();
    await expect(toggle).toBeChecked();
    await page.notebook.runCell(1);
    await expect(gc.locator('.jmi-Facts')).toContainText('Python heap');
    await expect(gc.locator('.jmi-TopLines tbody tr').first()).toContainText(
      'bytes(4096)'
    );
    await expect
      .poll(async () => (await datasets(page)).map(d => d.label))
      .toContain('Python heap (traced allocations)');
    await toggle.click();
    await expect(toggle).not.toBeChecked();
  });

  test('a click on a run marker scrolls to its cell and selects it', async ({
    page,
    tmpPath
  }) => {
    // Thirty quick runs put their markers about a pixel apart, where a click takes the
    // nearest by a fraction of a pixel: the runs around the clicked one wait, so that its
    // marker stands clear of its neighbours' (each wait spans several pixels).
    const sources = Array.from({ length: 30 }, (_, index) =>
      [2, 3].includes(index)
        ? `import time\ntime.sleep(2)\nv${index} = bytearray(${index + 1} * 2**20)`
        : `v${index} = bytearray(${index + 1} * 2**20)`
    );
    await openNotebook(page, `${tmpPath}/markers.ipynb`, sources);
    await openPanel(page);
    await page.notebook.run();
    await expect.poll(async () => (await markers(page)).length).toBe(30);
    await page.notebook.selectCells(29);

    const drawn = await markers(page);
    const at = drawn.findIndex(m => m.cellId === 'cell-2');
    const room = Math.min(
      drawn[at]!.x - drawn[at - 1]!.x,
      drawn[at + 1]!.x - drawn[at]!.x
    );
    expect(room, JSON.stringify(drawn.slice(0, 5))).toBeGreaterThan(6);

    const canvas = page.locator(`${PANEL} .jmi-Timeline canvas`);
    const active = page.locator('.jp-Notebook .jp-Cell.jp-mod-active');
    // The chart may redraw between reading a marker's place and the click (a live reading
    // stretches the time axis): read it again for each try.
    await expect(async () => {
      const target = (await markers(page)).find(m => m.cellId === 'cell-2')!;
      await canvas.click({ position: { x: target.x, y: target.y } });
      await expect(active).toContainText('v2 = bytearray(3 * 2**20)', {
        timeout: 2000
      });
    }).toPass({ timeout: 30000 });
    await expect(active).toBeInViewport();
    await expect(page.locator('.jp-Cell.jp-mod-selected')).toHaveCount(1);
  });

  test('follows the active notebook when several are open', async ({
    page,
    tmpPath
  }) => {
    await openNotebook(page, `${tmpPath}/first.ipynb`, [
      'first = bytearray(48 * 2**20)'
    ]);
    await page.notebook.run();
    await openNotebook(page, `${tmpPath}/second.ipynb`, [
      'second = bytearray(8 * 2**20)',
      'more = 1'
    ]);
    await page.notebook.run();
    await openPanel(page);
    const panel = page.locator(PANEL);
    await expect(panel.locator('.jmi-Header-notebook')).toHaveText(
      'second.ipynb'
    );
    await expect(
      panel.locator('.jmi-Variables tbody tr').first()
    ).toHaveAttribute('data-name', 'second');
    await expect.poll(async () => (await markers(page)).length).toBe(2);

    await page.notebook.activate('first.ipynb');
    await expect(panel.locator('.jmi-Header-notebook')).toHaveText(
      'first.ipynb'
    );
    await expect(
      panel.locator('.jmi-Variables tbody tr').first()
    ).toHaveAttribute('data-name', 'first');
    await expect.poll(async () => (await markers(page)).length).toBe(1);
  });

  test('the timeline moves at least once a second while a long cell grows', async ({
    page,
    tmpPath
  }) => {
    await openNotebook(page, `${tmpPath}/live.ipynb`, [
      'import time\nhold = []\nfor _ in range(16):\n    hold.append(bytearray(24 * 2**20))\n    time.sleep(0.5)'
    ]);
    await openPanel(page);
    const panel = page.locator(PANEL);
    await expect(panel.locator('.jmi-Live')).toContainText(
      "the server reads the kernel's memory every"
    );
    await expect(panel.locator('.jmi-Live')).toHaveAttribute(
      'title',
      /resident set size \(RSS\)/
    );
    // Awaited at the end: a run still waiting when the test ends fails the test.
    const running = page.notebook.run();
    await expect(panel.locator('.jmi-Total-busy')).toBeVisible();

    // The newest point of the memory line: there within 5 s, then it must move on four times
    // in a row, each time within 1.25 s of the last, all while the cell still runs.
    const newest = async () =>
      (await datasets(page)).find(d => d.label === 'Memory')?.lastX ?? null;
    await expect
      .poll(newest, { timeout: 5000, intervals: [50] })
      .not.toBeNull();
    let last = await newest();
    for (let change = 0; change < 4; change++) {
      const before = last;
      await expect
        .poll(newest, { timeout: 1250, intervals: [50] })
        .not.toBe(before);
      last = await newest();
    }
    await expect(panel.locator('.jmi-Total-busy')).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/panel-running.png` });

    const { badge } = await badgeOf(page, 0);
    await expect(badge).toHaveAttribute('data-execution-count', '1', {
      timeout: 30000
    });
    await running;
  });

  test('says when the server extension comes from another release', async ({
    page
  }) => {
    // As a server extension of a later release would answer; the page reads it at start.
    await page.route('**/memory-inspector/info*', route =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({ api_version: 2, version: '9.9.9' })
      })
    );
    await page.reload();
    await openPanel(page);
    const message = page.locator(`${PANEL} .jmi-Header-server`);
    await expect(message).toContainText('come from different releases');
    await expect(message).toContainText('(9.9.9)');
    await expect(message).toContainText(
      'pip install --upgrade jupyterlab-memory-inspector'
    );
    await page.screenshot({ path: `${SHOTS}/panel-other-release.png` });

    await page.unroute('**/memory-inspector/info*');
    await page.reload();
    await openPanel(page);
    await expect(page.locator(`${PANEL} .jmi-Header-server`)).toHaveCount(0);
  });

  test('says so for a notebook without a kernel', async ({ page, tmpPath }) => {
    await openNotebook(page, `${tmpPath}/nokernel.ipynb`, ['x = 1']);
    await openPanel(page);
    await page.evaluate(async () => {
      const app = (
        window as unknown as {
          jupyterapp: {
            shell: {
              currentWidget: {
                sessionContext: { shutdown(): Promise<void> };
              };
            };
          };
        }
      ).jupyterapp;
      await app.shell.currentWidget.sessionContext.shutdown();
    });
    await expect(page.locator(`${PANEL} .jmi-Header-message`)).toHaveText(
      /This notebook has no kernel/
    );
    await expect(page.locator('.jmi-Status')).toBeHidden();
  });

  test('the status bar shows the kernel memory and opens the panel', async ({
    page,
    tmpPath
  }) => {
    await openNotebook(page, `${tmpPath}/status.ipynb`, [
      'data = bytearray(32 * 2**20)'
    ]);
    await page.notebook.run();
    const status = page.locator('.jmi-Status');
    await expect(status).toHaveText(/^Kernel: \d+(\.\d+)? MiB \/ .+$/);
    await expect(page.locator(PANEL)).toBeHidden();
    await status.click();
    await expect(page.locator(PANEL)).toBeVisible();
  });

  test('comes back after a page reload with the same runs', async ({
    page,
    tmpPath
  }) => {
    await openNotebook(page, `${tmpPath}/reload.ipynb`, [
      'a = bytearray(16 * 2**20)',
      'b = bytearray(8 * 2**20)'
    ]);
    const saved = panelLayoutSaved(page);
    await openPanel(page);
    await page.notebook.run();
    await page.notebook.save();
    await expect.poll(async () => (await markers(page)).length).toBe(2);

    await saved;
    await reloadRestored(page);
    await expect(page.locator(PANEL)).toBeVisible();
    await expect
      .poll(async () => (await markers(page)).map(m => m.executionCount))
      .toEqual([1, 2]);
    await expect(
      page.locator(`${PANEL} .jmi-Variables tbody tr`).first()
    ).toHaveAttribute('data-name', 'a');
  });

  test('looks right in the dark theme', async ({ page, tmpPath }) => {
    await openNotebook(page, `${tmpPath}/dark.ipynb`, [
      'a = bytearray(300 * 2**20)',
      'b = [bytearray(2**20) for _ in range(20)]\nc = b',
      'del a'
    ]);
    await openPanel(page);
    await page.notebook.run();
    await page.theme.setDarkTheme();
    await expect.poll(async () => (await markers(page)).length).toBe(3);
    await page.screenshot({ path: `${SHOTS}/panel-dark.png` });
    await page.theme.setLightTheme();
  });

  test('opens from the palette and the cell context menu', async ({
    page,
    tmpPath
  }) => {
    await openNotebook(page, `${tmpPath}/menus.ipynb`, ['x = 1']);
    const cell = await page.notebook.getCellLocator(0);
    await cell!.click({ button: 'right' });
    const menu = page.locator('.lm-Menu');
    await expect(menu.getByText('Open Memory Inspector')).toBeVisible();
    await expect(menu.getByText('Collect Garbage Now')).toBeVisible();
    await expect(
      menu.getByText('Trace Python Allocations (tracemalloc)')
    ).toBeVisible();
    await menu.getByText('Open Memory Inspector').click();
    await expect(page.locator(PANEL)).toBeVisible();
    await searchPalette(page, 'Memory Inspector');
    await expect(
      page.locator('.lm-CommandPalette-item', {
        hasText: 'Save Memory Records into the Notebook'
      })
    ).toBeVisible();
  });
});
