import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import * as fs from 'fs';
import * as path from 'path';

import { growth, heapSummary, HeapSummary } from './heapSnapshot';

/**
 * The page's JS heap over a Run All of 5,000 cells, with the memory panel open and the badges
 * on: the used heap after a forced garbage collection (CDP HeapProfiler.collectGarbage, then
 * Runtime.getHeapUsage) before the run and every 500 executed cells.
 *
 * Each cell binds one small int and prints nothing, so that JupyterLab's own growth (cell
 * models, prompts) stays small and the same with and without the extension. Run it twice:
 * once as is, once with the extension disabled in a throwaway configuration
 * (benchmarks/README.md, "Frontend"); the spec sees which from the page and names its result
 * file after it. JMI_BENCH_MAX_RECORDS sets the panel's "Cell runs kept per kernel" first;
 * JMI_BENCH_SNAPSHOTS=1 also takes a heap snapshot once JMI_BENCH_SNAPSHOT_AT cells have run
 * (9/10 of them by default) and one after the run, and reports what grew between them, by
 * constructor. JMI_BENCH_PROFILE_SECONDS=N records the page's CPU profile over the first N
 * seconds of Run All (results/heap-<cells>-run-all.cpuprofile, for Chromium's DevTools).
 *
 * After the last cell two more checkpoints: once the kernel is idle (the page works on when
 * a run ends: the panel asks for the advice, the sections draw the last records) and
 * SETTLE_SECONDS later, when that work is done, so that what the end of a run leaves behind
 * is told apart from what it only passes through.
 */
const CELLS = Number(process.env.JMI_BENCH_CELLS ?? 5000);
const EVERY = 500;
const MAX_RECORDS = process.env.JMI_BENCH_MAX_RECORDS;
const SNAPSHOTS = process.env.JMI_BENCH_SNAPSHOTS === '1';
const SNAPSHOT_AT = Number(
  process.env.JMI_BENCH_SNAPSHOT_AT ?? Math.round((CELLS * 9) / 10)
);
const SETTLE_SECONDS = 30;
// Seconds of CPU profile of the page from the start of Run All, written beside the results.
const PROFILE_SECONDS = Number(process.env.JMI_BENCH_PROFILE_SECONDS ?? 0);
const PLUGIN = 'jupyterlab-memory-inspector:plugin';
// A file that gets a line as Run All starts and at each checkpoint, as they happen (the test's
// own output reaches the terminal only at its end): for crawl_watch.py.
const PROGRESS = process.env.JMI_BENCH_PROGRESS;

function progress(what: object): void {
  if (PROGRESS) {
    fs.appendFileSync(
      PROGRESS,
      `${JSON.stringify({ at: Date.now() / 1000, ...what })}\n`
    );
  }
}

interface IApp {
  commands: { execute(id: string): Promise<unknown> };
  hasPlugin(id: string): boolean;
  isPluginActivated(id: string): boolean;
  shell: {
    currentWidget: {
      content: {
        model: { cells: { length: number; get(i: number): unknown } };
      };
    };
  };
}

interface ICheckpoint {
  executed: number;
  when: 'running' | 'kernel idle' | 'settled';
  heap_used_mib: number;
  heap_total_mib: number;
  records_in_page: number | null;
}

async function openNotebook(
  page: IJupyterLabPageFixture,
  tmpPath: string
): Promise<void> {
  const notebook = {
    cells: Array.from({ length: CELLS }, (_, i) => ({
      cell_type: 'code',
      execution_count: null,
      id: `cell-${i}`,
      metadata: {},
      outputs: [],
      source: `n = ${i}`
    })),
    metadata: {
      kernelspec: {
        display_name: 'Python 3 (ipykernel)',
        language: 'python',
        name: 'python3'
      }
    },
    nbformat: 4,
    nbformat_minor: 5
  };
  const file = `${tmpPath}/heap-${CELLS}.ipynb`;
  await page.contents.uploadContent(JSON.stringify(notebook), 'text', file);
  await page.notebook.openByPath(file);
  await page.notebook.activate(`heap-${CELLS}.ipynb`);
}

