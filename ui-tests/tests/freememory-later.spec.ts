import { expect, test } from '@jupyterlab/galata';

import { badgeOf, cellMetadata, execute, openNotebook } from './helpers';

const TOOLBAR_BUTTON =
  '.jp-NotebookPanel-toolbar [data-jp-item-name="memory-inspector-free-memory"]';

/**
 * Five cells that leave big objects behind, then six that use them in the ways a later-use
 * reading can miss: a line magic, an f-string, an augmented assignment, a deletion, an
 * index into a list. Only `spare` can go; `scratch` can be set to None (the later cell
 * deletes it, which a name bound to None allows).
 */
const SETUP = [
  'features = bytearray(120 * 2**20)',
  'scratch = bytearray(100 * 2**20)',
  'rows = [bytearray(2**20) for _ in range(30)]',
  'counter = bytearray(40 * 2**20)',
  'spare = bytearray(60 * 2**20)'
];
const LATER = [
  '%time n = len(features)',
  'print(f"{len(rows)} rows")',
  'counter += b"x"',
  'del scratch',
  'first = rows[0]',
  "print('all ran')"
];

test('the free-memory cell, run from the toast, breaks none of the later cells', async ({
  page,
  tmpPath
}) => {
  await openNotebook(page, `${tmpPath}/later.ipynb`, [...SETUP, ...LATER]);
  // Run the set-up cells only: select the first later cell and run everything above it.
  await page.notebook.selectCells(SETUP.length);
  await execute(page, 'notebook:run-all-above');
  const { badge } = await badgeOf(page, SETUP.length - 1);
  await expect(badge).toHaveAttribute(
    'data-execution-count',
    String(SETUP.length)
  );

  await page.notebook.selectCells(SETUP.length - 1);
  await page.locator(TOOLBAR_BUTTON).click();
  const toast = page.locator('.Toastify__toast', {
    hasText: 'Inserted a free-memory cell'
  });
  await expect(toast).toContainText(
    'with 2 suggestions, about 160 MiB expected back. Left out 3 suggestions that later cells need.'
  );
  await toast.getByRole('button', { name: 'Run it' }).click();

  // What the cell holds: only what no later cell needs.
  const freeIndex = SETUP.length;
  const cell = (await page.notebook.getCellLocator(freeIndex))!;
  await expect(cell.locator('.jp-InputPrompt')).toHaveText(
    `[${SETUP.length + 1}]:`
  );
  const metadata = (await cellMetadata(
    page,
    freeIndex,
    'memory_inspector_free'
  )) as { suggestions: string[] };
  expect(metadata.suggestions.sort()).toEqual(['del:spare', 'none:scratch']);
  await expect(cell).toContainText('del spare');
  await expect(cell).toContainText('scratch = None');

  // Then the rest of the notebook, as the user would run it: all of it runs.
  await page.notebook.selectCells(freeIndex + 1);
  await execute(page, 'notebook:run-all-below');
  const last = (await page.notebook.getCellLocator(
    SETUP.length + LATER.length
  ))!;
  await expect(last.locator('.jp-InputPrompt')).toHaveText(
    `[${SETUP.length + 1 + LATER.length}]:`,
    { timeout: 30000 }
  );
  await expect(last).toContainText('all ran');
  await cell.scrollIntoViewIfNeeded();
  await page.screenshot({
    path: 'test-results/screenshots/free-later-cells-ran.png'
  });
  await expect(
    page.locator(
      '.jp-Notebook .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
    )
  ).toHaveCount(0);
});
