import { expect, test } from '@jupyterlab/galata';
import * as fs from 'fs';
import * as path from 'path';

/**
 * How long the timeline takes to draw 20,000 live samples, with Chart.js decimation (as the
 * extension draws it) and without (for comparison).
 *
 * The samples reach the page the way real ones do, in a `samples` event of the kernel's
 * stream: the test stands between the page and the server's websocket and adds them after
 * the monitor event. Each draw is a synchronous `chart.update('none')` (animations are off),
 * timed with `performance.now()` in the page.
 */
const POINTS = 20000;
const DRAWS = 30;

interface ITimelineHandle {
  chart: {
    update(mode: string): void;
    options: { plugins: { decimation: { enabled: boolean } } };
    data: { datasets: { data: unknown[]; _data?: unknown[] }[] };
  };
  refresh(): void;
}

test('the timeline draws 20,000 points', async ({ page, tmpPath }) => {
  await page.routeWebSocket(/\/memory-inspector\/kernels\/.+\/stream/, ws => {
    const server = ws.connectToServer();
    let injected = false;
    server.onMessage(message => {
      ws.send(message);
      if (!injected && JSON.parse(String(message)).type === 'monitor') {
        injected = true;
        const end = Date.now() / 1000 - 1;
        const samples = Array.from({ length: POINTS }, (_, i) => ({
          time: end - (POINTS - i) * 0.5,
          memory: (200 + 100 * Math.sin(i / 300) + (i % 17)) * 2 ** 20
        }));
        ws.send(JSON.stringify({ type: 'samples', samples }));
      }
    });
    ws.onMessage(message => server.send(message));
  });
  // The route takes effect in pages loaded after it.
  await page.goto();

  const file = `${tmpPath}/timeline.ipynb`;
  await page.contents.uploadContent(
    JSON.stringify({
      cells: [
        {
          cell_type: 'code',
          execution_count: null,
          id: 'cell-0',
          metadata: {},
          outputs: [],
          source: 'x = 1'
        }
      ],
      metadata: {
        kernelspec: {
          display_name: 'Python 3 (ipykernel)',
          language: 'python',
          name: 'python3'
        }
      },
      nbformat: 4,
      nbformat_minor: 5
    }),
    'text',
    file
  );
  await page.notebook.openByPath(file);
  await page.notebook.activate('timeline.ipynb');
  await page.evaluate(() =>
    (
      window as unknown as {
        jupyterapp: { commands: { execute(id: string): Promise<unknown> } };
      }
    ).jupyterapp.commands.execute('jupyterlab-memory-inspector:open')
  );
  await expect(page.locator('.jmi-Timeline canvas')).toBeVisible();

  const measure = (decimation: boolean) =>
    page.evaluate(
      ([decimation, draws, points]) => {
        const app = (
          window as unknown as {
            jupyterapp: {
              shell: {
                widgets(
                  area: string
                ): Iterable<{ id: string; timeline?: ITimelineHandle }>;
              };
            };
          }
        ).jupyterapp;
        let timeline: ITimelineHandle | undefined;
        for (const widget of app.shell.widgets('right')) {
          if (widget.id === 'jmi-memory-inspector') {
            timeline = widget.timeline;
          }
        }
        timeline!.refresh();
        const chart = timeline!.chart;
        // Decimation puts the drawn points in `data` and keeps the given ones in `_data`.
        const size = chart.data.datasets.reduce(
          (sum, dataset) => sum + (dataset._data ?? dataset.data).length,
          0
        );
        chart.options.plugins.decimation.enabled = decimation;
        const times: number[] = [];
        for (let i = 0; i < draws; i++) {
          const start = performance.now();
          chart.update('none');
          times.push(performance.now() - start);
        }
        // A full rebuild of the datasets from the kernel's memory, then a draw: what a new
        // sample costs.
        const rebuilds: number[] = [];
        for (let i = 0; i < draws; i++) {
          const start = performance.now();
          timeline!.refresh();
          rebuilds.push(performance.now() - start);
        }
        chart.options.plugins.decimation.enabled = true;
        chart.update('none');
        times.sort((a, b) => a - b);
        rebuilds.sort((a, b) => a - b);
        return {
          points_in_datasets: size,
          points_expected: points,
          draw_median_ms: times[Math.floor(draws / 2)]!,
          draw_max_ms: times[draws - 1]!,
          rebuild_and_draw_median_ms: rebuilds[Math.floor(draws / 2)]!,
          rebuild_and_draw_max_ms: rebuilds[draws - 1]!
        };
      },
      [decimation, DRAWS, POINTS] as const
    );

  await expect
    .poll(() =>
      page.evaluate(() => {
        const app = (
          window as unknown as {
            jupyterapp: {
              shell: {
                widgets(
                  area: string
                ): Iterable<{ id: string; timeline?: ITimelineHandle }>;
              };
            };
          }
        ).jupyterapp;
        for (const widget of app.shell.widgets('right')) {
          if (widget.id === 'jmi-memory-inspector') {
            const chart = widget.timeline?.chart;
            return chart ? 1 : 0;
          }
        }
        return 0;
      })
    )
    .toBe(1);
  const decimated = await measure(true);
  const full = await measure(false);
  const result = { points: POINTS, decimated, without_decimation: full };
  const out = path.resolve(__dirname, '../results');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(
    path.join(out, 'timeline-20000.json'),
    JSON.stringify(result, null, 2)
  );
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  expect(decimated.points_in_datasets).toBeGreaterThanOrEqual(POINTS);
});
