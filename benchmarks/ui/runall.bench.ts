import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import * as fs from 'fs';
import * as path from 'path';

/**
 * Main-thread time that the extension spends per incoming record while Run All runs a
 * 500-cell notebook with the panel open and the badges on.
 *
 * Measured with Chrome's sampling profiler (CDP Profiler, 100 µs): the time of every sample
 * whose stack holds a frame of the extension's bundle (its code and Chart.js, which it
 * bundles), divided by the number of records. Work that the browser defers (style, layout
 * and paint of the badges after the code returns) is not in those stacks; the whole
 * main-thread task time of the run is reported beside it for scale.
 */
const CELLS = 500;

interface IProfileNode {
  id: number;
  parent?: number;
  callFrame: { url: string; functionName: string };
  children?: number[];
}

function ourTime(profile: {
  nodes: IProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}): { ours: number; total: number; hotspots: string[] } {
  const byId = new Map<number, IProfileNode>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
  }
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) {
      byId.get(child)!.parent = node.id;
    }
  }
  const isOurs = new Map<number, boolean>();
  const ours = (id: number): boolean => {
    const known = isOurs.get(id);
    if (known !== undefined) {
      return known;
    }
    const node = byId.get(id)!;
    const result =
      node.callFrame.url.includes('jupyterlab-memory-inspector') ||
      (node.parent !== undefined && ours(node.parent));
    isOurs.set(id, result);
    return result;
  };
  let mine = 0;
  let total = 0;
  const self = new Map<string, number>();
  const deltas = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id, index) => {
    // timeDeltas[i] is the time before sample i; the next delta is this sample's length.
    const length = deltas[index + 1] ?? 0;
    const name = byId.get(id)!.callFrame.functionName;
    if (name !== '(idle)' && name !== '(program)') {
      total += length;
    }
    if (ours(id)) {
      mine += length;
      // The innermost frame of our bundle: where our own time goes.
      let node: IProfileNode | undefined = byId.get(id);
      while (
        node &&
        !node.callFrame.url.includes('jupyterlab-memory-inspector')
      ) {
        node = node.parent === undefined ? undefined : byId.get(node.parent);
      }
      const where = `${node?.callFrame.functionName || '(anonymous)'} ${node?.callFrame.url.split('/').pop()}`;
      self.set(where, (self.get(where) ?? 0) + length);
    }
  });
  const hotspots = [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([where, us]) => `${(us / 1000).toFixed(0)} ms ${where}`);
  return { ours: mine / 1000, total: total / 1000, hotspots };
}

async function openRunAll(page: IJupyterLabPageFixture, tmpPath: string) {
  const cells = Array.from({ length: CELLS }, (_, i) => ({
    cell_type: 'code',
    execution_count: null,
    id: `cell-${i}`,
    metadata: {},
    outputs: [],
    source: `v${i} = bytearray(${(i % 7) + 1} * 2**16)`
  }));
  const notebook = {
    cells,
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
  const file = `${tmpPath}/run-all-500.ipynb`;
  await page.contents.uploadContent(JSON.stringify(notebook), 'text', file);
  await page.notebook.openByPath(file);
  await page.notebook.activate('run-all-500.ipynb');
}

test('Run All of 500 cells: main-thread time per record', async ({
  page,
  tmpPath
}) => {
  await openRunAll(page, tmpPath);
  await page.evaluate(() =>
    (
      window as unknown as {
        jupyterapp: { commands: { execute(id: string): Promise<unknown> } };
      }
    ).jupyterapp.commands.execute('jupyterlab-memory-inspector:open')
  );
  await expect(page.locator('.jmi-Panel')).toBeVisible();

  // Galata's page is a proxy; CDP wants the page itself.
  const cdp = await page.context().newCDPSession(page.context().pages()[0]!);
  await cdp.send('Performance.enable');
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  const before = await cdp.send('Performance.getMetrics');
  await cdp.send('Profiler.start');
  const started = Date.now();

  await page.evaluate(() =>
    (
      window as unknown as {
        jupyterapp: { commands: { execute(id: string): Promise<unknown> } };
      }
    ).jupyterapp.commands.execute('notebook:run-all-cells')
  );
  // Every record has arrived when the panel's timeline has a marker per cell.
  await expect
    .poll(
      () =>
        page.evaluate(() => {
          const app = (
            window as unknown as {
              jupyterapp: {
                shell: {
                  widgets(area: string): Iterable<{
                    id: string;
                    timeline?: { markerPositions(): unknown[] };
                  }>;
                };
              };
            }
          ).jupyterapp;
          for (const widget of app.shell.widgets('right')) {
            if (widget.id === 'jmi-memory-inspector') {
              return widget.timeline!.markerPositions().length;
            }
          }
          return 0;
        }),
      { timeout: 300000, intervals: [500] }
    )
    .toBe(CELLS);
  const elapsed = (Date.now() - started) / 1000;

  const { profile } = await cdp.send('Profiler.stop');
  const after = await cdp.send('Performance.getMetrics');
  const metric = (metrics: typeof before, name: string) =>
    metrics.metrics.find(m => m.name === name)?.value ?? 0;
  const taskSeconds =
    metric(after, 'TaskDuration') - metric(before, 'TaskDuration');
  const { ours, total, hotspots } = ourTime(profile);
  const badges = await page.locator('.jmi-Badge').count();

  const result = {
    cells: CELLS,
    records: CELLS,
    badges,
    run_all_seconds: elapsed,
    extension_ms_total: ours,
    extension_ms_per_record: ours / CELLS,
    js_ms_total: total,
    main_thread_task_ms_total: taskSeconds * 1000,
    main_thread_task_ms_per_record: (taskSeconds * 1000) / CELLS,
    extension_hotspots: hotspots
  };
  const out = path.resolve(__dirname, '../results');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(
    path.join(out, 'runall-500.json'),
    JSON.stringify(result, null, 2)
  );
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  expect(badges).toBeGreaterThan(0);
});
