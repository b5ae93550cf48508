import { expect, test } from '@jupyterlab/galata';

import {
  activeProbeSession,
  badgeOf,
  boundaries,
  execute,
  IApp,
  kernelId,
  kernelStatus,
  markers,
  openNotebook,
  openPanel,
  PANEL,
  waitForNewProbe
} from './helpers';

/**
 * The memory axis's tick values and labels, as the chart built them.
 */
async function memoryTicks(
  page: Parameters<typeof markers>[0]
): Promise<{ value: number; label: string }[]> {
  return page.evaluate(() => {
    const app = (window as unknown as { jupyterapp: IApp }).jupyterapp;
    for (const widget of app.shell.widgets('right')) {
      if (widget.id === 'jmi-memory-inspector') {
        const chart = (
          widget.timeline as {
            chart: {
              scales: {
                y: { ticks: { value: number; label: string | string[] }[] };
              };
            } | null;
          }
        ).chart;
        return (chart?.scales.y.ticks ?? []).map(tick => ({
          value: tick.value,
          label: String(tick.label)
        }));
      }
    }
    return [];
  });
}

/**
 * Where the timeline drew its restart labels.
 */
async function restartLabels(
  page: Parameters<typeof markers>[0]
): Promise<
  { label: string; left: number; top: number; width: number; height: number }[]
> {
  return page.evaluate(() => {
    const app = (window as unknown as { jupyterapp: IApp }).jupyterapp;
    for (const widget of app.shell.widgets('right')) {
      if (widget.id === 'jmi-memory-inspector') {
        return (
          widget.timeline as {
            restartLabels(): {
              label: string;
              left: number;
              top: number;
              width: number;
              height: number;
            }[];
          }
        ).restartLabels();
      }
    }
    return [];
  });
}

const KiB = 1024;
const MiB = KiB * KiB;
const GiB = MiB * KiB;

/**
 * The steps a person reads at a glance: 1, 2 or 5 times a power of ten of a unit, or a
 * quarter or half of a GiB.
 */
function isRoundStep(step: number): boolean {
  return (
    [1, KiB, MiB, GiB].some(unit =>
      [1, 2, 5, 10, 20, 50, 100, 200, 500].some(m => m * unit === step)
    ) ||
    step === GiB / 4 ||
    step === GiB / 2
  );
}

/**
 * A cell that brings the kernel's memory to `target` bytes and keeps it there, so that its
 * marker sits just under a round top of the axis.
 */
function fillTo(name: string, target: number): string {
  return [
    'import os',
    `_page = os.sysconf('SC_PAGE_SIZE')`,
    `_rss = int(open('/proc/self/statm').read().split()[1]) * _page`,
    `${name} = bytearray(max(0, ${target} - _rss))`,
    `${name}[::_page] = b'x' * len(range(0, len(${name}), _page))`
  ].join('\n');
}

test.describe('The timeline in plain sight', () => {
  test('ticks at round sizes, and the restart label clear of the markers', async ({
    page,
    tmpPath
  }) => {
    // Where Chart.js's own decimal steps land on 47.7 and 95.4 MiB, and the runs' markers
    // sit at the top of the axis (the top tick is 350 MiB), where the label goes first.
    const target = 325 * MiB;
    // The first run lasts, so that the restart and the next run, a few seconds apart, are
    // a few pixels apart: the label beside the line would cover one run's marker or the
    // other's.
    await openNotebook(page, `${tmpPath}/ticks.ipynb`, [
      `${fillTo('before', target)}\nimport time\ntime.sleep(12)`,
      fillTo('after', target)
    ]);
    await openPanel(page);
    await page.notebook.runCell(0);
    const { badge: first } = await badgeOf(page, 0);
    await expect(first).toHaveAttribute('data-origin', 'live');

    const ticks = await memoryTicks(page);
    expect(ticks.length).toBeGreaterThan(2);
    const step = ticks[1]!.value - ticks[0]!.value;
    expect(isRoundStep(step), JSON.stringify(ticks)).toBe(true);
    for (const [i, tick] of ticks.entries()) {
      expect(tick.value).toBe(i * step);
    }
    expect(ticks.map(tick => tick.label)).toContain('100 MiB');
    expect(ticks.map(tick => tick.label).join(' ')).not.toMatch(/\d\.\d MiB/);

    const before = await activeProbeSession(page);
    expect(before).not.toBeNull();
    const restarted = await page.request.post(
      `/api/kernels/${await kernelId(page)}/restart`
    );
    expect(restarted.ok()).toBe(true);
    await expect(first).toHaveAttribute('data-origin', 'restarted');
    await expect(page.locator(`${PANEL} .jmi-Total-bytes`)).toBeVisible();
    await expect.poll(() => kernelStatus(page)).toBe('connected/idle');
    await waitForNewProbe(page, before);
    await page.notebook.selectCells(1);
    await execute(page, 'notebook:run-cell');
    const { badge: second } = await badgeOf(page, 1);
    await expect(second).toHaveAttribute('data-origin', 'live');
    await expect.poll(async () => (await markers(page)).length).toBe(2);
    expect((await boundaries(page)).map(b => b.kind)).toEqual(['restart']);
    await expect
      .poll(async () => (await restartLabels(page)).map(l => l.label))
      .toEqual(['restart']);
    const [label] = await restartLabels(page);
    const drawn = await markers(page);
    for (const marker of drawn) {
      const size = 6;
      const apart =
        label!.left >= marker.x + size ||
        marker.x - size >= label!.left + label!.width ||
        label!.top >= marker.y + size ||
        marker.y - size >= label!.top + label!.height;
      expect(apart, JSON.stringify({ label, drawn })).toBe(true);
    }
  });
});
