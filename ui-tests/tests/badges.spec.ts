import { expect, test } from '@jupyterlab/galata';

import { badgeOf, openNotebook, reloadRestored } from './helpers';
import { MiB } from './notebooks';

/**
 * Each cell keeps a bytearray of its own size, so a badge on the wrong cell shows the wrong size.
 */
const SIZES_MIB = Array.from({ length: 20 }, (_, index) => (index + 1) * 8);

test.describe('Cell badges', () => {
  test('Run All of 20 cells puts every badge on its own cell', async ({
    page,
    tmpPath
  }) => {
    await openNotebook(
      page,
      `${tmpPath}/run-all.ipynb`,
      SIZES_MIB.map(
        (size, index) => `keep_${index} = bytearray(${size} * 2**20)`
      )
    );
    await page.notebook.run();

    for (const [index, size] of SIZES_MIB.entries()) {
      const { cell, badge } = await badgeOf(page, index);
      await expect(badge).toHaveAttribute(
        'data-execution-count',
        String(index + 1)
      );
      await expect(cell.locator('.jp-InputPrompt')).toContainText(
        `[${index + 1}]`
      );
      const delta = Number(await badge.getAttribute('data-rss-delta'));
      expect(Math.abs(delta - size * MiB)).toBeLessThan(0.05 * size * MiB);
      const shown = await badge.locator('.jmi-Badge-delta').textContent();
      const match = /^\+(\d+(?:\.\d+)?) MiB$/.exec(shown ?? '');
      expect(match, `badge text ${shown}`).not.toBeNull();
      expect(Math.abs(Number(match![1]) - size)).toBeLessThan(0.05 * size);
      await expect(badge.locator('.jmi-Badge-peak')).toHaveText(/^peak \+/);
    }
  });

  test('the tooltip holds before, after, peak and duration', async ({
    page,
    tmpPath
  }) => {
    await openNotebook(page, `${tmpPath}/tooltip.ipynb`, [
      't = bytearray(256 * 2**20); del t'
    ]);
    await page.notebook.run();
    const { badge } = await badgeOf(page, 0);
    await expect(badge).toHaveAttribute('data-execution-count', '1');
    const tooltip = (await badge.getAttribute('title')) ?? '';
    expect(tooltip).toMatch(
      /^Run \[1\]\nMemory the kernel uses: .+ → .+\nPeak .+, 25\d MiB above the start \(exact high-water mark\)\nRan in /
    );
    await expect(badge.locator('.jmi-Badge-peak')).toHaveText(
      /^peak \+25\d MiB$/
    );
  });

  test('badges come back after a page reload', async ({ page, tmpPath }) => {
    const path = `${tmpPath}/reload.ipynb`;
    await openNotebook(page, path, [
      'a = bytearray(64 * 2**20)',
      'b = bytearray(32 * 2**20)'
    ]);
    await page.notebook.run();
    await page.notebook.save();
    const { badge: before } = await badgeOf(page, 1);
    await expect(before).toHaveAttribute('data-execution-count', '2');

    // The restored notebook gets its badges from the server's history, not from this page.
    await reloadRestored(page);
    for (const [index, text] of [
      [0, /^\+64\.\d MiB$/],
      [1, /^\+32\.\d MiB$/]
    ] as const) {
      const { badge } = await badgeOf(page, index);
      await expect(badge).toHaveAttribute(
        'data-execution-count',
        String(index + 1)
      );
      await expect(badge.locator('.jmi-Badge-delta')).toHaveText(text);
    }
  });
});