/**
 * How many cells of the active notebook have an execution count, counted from the end
 * (Run All runs them in order): the last executed cell's index plus one.
 */
function executed(page: IJupyterLabPageFixture): Promise<number> {
  return page.evaluate(() => {
    const cells = (window as unknown as { jupyterapp: IApp }).jupyterapp.shell
      .currentWidget.content.model.cells;
    for (let i = cells.length - 1; i >= 0; i--) {
      const cell = cells.get(i) as { type: string; executionCount?: number };
      if (cell.executionCount) {
        return i + 1;
      }
    }
    return 0;
  });
}

/**
 * The status of the active notebook's kernel.
 */
function kernelStatus(page: IJupyterLabPageFixture): Promise<string> {
  return page.evaluate(
    () =>
      (
        (window as unknown as { jupyterapp: IApp }).jupyterapp.shell
          .currentWidget as unknown as {
          sessionContext: { kernelDisplayStatus: string };
        }
      ).sessionContext.kernelDisplayStatus
  );
}

/**
 * How many records the extension's model keeps for the active notebook's kernel, or null
 * without the extension.
 */
function recordsInPage(page: IJupyterLabPageFixture): Promise<number | null> {
  return page.evaluate(async plugin => {
    const app = (window as unknown as { jupyterapp: IApp }).jupyterapp;
    if (!app.isPluginActivated(plugin)) {
      return null;
    }
    const inspector = (await (
      window as unknown as {
        galata: {
          getPlugin(id: string): Promise<{
            find(kernelId: string): { records: unknown[] } | undefined;
          }>;
        };
      }
    ).galata.getPlugin(plugin))!;
    const kernel = (
      app.shell.currentWidget as unknown as {
        sessionContext: { session: { kernel: { id: string } | null } | null };
      }
    ).sessionContext.session?.kernel;
    return kernel ? (inspector.find(kernel.id)?.records.length ?? 0) : 0;
  }, PLUGIN);
}

