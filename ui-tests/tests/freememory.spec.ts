import { expect, test } from '@jupyterlab/galata';

import {
  badgeOf,
  cellMetadata,
  kernelId,
  openNotebook,
  openPanel,
  PANEL,
  searchPalette,
  seriesPoints
} from './helpers';
import { MiB } from './notebooks';

const SHOTS = 'test-results/screenshots';

const FREE_KEY = 'memory_inspector_free';

const TOOLBAR_BUTTON =
  '.jp-NotebookPanel-toolbar [data-jp-item-name="memory-inspector-free-memory"]';

/**
 * `big` is read by the last cell, so deleting it below the second cell is not chosen.
 */
const SOURCES = [
  'big = bytearray(300 * 2**20)',
  'keep = bytearray(200 * 2**20)\nalias = keep',
  'print(len(big))'
];

interface IFreeMetadata {
  predicted: number;
  suggestions: string[];
}

test.describe('Free-memory cell', () => {
  test('the toolbar button inserts the cell; once run, the badge and the timeline show the drop', async ({
    page,
    tmpPath
  }) => {
    await openNotebook(page, `${tmpPath}/free.ipynb`, SOURCES);
    await openPanel(page);
    await page.notebook.run();
    const { badge: lastBadge } = await badgeOf(page, 2);
    await expect(lastBadge).toHaveAttribute('data-execution-count', '3');

    await page.notebook.selectCells(1);
    const button = page.locator(TOOLBAR_BUTTON);
    await expect(button).toHaveText('Free memory');
    await button.click();

    // One commented cell below the active one, without what the later cell reads.
    await expect(page.locator('.jp-Notebook .jp-Cell')).toHaveCount(4);
    const cell = (await page.notebook.getCellLocator(2))!;
    await expect(cell).toContainText(
      '# Free memory: suggested by the memory inspector'
    );
    await expect(cell).toContainText('del keep, alias');
    await expect(cell).not.toContainText('del big');
    const metadata = (await cellMetadata(page, 2, FREE_KEY)) as IFreeMetadata;
    expect(metadata.suggestions).toEqual(['del:keep']);
    expect(metadata.predicted).toBeGreaterThan(190 * MiB);
    await expect(
      page.locator('.jp-Notebook .jp-Cell.jp-mod-active')
    ).toContainText('# Free memory');

    // Not run: no prompt number, no badge. A run set off by the insertion, even a late one,
    // would also show below: the run there would no longer be execution 4.
    await expect(cell.locator('.jp-InputPrompt')).toHaveText('[ ]:');
    await expect(cell.locator('.jmi-Badge')).toHaveCount(0);
    await page.screenshot({ path: `${SHOTS}/free-inserted.png` });

    await page.notebook.runCell(2);
    await expect(cell.locator('.jp-InputPrompt')).toHaveText('[4]:');
    const { badge } = await badgeOf(page, 2);
    await expect(badge).toHaveAttribute('data-execution-count', '4');
    const freedText = badge.locator('.jmi-Badge-freed');
    await expect(freedText).toHaveText(
      /^freed \d+(\.\d+)? MiB of \d+(\.\d+)? MiB predicted$/
    );
    const freed = Number(await badge.getAttribute('data-freed'));
    expect(Number(await badge.getAttribute('data-predicted'))).toBe(
      metadata.predicted
    );
    expect(freed).toBeGreaterThanOrEqual(0.8 * metadata.predicted);
    expect(Number(await badge.getAttribute('data-rss-delta'))).toBe(-freed);
    await cell.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/free-badge.png` });

    // The timeline's memory line ends below its top by what the cell gave back.
    await expect
      .poll(async () => {
        const rss = await seriesPoints(page, 'Memory');
        const top = Math.max(...rss.map(point => point.y));
        return top - rss[rss.length - 1]!.y;
      })
      .toBeGreaterThanOrEqual(0.8 * metadata.predicted);

    // The panel's suggestions section reports the same run.
    const result = page.locator(`${PANEL} .jmi-FreeResult`);
    await expect(result).toHaveText(
      /^Last free-memory cell \[4\]: freed \d+(\.\d+)? MiB of \d+(\.\d+)? MiB predicted\.$/
    );
    await expect(result).toHaveAttribute('data-freed', String(freed));
  });

  test('the suggestions section: pick, see the warnings, insert and run', async ({
    page,
    tmpPath
  }) => {
    await openNotebook(page, `${tmpPath}/pick.ipynb`, [
      'big = bytearray(200 * 2**20)',
      "log = open('/dev/null', 'w')",
      'print(len(big))'
    ]);
    await openPanel(page);
    await page.notebook.run();
    const { badge: lastBadge } = await badgeOf(page, 2);
    await expect(lastBadge).toHaveAttribute('data-execution-count', '3');
    await page.notebook.selectCells(0);

    const section = page.locator(`${PANEL} .jmi-Suggestions`);
    const big = section.locator('.jmi-Suggestion[data-id="del:big"]');
    await expect(big.locator('.jmi-Suggestion-warning')).toHaveText([
      '[3] reads big: print(len(big))'
    ]);
    await expect(section.locator('.jmi-Suggestions-for')).toContainText(
      'For a cell below [1]'
    );
    await expect(big.locator('.jmi-Suggestion-code')).toHaveText('del big');
    await expect(big.locator('.jmi-Suggestion-bytes')).toHaveText(
      /^2\d\d MiB$/
    );
    await expect(big.locator('.jmi-Confidence')).toHaveText('high confidence');
    // A later cell reads it: offered, not picked, until the user has read why.
    await expect(big.locator('input[type="checkbox"]')).not.toBeChecked();
    // Closing a file gives no memory back: offered, not picked.
    const close = section.locator('.jmi-Suggestion[data-kind="close"]');
    await expect(close.locator('.jmi-Suggestion-bytes')).toHaveText(
      'no memory'
    );
    await expect(close.locator('input[type="checkbox"]')).not.toBeChecked();
    await expect(section.locator('.jmi-Suggestions-total')).toHaveText(
      'Pick the suggestions to put in the free-memory cell.'
    );
    await section.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/suggestions-not-chosen.png` });
    await big.locator('input[type="checkbox"]').check();
    await expect(section.locator('.jmi-Suggestions-total')).toHaveText(
      /^1 suggestion chosen: about 2\d\d MiB expected back\.$/
    );
    await section.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/suggestions-light.png` });
    await page.theme.setDarkTheme();
    await page.screenshot({ path: `${SHOTS}/suggestions-dark.png` });
    await page.theme.setLightTheme();

    // Pick the file too, and run the cell at once.
    await close.locator('input[type="checkbox"]').check();
    await expect(section.locator('.jmi-Suggestions-total')).toHaveText(
      /^2 suggestions chosen/
    );
    await section.getByRole('button', { name: 'Insert and run' }).click();

    const cell = (await page.notebook.getCellLocator(1))!;
    await expect(cell).toContainText('log.close()');
    await expect(cell).toContainText(
      'WARNING: [3] reads big: print(len(big)).'
    );
    const metadata = (await cellMetadata(page, 1, FREE_KEY)) as IFreeMetadata;
    expect(metadata.suggestions).toContain('del:big');
    expect(metadata.suggestions).toContain('close:log');
    const { badge } = await badgeOf(page, 1);
    await expect(badge).toHaveAttribute('data-execution-count', '4');
    await expect(badge.locator('.jmi-Badge-freed')).toHaveText(
      /^freed \d+ MiB of 2\d\d MiB predicted$/
    );
    await expect(section.locator('.jmi-FreeResult')).toHaveText(
      /^Last free-memory cell \[4\]: freed \d+ MiB of 2\d\d MiB predicted\.$/
    );
    await expect(section.locator('.jmi-Message')).toContainText(
      'Inserted and ran a free-memory cell below [1]'
    );
    // Asked again after the run: big and log are gone.
    await expect(
      section.locator('.jmi-Suggestion[data-id="del:big"]')
    ).toHaveCount(0);
    await page.screenshot({ path: `${SHOTS}/suggestions-after-run.png` });
  });

  test('says plainly when a cell runs, and what to do before any has run', async ({
    page,
    tmpPath
  }) => {
    await openNotebook(page, `${tmpPath}/busy.ipynb`, [
      'import time\ntime.sleep(8)'
    ]);
    await openPanel(page);
    const section = page.locator(`${PANEL} .jmi-Suggestions`);
    await expect(section.locator('.jmi-Empty')).toHaveText(
      /^No cell has run in this kernel yet\./
    );

    const running = page.notebook.run();
    // As the server sees it: the panel's "cell running" also shows for the section's own
    // quick requests, and a request sent before the cell starts waits behind it instead.
    const id = await kernelId(page);
    await expect
      .poll(async () => {
        const reply = await page.request.get(`/memory-inspector/kernels/${id}`);
        return (await reply.json()).execution_state;
      })
      .toBe('busy');
    await section.locator('.jmi-Suggestions-refresh').click();
    const message = section.locator('.jmi-Message.jmi-mod-busy');
    await expect(message).toHaveText(
      'A cell is running: ask for advice when it has finished.'
    );
    await page.screenshot({ path: `${SHOTS}/suggestions-busy.png` });

    // Once the cell has finished, the section asks again by itself.
    await running;
    await expect(message).toHaveCount(0, { timeout: 30000 });
    await expect(
      section.locator('.jmi-Empty, .jmi-SuggestionList').first()
    ).toBeVisible();
    await expect(section.getByText(/^No cell has run/)).toHaveCount(0);
  });

  test('with nothing to free, the button inserts nothing and says why', async ({
    page,
    tmpPath
  }) => {
    await openNotebook(page, `${tmpPath}/nothing.ipynb`, ['x = 1']);
    await page.notebook.run();
    const { badge } = await badgeOf(page, 0);
    await expect(badge).toHaveAttribute('data-execution-count', '1');
    await page.locator(TOOLBAR_BUTTON).click();
    await expect(
      page.locator('.Toastify__toast', { hasText: 'Nothing to free' })
    ).toBeVisible();
    await expect(page.locator('.jp-Notebook .jp-Cell')).toHaveCount(1);
  });

  test('the cell context menu and the palette insert it too', async ({
    page,
    tmpPath
  }) => {
    await openNotebook(page, `${tmpPath}/menus.ipynb`, [
      'data = bytearray(64 * 2**20)',
      'y = 2'
    ]);
    await page.notebook.run();
    const { badge } = await badgeOf(page, 1);
    await expect(badge).toHaveAttribute('data-execution-count', '2');

    // Run All leaves every cell selected, and a right click on a selected cell keeps the
    // active one where it was: select the first cell, as a user would.
    await page.notebook.selectCells(0);
    const first = (await page.notebook.getCellLocator(0))!;
    await first.click({ button: 'right' });
    const menu = page.locator('.lm-Menu');
    await menu.getByText('Insert Free-Memory Cell').click();
    const inserted = (await page.notebook.getCellLocator(1))!;
    await expect(inserted).toContainText('del data');
    await expect(page.locator('.jp-Notebook .jp-Cell')).toHaveCount(3);

    await searchPalette(page, 'Free-Memory Cell');
    await expect(
      page.locator('.lm-CommandPalette-item', {
        hasText: 'Insert and Run Free-Memory Cell'
      })
    ).toBeVisible();
    await expect(
      page.locator('.lm-CommandPalette-item', {
        hasText: /^Insert Free-Memory Cell/
      })
    ).toBeVisible();
  });
});
