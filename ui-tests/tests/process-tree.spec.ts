import { expect, test } from '@jupyterlab/galata';

import { badgeOf, openNotebook } from './helpers';

const POOL = `import multiprocessing, time

def hold(size):
    block = bytearray(size)
    block[::4096] = b"x" * len(block[::4096])
    time.sleep(1.5)
    return len(block)

with multiprocessing.get_context("fork").Pool(2) as pool:
    pool.map(hold, [200 << 20] * 2)`;

const KERNEL_LINE = /^ {2}kernel \(pid (\d+)\): /;
const CHILD_LINE = /^ {2}pid (\d+) ([^:]+): (\d+(?:\.\d+)?) MiB at the peak, /;

test.describe('The process tree on a badge', () => {
  test("a Pool's workers are broken down in the badge's tooltip, the kernel first", async ({
    page,
    tmpPath
  }) => {
    await openNotebook(page, `${tmpPath}/pool.ipynb`, [POOL]);
    await page.notebook.runCell(0);
    const { badge } = await badgeOf(page, 0);
    await expect(badge).toHaveAttribute('title', /The kernel alone: /);
    const lines = (await badge.getAttribute('title'))!.split('\n');
    const start = lines.findIndex(line => line.startsWith('Processes ('));
    expect(start, lines.join('\n')).toBeGreaterThan(0);
    expect(lines[start - 1]).toMatch(/^The kernel alone: /);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^Memory with 2 child processes [\d.]+ MiB → [\d.]+ MiB \([+-][\d.]+ [KMG]iB\)$/
      )
    );
    const kernel = KERNEL_LINE.exec(lines[start + 1]);
    expect(kernel, lines[start + 1]).not.toBeNull();
    const children = lines
      .slice(start + 2, start + 4)
      .map(line => CHILD_LINE.exec(line));
    for (const [index, child] of children.entries()) {
      expect(child, lines[start + 2 + index]).not.toBeNull();
      expect(child![2].trim()).not.toBe('');
      // Each worker held its 200 MiB block (its own memory, USS) at the tree's peak.
      expect(Number(child![3])).toBeGreaterThanOrEqual(195);
      expect(Number(child![3])).toBeLessThan(260);
    }
    const pids = new Set([kernel![1], children[0]![1], children[1]![1]]);
    expect(pids.size).toBe(3);
    expect(lines[start + 4] ?? '').not.toMatch(CHILD_LINE);
  });
});
