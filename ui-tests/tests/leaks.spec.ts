import { expect, test } from '@jupyterlab/galata';

import { badgeOf, execute, openNotebook, PANEL } from './helpers';

const LEAK = "kept.append(b'\\x01' * (50 * 2**20))";
const TEMPORARY = "temporary = b'\\x02' * (200 * 2**20)\ndel temporary";

test.describe('Leaks across re-runs and budgets on the badge', () => {
  test('a cell that appends 50 MiB each run is flagged after 3 runs, a 200 MiB temporary never', async ({
    page,
    tmpPath
  }) => {
    await openNotebook(page, `${tmpPath}/leaks.ipynb`, [
      'kept = []',
      LEAK,
      TEMPORARY
    ]);
    await page.notebook.run();
    const { badge: leak } = await badgeOf(page, 1);
    const { badge: temporary } = await badgeOf(page, 2);
    await expect(temporary).toHaveAttribute('data-execution-count', '3');
    await expect(leak.locator('.jmi-Badge-leak')).toHaveText('');

    for (const [run, counts] of [
      [2, ['4', '5']],
      [3, ['6', '7']]
    ] as const) {
      await page.notebook.runCell(1);
      await expect(leak).toHaveAttribute('data-execution-count', counts[0]);
      await page.notebook.runCell(2);
      await expect(temporary).toHaveAttribute(
        'data-execution-count',
        counts[1]
      );
      if (run === 2) {
        // One growth is not yet a leak: it takes two in a row after the first run.
        await expect(leak.locator('.jmi-Badge-leak')).toHaveText('');
      }
    }
    await expect(leak.locator('.jmi-Badge-leak')).toHaveText(
      /^keeps \+(4[89]|5[0-2])\.\d MiB each run$/
    );
    await expect(leak).toHaveClass(/jmi-mod-leaking/);
    expect(await leak.getAttribute('title')).toContain(
      'Likely held by kept (a list that grows).'
    );
    await expect(temporary.locator('.jmi-Badge-leak')).toHaveText('');
    await expect(temporary).not.toHaveClass(/jmi-mod-leaking/);

    // The panel lists the same cell, and only it.
    await execute(page, 'jupyterlab-memory-inspector:open');
    const listed = page.locator(`${PANEL} .jmi-LeakList li`);
    await expect(listed).toHaveCount(1);
    await expect(listed).toHaveAttribute('data-cell-id', 'cell-1');
    await expect(listed).toContainText(
      /keeps \+(4[89]|5[0-2])\.\d MiB each run/
    );
    await expect(listed).toContainText(
      'Likely held by kept (a list that grows).'
    );
    await expect(temporary.locator('.jmi-Badge-peak')).toHaveText(
      /^peak \+(19\d|20\d) MiB$/
    );
  });

  test("a tagged budget shows as the cell's limit and is edited from the badge's menu", async ({
    page,
    tmpPath
  }) => {
    await openNotebook(
      page,
      `${tmpPath}/budget.ipynb`,
      ["block = b'\\x03' * (40 * 2**20)"],
      { cellMetadata: [{ tags: ['memory-budget=10MiB'] }] }
    );
    await page.notebook.run();
    const { badge } = await badgeOf(page, 0);
    await expect(badge).toHaveAttribute('data-execution-count', '1');
    await expect(badge.locator('.jmi-Badge-budget')).toHaveText(
      'over limit 10.0 MiB'
    );
    await expect(badge).toHaveClass(/jmi-mod-over-budget/);

    await badge.click({ button: 'right' });
    await page
      .locator('.lm-Menu-itemLabel', { hasText: 'Set Memory Budget…' })
      .click();
    const input = page.locator('.jp-Dialog input');
    await expect(input).toHaveValue('10MiB');
    await input.fill('1GiB');
    await page.locator('.jp-Dialog .jp-mod-accept').click();
    await expect(badge.locator('.jmi-Badge-budget')).toHaveText(
      'limit 1.00 GiB'
    );
    await expect(badge).not.toHaveClass(/jmi-mod-over-budget/);
  });
});
