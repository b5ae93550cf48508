import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';

import { execute, openNotebook, openPanel, PANEL } from './helpers';

const OVERVIEW = '.jmi-Overview';

/**
 * The text in `selector` that does not fit its box: an element whose content is wider than
 * itself, or that reaches past the nearest box that scrolls or clips it (or past the view's
 * own edge). Each is described by its classes and text.
 */
function cutOff(
  page: IJupyterLabPageFixture,
  selector: string
): Promise<string[]> {
  return page.evaluate(selector => {
    const root = document.querySelector(selector);
    if (!root) {
      return [`${selector} is not there`];
    }
    const found: string[] = [];
    const clipper = (element: Element): Element => {
      for (
        let parent = element.parentElement;
        parent && parent !== root;
        parent = parent.parentElement
      ) {
        if (getComputedStyle(parent).overflowX !== 'visible') {
          return parent;
        }
      }
      return root;
    };
    for (const element of Array.from(root.querySelectorAll('*'))) {
      const text = Array.from(element.childNodes)
        .filter(node => node.nodeType === Node.TEXT_NODE)
        .map(node => node.textContent ?? '')
        .join('')
        .trim();
      if (!text || element.getClientRects().length === 0) {
        continue;
      }
      const style = getComputedStyle(element);
      const box = element.getBoundingClientRect();
      const edge = clipper(element).getBoundingClientRect();
      const tooWide =
        style.display !== 'inline' &&
        element.scrollWidth > element.clientWidth + 1;
      const outside = box.right > edge.right + 1 || box.left < edge.left - 1;
      if (tooWide || outside) {
        found.push(`${element.className || element.tagName}: "${text}"`);
      }
    }
    return found;
  }, selector);
}

test.describe('Nothing is cut off', () => {
  test('in the panel and the overview, at the default sidebar width and at 200% zoom', async ({
    page,
    tmpPath
  }) => {
    await openNotebook(page, `${tmpPath}/wide.ipynb`, [
      'big = bytearray(200 * 2**20)\nalias = big',
      "log = open('/dev/null', 'w')",
      'a_rather_long_variable_name_for_a_table = [bytearray(2**20) for _ in range(40)]',
      'print(len(big))'
    ]);
    await openPanel(page);
    await page.notebook.run();
    await expect(
      page.locator(`${PANEL} .jmi-Variables .jmi-Table tbody tr`).first()
    ).toBeVisible();
    await expect(
      page.locator(`${PANEL} .jmi-Confidence`).first()
    ).toBeVisible();
    await execute(page, 'jupyterlab-memory-inspector:open-overview');
    await expect(
      page.locator(`${OVERVIEW} .jmi-Overview-row`).first()
    ).toBeVisible();

    expect(await cutOff(page, PANEL)).toEqual([]);
    expect(await cutOff(page, OVERVIEW)).toEqual([]);
    await page.screenshot({
      path: 'test-results/screenshots/overflow-100.png'
    });

    // 200% zoom of a 1280 × 720 window: a 640 × 360 view in CSS pixels.
    await page.setViewportSize({ width: 640, height: 360 });
    await openPanel(page);
    expect(await cutOff(page, PANEL)).toEqual([]);
    await page.screenshot({
      path: 'test-results/screenshots/overflow-200-panel.png'
    });
    // With both sidebars open, JupyterLab leaves the main area a few dozen pixels at this
    // size: one looks at the overview with them closed.
    await execute(page, 'jupyterlab-memory-inspector:open-overview');
    await page.sidebar.close('left');
    await page.sidebar.close('right');
    expect(await cutOff(page, OVERVIEW)).toEqual([]);
    await page.screenshot({
      path: 'test-results/screenshots/overflow-200-overview.png'
    });
  });
});
