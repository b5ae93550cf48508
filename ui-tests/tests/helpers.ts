import {
  expect,
  IJupyterLabPageFixture,
  JupyterLabPage
} from '@jupyterlab/galata';

import { notebookOf } from './notebooks';

/**
 * The little of JupyterLab's application that the tests reach through `window.jupyterapp`.
 */
export interface IApp {
  commands: { execute(id: string, args?: unknown): Promise<unknown> };
  shell: {
    widgets(area: string): Iterable<{ id: string } & Record<string, unknown>>;
  };
}

/**
 * Where a run's marker is drawn on the timeline's canvas (TimelineSection.markerPositions).
 */
export interface IMarker {
  cellId: string | null;
  executionCount: number | null;
  x: number;
  y: number;
}

export const PANEL = '.jmi-Panel';

/**
 * Upload a notebook made of `sources`, open it and make it the active one.
 */
export async function openNotebook(
  page: IJupyterLabPageFixture,
  path: string,
  sources: string[],
  options: Parameters<typeof notebookOf>[1] = {}
): Promise<void> {
  await page.contents.uploadContent(notebookOf(sources, options), 'text', path);
  await page.notebook.openByPath(path);
  await page.notebook.activate(path.split('/').pop()!);
}

/**
 * Run one of JupyterLab's commands.
 */
export async function execute(
  page: IJupyterLabPageFixture,
  id: string,
  args?: unknown
): Promise<void> {
  await page.evaluate(
    ([id, args]) =>
      (window as unknown as { jupyterapp: IApp }).jupyterapp.commands.execute(
        id as string,
        args
      ),
    [id, args] as const
  );
}

/**
 * Reload the page and wait for the restored notebook's first cell.
 *
 * Galata's default wait is for the Launcher, which a restored notebook replaces.
 * The fixture is Galata's JupyterLabPage at run time, but its type shows
 * Playwright's `reload`, whose options lack `waitForIsReady`.
 */
export async function reloadRestored(
  page: IJupyterLabPageFixture
): Promise<void> {
  const options: Parameters<JupyterLabPage['reload']>[0] = {
    waitForIsReady: false
  };
  await page.reload(options);
  await page.locator('.jp-NotebookPanel .jp-Cell').first().waitFor();
}

/**
 * Resolves once JupyterLab has saved a layout with the memory panel open in the right area.
 *
 * The workspace is saved a moment after the layout changes: a reload before that would
 * restore the layout from before the panel opened.
 */
export function panelLayoutSaved(page: IJupyterLabPageFixture): Promise<void> {
  return page
    .waitForRequest(request => {
      if (
        request.method() !== 'PUT' ||
        !/\/api\/workspaces\//.test(request.url())
      ) {
        return false;
      }
      const right = request.postDataJSON()?.data?.['layout-restorer:data']
        ?.right as { collapsed?: boolean; current?: unknown } | undefined;
      return (
        right?.collapsed === false &&
        String(right.current).includes('jmi-memory-inspector')
      );
    })
    .then(() => undefined);
}

/**
 * Open the command palette and search it for `query`.
 */
export async function searchPalette(
  page: IJupyterLabPageFixture,
  query: string
): Promise<void> {
  await execute(page, 'apputils:activate-command-palette');
  // Typing before the palette has focus would land in the notebook.
  const input = page.locator('.lm-CommandPalette-input');
  await expect(input).toBeFocused();
  await input.fill(query);
}

/**
 * Start one of JupyterLab's commands without waiting for it (it may open a dialog).
 */
export async function start(
  page: IJupyterLabPageFixture,
  id: string
): Promise<void> {
  await page.evaluate(id => {
    void (
      window as unknown as { jupyterapp: IApp }
    ).jupyterapp.commands.execute(id);
  }, id);
}

/**
 * The id of the active notebook's kernel.
 */
