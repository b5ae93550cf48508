import { expect, test } from '@jupyterlab/galata';
import { readFileSync } from 'fs';

import {
  badgeOf,
  execute,
  openNotebook,
  openPanel,
  PANEL,
  searchPalette
} from './helpers';

const SHOTS = 'test-results/screenshots';

const EXPORT_BUTTON = `${PANEL} .jp-Toolbar [data-jp-item-name="export-report"]`;

test.describe('Memory report export', () => {
  test('downloads a report and saves one beside the notebook', async ({
    page,
    tmpPath
  }) => {
    await openNotebook(page, `${tmpPath}/export.ipynb`, [
      'data = bytearray(24 * 2**20)',
      "label = '<b>not bold</b>'"
    ]);
    await openPanel(page);
    await page.notebook.run();
    const { badge } = await badgeOf(page, 1);
    await expect(badge).toHaveAttribute('data-execution-count', '2');

    // Download, as CSV.
    await page.locator(EXPORT_BUTTON).click();
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog.locator('.jp-Dialog-header')).toHaveText(
      'Export Memory Report'
    );
    await page.screenshot({ path: `${SHOTS}/export-dialog-light.png` });
    await dialog.getByLabel(/^CSV/).check();
    await expect(dialog.getByLabel(/^Download/)).toBeChecked();
    await expect(dialog.getByLabel(/^Download/)).toHaveAccessibleName(
      'Download export-memory-report.csv'
    );
    const downloading = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Export' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('export-memory-report.csv');
    const csv = readFileSync((await download.path())!, 'utf-8');
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^run,cell_id,execution_count,source,/);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('data = bytearray(24 * 2**20)');

    // Save, as HTML; the dialog remembers the last choice.
    await searchPalette(page, 'Export Memory Report');
    await page
      .locator('.lm-CommandPalette-item', { hasText: 'Export Memory Report…' })
      .click();
    await expect(dialog.getByLabel(/^CSV/)).toBeChecked();
    await dialog.getByLabel(/^HTML/).check();
    await dialog.getByLabel(/^Save beside the notebook/).check();
    await expect(
      dialog.getByLabel(/^Save beside the notebook/)
    ).toHaveAccessibleName(
      `Save beside the notebook as ${tmpPath}/export-memory-report.html`
    );
    await dialog.getByRole('button', { name: 'Export' }).click();
    const saved = `${tmpPath}/export-memory-report.html`;
    await expect(
      page.locator('.Toastify__toast', {
        hasText: `Memory report saved as ${saved}.`
      })
    ).toBeVisible();
    expect(await page.contents.fileExists(saved)).toBe(true);
    const reply = await page.request.get(`/api/contents/${saved}?content=1`);
    const html = (await reply.json()).content as string;
    expect(html).toContain('<svg');
    expect(html).toContain('&lt;b&gt;not bold&lt;/b&gt;');
    expect(html).not.toContain('<b>not bold</b>');
  });

  test('a refusal from the server shows its message', async ({
    page,
    tmpPath
  }) => {
    await openNotebook(page, `${tmpPath}/refused.ipynb`, ['x = 1']);
    await openPanel(page);
    await page.notebook.run();
    // JupyterLab's requests end with a query that defeats caches.
    await page.route(
      /\/memory-inspector\/kernels\/[^/]+\/report(\?|$)/,
      route =>
        route.fulfill({
          status: 400,
          contentType: 'application/json',
          body: JSON.stringify({
            code: 400,
            message: "'notebook_path' must be a path inside the server's root"
          })
        })
    );
    await execute(page, 'jupyterlab-memory-inspector:export-report', {
      format: 'markdown',
      save: true
    });
    await expect(
      page.locator('.Toastify__toast', {
        hasText:
          "Could not export the memory report: 'notebook_path' must be a path inside the server's root"
      })
    ).toBeVisible();
  });

  test('the export dialog in the dark theme', async ({ page, tmpPath }) => {
    await openNotebook(page, `${tmpPath}/dark.ipynb`, ['x = 1']);
    await openPanel(page);
    await page.notebook.run();
    await page.theme.setDarkTheme();
    await page.locator(EXPORT_BUTTON).click();
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog.getByLabel(/^HTML/)).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/export-dialog-dark.png` });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.theme.setLightTheme();
  });
});