test('Run All of 5,000 cells: the page’s JS heap', async ({
  page,
  tmpPath
}) => {
  // Minutes on a loaded 2-core machine; snapshots of a 100 MiB heap add several.
  test.setTimeout(1800000);
  const withExtension = await page.evaluate(
    plugin =>
      (window as unknown as { jupyterapp: IApp }).jupyterapp.isPluginActivated(
        plugin
      ),
    PLUGIN
  );
  if (withExtension && MAX_RECORDS) {
    await page.evaluate(
      async ([plugin, value]) => {
        const registry = (await (
          window as unknown as {
            galata: {
              getPlugin(id: string): Promise<{
                set(plugin: string, key: string, value: number): Promise<void>;
              }>;
            };
          }
        ).galata.getPlugin('@jupyterlab/apputils-extension:settings'))!;
        await registry.set(plugin, 'maxRecords', value);
      },
      [PLUGIN, Number(MAX_RECORDS)] as const
    );
  }
  await openNotebook(page, tmpPath);
  if (withExtension) {
    await page.evaluate(() =>
      (window as unknown as { jupyterapp: IApp }).jupyterapp.commands.execute(
        'jupyterlab-memory-inspector:open'
      )
    );
    await expect(page.locator('.jmi-Panel')).toBeVisible();
  }

  // Galata's page is a proxy; CDP wants the page itself.
  const cdp = await page.context().newCDPSession(page.context().pages()[0]!);
  await cdp.send('HeapProfiler.enable');
  const checkpoint = async (
    count: number,
    when: ICheckpoint['when'] = 'running'
  ): Promise<ICheckpoint> => {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize, totalSize } = await cdp.send('Runtime.getHeapUsage');
    return {
      executed: count,
      when,
      heap_used_mib: usedSize / 2 ** 20,
      heap_total_mib: totalSize / 2 ** 20,
      records_in_page: await recordsInPage(page)
    };
  };
  const checkpoints = [await checkpoint(0)];
  if (PROFILE_SECONDS > 0) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.start');
  }
  const started = Date.now();
  await page.evaluate(() => {
    void (
      window as unknown as { jupyterapp: IApp }
    ).jupyterapp.commands.execute('notebook:run-all-cells');
  });
  progress({ run_all_started: true });
  if (PROFILE_SECONDS > 0) {
    // A measurement over a fixed time, not a synchronization.
    await page.waitForTimeout(PROFILE_SECONDS * 1000);
    const { profile } = await cdp.send('Profiler.stop');
    const dir = path.resolve(__dirname, '../results');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, `heap-${CELLS}-run-all.cpuprofile`),
      JSON.stringify(profile)
    );
  }
  let before: HeapSummary | null = null;
  let grew: ReturnType<typeof growth> | null = null;
  let next = EVERY;
  while (next <= CELLS) {
    // A checkpoint as soon as the run passes it: polled, as Run All gives no event per cell.
    let count = 0;
    await expect
      .poll(
        async () => {
          count = await executed(page);
          return count;
        },
        { timeout: 300000, intervals: [250] }
      )
      .toBeGreaterThanOrEqual(next);
    checkpoints.push(await checkpoint(count));
    process.stdout.write(`${JSON.stringify(checkpoints.at(-1))}\n`);
    progress(checkpoints.at(-1)!);
    if (SNAPSHOTS && !before && count >= SNAPSHOT_AT && count < CELLS) {
      before = await heapSummary(cdp);
    }
    next = (Math.floor(count / EVERY) + 1) * EVERY;
  }
  const elapsed = (Date.now() - started) / 1000;
  await expect
    .poll(() => kernelStatus(page), { timeout: 300000, intervals: [250] })
    .toBe('idle');
  checkpoints.push(await checkpoint(CELLS, 'kernel idle'));
  process.stdout.write(`${JSON.stringify(checkpoints.at(-1))}\n`);
  // A measurement some time after the run, not a synchronization: no event says the page is done.
  await page.waitForTimeout(SETTLE_SECONDS * 1000);
  checkpoints.push(await checkpoint(CELLS, 'settled'));
  process.stdout.write(`${JSON.stringify(checkpoints.at(-1))}\n`);
  if (SNAPSHOTS && before) {
    grew = growth(before, await heapSummary(cdp));
  }

  const warm = checkpoints.find(c => c.executed >= 1000) ?? checkpoints[1]!;
  const last = checkpoints.filter(c => c.when === 'running').at(-1)!;
  const settled = checkpoints.at(-1)!;
  const result = {
    cells: CELLS,
    extension: withExtension,
    max_records: withExtension ? Number(MAX_RECORDS ?? 1000) : null,
    run_all_seconds: elapsed,
    growth_after_1000_cells_mib: last.heap_used_mib - warm.heap_used_mib,
    growth_per_cell_after_1000_kib:
      ((last.heap_used_mib - warm.heap_used_mib) * 1024) /
      (last.executed - warm.executed),
    settled_less_last_running_mib: settled.heap_used_mib - last.heap_used_mib,
    checkpoints,
    ...(grew ? { snapshot_at: SNAPSHOT_AT, grew_to_settled: grew } : {})
  };
  const out = path.resolve(__dirname, '../results');
  fs.mkdirSync(out, { recursive: true });
  const name = withExtension
    ? `heap-${CELLS}${MAX_RECORDS ? `-max${MAX_RECORDS}` : ''}${SNAPSHOTS ? '-snapshots' : ''}.json`
    : `heap-${CELLS}-without-extension${SNAPSHOTS ? '-snapshots' : ''}.json`;
  fs.writeFileSync(path.join(out, name), JSON.stringify(result, null, 2));
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  expect(last.executed).toBe(CELLS);
});