export async function kernelId(page: IJupyterLabPageFixture): Promise<string> {
  return page.evaluate(
    () =>
      (
        window as unknown as {
          jupyterapp: {
            shell: {
              currentWidget: {
                sessionContext: { session: { kernel: { id: string } } };
              };
            };
          };
        }
      ).jupyterapp.shell.currentWidget.sessionContext.session.kernel.id
  );
}

/**
 * The probe session of the active notebook's kernel once the server's monitor of it is active
 * (the probe installed), else null. A restarted kernel's probe has a new session.
 */
export async function activeProbeSession(
  page: IJupyterLabPageFixture
): Promise<string | null> {
  const reply = await page.request.get(
    `/memory-inspector/kernels/${await kernelId(page)}`
  );
  const monitor = (await reply.json()) as {
    state: string;
    probe: { probe_session: string } | null;
  };
  return monitor.state === 'active' && monitor.probe
    ? monitor.probe.probe_session
    : null;
}

/**
 * Wait until a restarted kernel has its new probe. A cell that reaches the new kernel before
 * the probe's install gets no record: ZeroMQ hands the kernel the requests of different
 * connections (the page's, the server's) in no set order, so the page's cell sent at once
 * after a restart made outside the page may run first (3 of 20 restarts in a loop on a busy
 * machine, issue 15). Tests of what follows a restart start once the probe is in.
 */
export async function waitForNewProbe(
  page: IJupyterLabPageFixture,
  before: string | null
): Promise<void> {
  await expect
    .poll(async () => {
      const session = await activeProbeSession(page);
      return session !== null && session !== before;
    })
    .toBe(true);
}

/**
 * The connection and execution status of the active notebook's kernel, as the page sees it:
 * `connected/idle` once a restarted kernel can take a cell.
 */
export async function kernelStatus(
  page: IJupyterLabPageFixture
): Promise<string> {
  return page.evaluate(() => {
    const kernel = (
      window as unknown as {
        jupyterapp: {
          shell: {
            currentWidget: {
              sessionContext: {
                session: {
                  kernel: { connectionStatus: string; status: string } | null;
                } | null;
              };
            };
          };
        };
      }
    ).jupyterapp.shell.currentWidget.sessionContext.session?.kernel;
    return kernel ? `${kernel.connectionStatus}/${kernel.status}` : 'none';
  });
}

/**
 * Wait until the active notebook's kernel can take a cell, as a user sees it: the status bar
 * says Idle, and the page's connection to the kernel is open and has heard from the kernel.
 *
 * Galata's wait before a run lets any status through but Connecting, Initializing and
 * Starting: an unknown or busy kernel too. Behind a kernel gateway the page's first
 * connection is replaced moments after it opens, and a cell sent meanwhile may never run.
 */
export async function waitForKernelIdle(
  page: IJupyterLabPageFixture
): Promise<void> {
  await expect(page.locator('#jp-main-statusbar')).toContainText('| Idle');
  await expect.poll(() => kernelStatus(page)).toBe('connected/idle');
}

/**
 * Open the memory panel with its command, as the palette would.
 */
export async function openPanel(page: IJupyterLabPageFixture): Promise<void> {
  await execute(page, 'jupyterlab-memory-inspector:open');
  await expect(page.locator(PANEL)).toBeVisible();
}

/**
 * The markers of the cell runs on the timeline, where the chart drew them.
 */
export async function markers(
  page: IJupyterLabPageFixture
): Promise<IMarker[]> {
  return page.evaluate(() => {
    const app = (window as unknown as { jupyterapp: IApp }).jupyterapp;
    for (const widget of app.shell.widgets('right')) {
      if (widget.id === 'jmi-memory-inspector') {
        const timeline = widget.timeline as {
          markerPositions(): IMarker[];
        };
        return timeline.markerPositions();
      }
    }
    return [];
  });
}

/**
 * The timeline's datasets: label and number of points.
 */
