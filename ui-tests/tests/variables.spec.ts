import { expect, test } from '@jupyterlab/galata';

import { openNotebook, openPanel, PANEL } from './helpers';

const SHOTS = 'test-results/screenshots';

test.describe('Largest variables', () => {
  test("shows each variable's own memory and what it shares, and hides the tools' names", async ({
    page,
    tmpPath
  }) => {
    await openNotebook(page, `${tmpPath}/variables.ipynb`, [
      'import numpy as np, pandas as pd\n' +
        "df = pd.DataFrame({'name': [f'customer {i:08d}' for i in range(400_000)], " +
        "'amount': np.arange(400_000, dtype=float)})",
      "df_clean = df.copy()\ndf_clean['amount'] = df_clean['amount'] * 2",
      '_jupyterlab_variableinspector_cache = bytearray(8 * 2**20)',
      'features = np.ones(16 * 2**20 // 8)',
      'class RandomForestClassifierWithALongName:\n    pass\n' +
        'model = RandomForestClassifierWithALongName()'
    ]);
    await openPanel(page);
    await page.notebook.run();
    const section = page.locator(`${PANEL} .jmi-Variables`);
    const clean = section.locator('tr[data-name="df_clean"]');
    await expect(clean.locator('.jmi-Table-size')).toContainText(
      /own, [\d.]+ MiB shared with df$/
    );
    await expect(
      section.locator('tr[data-name="df"] .jmi-Table-size')
    ).toContainText(/own, [\d.]+ MiB shared with df_clean$/);

    const hidden = section.locator(
      'tr[data-name="_jupyterlab_variableinspector_cache"]'
    );
    await expect(hidden).toHaveCount(0);
    await section.scrollIntoViewIfNeeded();
    await section.screenshot({ path: `${SHOTS}/variables-section.png` });

    // At the default sidebar width four columns would split short words ("featu|res",
    // "DataF|rame"): the type goes under the name, and a short name stays on one line.
    const typeColumn = section.locator('th.jmi-Table-type');
    const features = section.locator('tr[data-name="features"]');
    await expect(typeColumn).toBeHidden();
    await expect(
      section.locator('tr[data-name="df"] .jmi-Table-typeInName')
    ).toHaveText(/^DataFrame/);
    const lines = (name: string) =>
      section
        .locator(`tr[data-name="${name}"] .jmi-Table-name code`)
        .evaluate(code => code.getClientRects().length);
    expect(await lines('features')).toBe(1);
    expect(await lines('df_clean')).toBe(1);
    // A type longer than the panel is wide breaks under its name: it once widened the name's
    // column until "Held by" was pushed out of the panel.
    await expect(
      section.locator('tr[data-name="model"] .jmi-Table-typeInName')
    ).toHaveText(/^RandomForestClassifierWithALongName/);
    expect(await lines('model')).toBe(1);
    const overflow = await section.evaluate(
      element => element.scrollWidth - element.clientWidth
    );
    expect(overflow).toBe(0);
    // A wider panel has room for the type's own column.
    await page.sidebar.setWidth(480, 'right');
    await expect(typeColumn).toBeVisible();
    await expect(features.locator('.jmi-Table-typeInName')).toBeHidden();
    await expect(features.locator('td.jmi-Table-type')).toContainText(
      'ndarray'
    );

    await section.getByLabel(/Show hidden names/).check();
    await expect(hidden).toHaveCount(1);
    await section.getByLabel(/Show hidden names/).uncheck();
    await expect(hidden).toHaveCount(0);
  });
});
