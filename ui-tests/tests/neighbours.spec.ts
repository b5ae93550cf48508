import { expect, test } from '@jupyterlab/galata';

import { execute, kernelId, openNotebook, openPanel, PANEL } from './helpers';

/**
 * Where the screenshots go; those looked at are copied to `ui-tests/screenshots/`.
 */
const KEPT = 'test-results/screenshots';

/**
 * The variable inspector's names, as it binds them in the kernel.
 */
const INSPECTOR_NAMES = /_jupyterlab_variableinspector_|\b__np\b/;

/**
 * The scenario, at a size this machine runs quickly: a data frame with strings, a
 * copy that shares them, a 400 MiB array, a displayed result that the output cache holds,
 * and an error whose frame keeps a large local.
 */
const SCENARIO = [
  'import numpy as np, pandas as pd',
  "df = pd.DataFrame({'name': [f'customer name {i:09d}' for i in range(600_000)], " +
    "'x': np.arange(600_000, dtype=float)})",
  "df_clean = df.copy()\ndf_clean['x'] = df_clean['x'] * 2",
  'arr = np.ones(400 * 2**20 // 8)',
  "df_clean.assign(total=df_clean['x'] + 1)",
  "def load():\n    local = np.ones(120 * 2**20 // 8)\n    raise ValueError('bad file')",
  'load()'
];

/**
 * Whether a command is registered: the neighbours' commands exist only where they are
 * installed.
 */
async function hasCommand(
  page: Parameters<typeof kernelId>[0],
  id: string
): Promise<boolean> {
  return page.evaluate(
    id =>
      (
        window as unknown as {
          jupyterapp: { commands: { hasCommand(id: string): boolean } };
        }
      ).jupyterapp.commands.hasCommand(id),
    id
  );
}

test.describe('Beside other extensions', () => {
  // Room for the panel's sections in the screenshots.
  test.use({ viewport: { width: 1280, height: 1100 } });

  test("the variable inspector's runs and names stay out of our records, variables and suggestions", async ({
    page,
    tmpPath
  }) => {
    test.skip(
      !(await hasCommand(page, 'variableinspector:open')) ||
        !(await hasCommand(page, 'kernel-usage:get')),
      'needs lckr-jupyterlab-variableinspector and jupyter-resource-usage beside ours: ' +
        'README.md, "Beside other extensions", says how to run it'
    );
    await openNotebook(page, `${tmpPath}/neighbours.ipynb`, SCENARIO);
    // Opened first, as a user would: its set-up code and a query after each cell run in the
    // kernel between the user's cells.
    await execute(page, 'variableinspector:open');
    await page.notebook.activate('neighbours.ipynb');
    await page.notebook.run();
    await page.getByRole('tab', { name: 'Variable Inspector' }).click();
    await expect(
      page
        .getByRole('tabpanel', { name: 'Variable Inspector' })
        .getByText('df_clean', { exact: true })
    ).toBeVisible();
    await page.screenshot({
      path: `${KEPT}/neighbours-variable-inspector.png`
    });
    await page.notebook.activate('neighbours.ipynb');

    // Only the user's cells made records: one each, counted 1 to 7.
    const id = await kernelId(page);
    await expect
      .poll(async () => {
        const body = await (
          await page.request.get(`/memory-inspector/kernels/${id}/records`)
        ).json();
        return body.records.map(
          (entry: { record: { execution_count: number } }) =>
            entry.record.execution_count
        );
      })
      .toEqual([1, 2, 3, 4, 5, 6, 7]);
    for (let i = 0; i < SCENARIO.length; i++) {
      const cell = await page.notebook.getCellLocator(i);
      await expect(cell!.locator('.jmi-Badge')).toHaveAttribute(
        'data-execution-count',
        String(i + 1)
      );
    }

    // Its panel in the right sidebar, as a click on its tab opens it.
    await page.evaluate(() =>
      (
        window as unknown as {
          jupyterapp: { shell: { activateById(id: string): void } };
        }
      ).jupyterapp.shell.activateById('kernelusage-panel-id')
    );
    const usage = page.locator('#kernelusage-panel-id');
    await expect(usage).toBeVisible();
    await expect(usage).toContainText('neighbours.ipynb');
    await page.screenshot({ path: `${KEPT}/neighbours-kernel-usage.png` });

    await openPanel(page);
    const variables = page.locator(`${PANEL} .jmi-Variables`);
    await expect(variables.locator('tr[data-name="arr"]')).toBeVisible();
    const names = await variables
      .locator('tr[data-name]')
      .evaluateAll(rows =>
        rows.map(row => row.getAttribute('data-name') ?? '')
      );
    expect(names.filter(name => INSPECTOR_NAMES.test(name))).toEqual([]);
    await variables.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${KEPT}/neighbours-variables.png` });

    const suggestions = page.locator(`${PANEL} .jmi-Suggestions`);
    await expect(
      suggestions.locator('.jmi-Suggestion[data-id="del:arr"]')
    ).toBeVisible();
    const offered = await suggestions
      .locator('.jmi-Suggestion')
      .evaluateAll(items => items.map(item => item.textContent ?? ''));
    expect(offered.length).toBeGreaterThan(2);
    expect(offered.filter(text => INSPECTOR_NAMES.test(text))).toEqual([]);
    await suggestions.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${KEPT}/neighbours-suggestions.png` });
  });
});