export async function datasets(
  page: IJupyterLabPageFixture
): Promise<{ label: string; points: number; lastX: number | null }[]> {
  return page.evaluate(() => {
    const app = (window as unknown as { jupyterapp: IApp }).jupyterapp;
    for (const widget of app.shell.widgets('right')) {
      if (widget.id === 'jmi-memory-inspector') {
        const chart = (
          widget.timeline as {
            chart: {
              data: {
                datasets: { label: string; data: { x: number }[] }[];
              };
            } | null;
          }
        ).chart;
        return (chart?.data.datasets ?? []).map(dataset => ({
          label: dataset.label,
          points: dataset.data.length,
          lastX: dataset.data[dataset.data.length - 1]?.x ?? null
        }));
      }
    }
    return [];
  });
}

/**
 * The badge of the cell at `index`.
 */
export async function badgeOf(page: IJupyterLabPageFixture, index: number) {
  const cell = await page.notebook.getCellLocator(index);
  if (!cell) {
    throw new Error(`no cell ${index}`);
  }
  return { cell, badge: cell.locator('.jmi-Badge') };
}

/**
 * The points of one of the timeline's datasets, in bytes over the server's clock.
 */
export async function seriesPoints(
  page: IJupyterLabPageFixture,
  label: string
): Promise<{ x: number; y: number }[]> {
  return page.evaluate(label => {
    const app = (window as unknown as { jupyterapp: IApp }).jupyterapp;
    for (const widget of app.shell.widgets('right')) {
      if (widget.id === 'jmi-memory-inspector') {
        const chart = (
          widget.timeline as {
            chart: {
              data: {
                datasets: { label: string; data: { x: number; y: number }[] }[];
              };
            } | null;
          }
        ).chart;
        return (chart?.data.datasets ?? [])
          .filter(dataset => dataset.label === label)
          .flatMap(dataset => dataset.data.map(({ x, y }) => ({ x, y })));
      }
    }
    return [];
  }, label);
}

/**
 * A cell's metadata under `key`, in the active notebook's model.
 */
export async function cellMetadata(
  page: IJupyterLabPageFixture,
  index: number,
  key: string
): Promise<unknown> {
  return page.evaluate(
    ([index, key]) =>
      (
        window as unknown as {
          jupyterapp: {
            shell: {
              currentWidget: {
                content: {
                  model: {
                    cells: {
                      get(i: number): { getMetadata(k: string): unknown };
                    };
                  };
                };
              };
            };
          };
        }
      ).jupyterapp.shell.currentWidget.content.model.cells
        .get(index as number)
        .getMetadata(key as string),
    [index, key] as const
  );
}

/**
 * The restart lines of the panel's timeline, and whether each is a death.
 */
export async function boundaries(
  page: IJupyterLabPageFixture
): Promise<{ time: number; kind: string }[]> {
  return page.evaluate(() => {
    const app = (window as unknown as { jupyterapp: IApp }).jupyterapp;
    for (const widget of app.shell.widgets('right')) {
      if (widget.id === 'jmi-memory-inspector') {
        return (
          widget.timeline as { boundaries(): { time: number; kind: string }[] }
        ).boundaries();
      }
    }
    return [];
  });
}

/**
 * Change one of the memory inspector's settings through JupyterLab's settings registry, as
 * the Settings Editor does.
 */
export async function setSetting(
  page: IJupyterLabPageFixture,
  key: string,
  value: unknown
): Promise<void> {
  await page.evaluate(
    async ([key, value]) => {
      const registry = (await (
        window as unknown as {
          galata: {
            getPlugin(id: string): Promise<{
              set(plugin: string, key: string, value: unknown): Promise<void>;
            }>;
          };
        }
      ).galata.getPlugin('@jupyterlab/apputils-extension:settings'))!;
      await registry.set(
        'jupyterlab-memory-inspector:plugin',
        key as string,
        value
      );
    },
    [key, value] as const
  );
}
