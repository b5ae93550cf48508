import { nullTranslator } from '@jupyterlab/translation';

import { cellText, nextSort, sortKernels } from '../overview/columns';
import { OverviewKernel, OverviewReply } from '../schema';
import {
  allKernelsText,
  allKernelsTitle,
  overAllKernelsLimit
} from '../status/allKernels';
import { MiB } from './records';

const trans = nullTranslator.load('jupyterlab_memory_inspector');

function kernel(
  id: string,
  path: string | null,
  memory: number | null,
  end: number | null = null
): OverviewKernel {
  return {
    kernel_id: id,
    name: 'python3',
    path,
    type: path?.endsWith('.ipynb') ? 'notebook' : path ? 'console' : null,
    state: 'idle',
    monitor_state: 'active',
    memory,
    peak: memory,
    limit: 1024 * MiB,
    limit_kind: 'limit',
    share: memory === null ? null : memory / (1024 * MiB),
    last_cell:
      end === null
        ? null
        : { execution_count: 3, cell_id: null, end, status: 'ok' }
  };
}

const KERNELS = [
  kernel('k1', 'b.ipynb', 100 * MiB, 990),
  kernel('k2', 'a.ipynb', 300 * MiB, 900),
  kernel('k3', null, null),
  kernel('k4', 'console-1', 200 * MiB)
];

function ids(kernels: OverviewKernel[]): string[] {
  return kernels.map(k => k.kernel_id);
}

describe('the overview table', () => {
  it('sorts by memory, largest first, with unknown figures last', () => {
    const order = { column: 'memory' as const, descending: true };
    expect(ids(sortKernels(KERNELS, order))).toEqual(['k2', 'k4', 'k1', 'k3']);
  });

  it('turns a column around at a second click, and starts names from A', () => {
    const byMemory = { column: 'memory' as const, descending: true };
    const byPath = nextSort(byMemory, 'path');
    expect(byPath).toEqual({ column: 'path', descending: false });
    expect(ids(sortKernels(KERNELS, byPath))).toEqual(['k2', 'k1', 'k4', 'k3']);
    const back = nextSort(byPath, 'path');
    expect(ids(sortKernels(KERNELS, back))).toEqual(['k4', 'k1', 'k2', 'k3']);
  });

  it('sorts by the last cell run, newest first', () => {
    const order = nextSort({ column: 'path', descending: false }, 'lastCell');
    expect(ids(sortKernels(KERNELS, order))).toEqual(['k1', 'k2', 'k3', 'k4']);
  });

  it('shows the figures and the last cell for people', () => {
    const [first] = KERNELS;
    expect(cellText(first!, 'memory', 1000, trans)).toBe('100 MiB');
    expect(cellText(first!, 'share', 1000, trans)).toBe('9.8%');
    expect(cellText(first!, 'lastCell', 1000, trans)).toBe('[3] 10 s ago');
    expect(cellText(KERNELS[2]!, 'memory', 1000, trans)).toBe('–');
    expect(cellText(KERNELS[2]!, 'path', 1000, trans)).toBe(
      'no open notebook or console'
    );
  });

  it("says how many child processes a kernel's memory counts", () => {
    const pool = {
      ...KERNELS[0]!,
      child_processes: 2,
      kernel_memory: 60 * MiB
    };
    expect(cellText(pool, 'memory', 1000, trans)).toBe(
      '100 MiB with 2 child processes'
    );
    const alone = { ...pool, child_processes: 0 };
    expect(cellText(alone, 'memory', 1000, trans)).toBe('100 MiB');
  });
});

describe('the status bar total of all kernels', () => {
  const overview = (total: number): OverviewReply => ({
    time: 1000,
    kernels: KERNELS,
    total,
    limit: 1000 * MiB,
    limit_kind: 'limit',
    share: total / (1000 * MiB)
  });

  it('warns once the kernels together pass the share set', () => {
    expect(overAllKernelsLimit(overview(790 * MiB), 80)).toBe(false);
    expect(overAllKernelsLimit(overview(800 * MiB), 80)).toBe(true);
  });

  it('says the total, and in its tooltip the share and the warning', () => {
    expect(allKernelsText(overview(600 * MiB), trans)).toBe(
      'All kernels: 600 MiB'
    );
    const calm = allKernelsTitle(overview(600 * MiB), 80, trans);
    expect(calm).toBe(
      "4 running kernels hold 600 MiB together, 60% of the 1000 MiB memory limit. Click to show all kernels' memory."
    );
    const warned = allKernelsTitle(overview(900 * MiB), 80, trans);
    expect(warned).toMatch(/^Warning: together past 80% of the limit/);
  });
});
