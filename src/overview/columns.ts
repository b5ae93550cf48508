import { TranslationBundle } from '@jupyterlab/translation';

import { OverviewKernel } from '../schema';
import { formatBytes, formatPercent } from '../util/format';

/**
 * The overview's columns, in the order shown.
 */
export type ColumnKey =
  'path' | 'name' | 'state' | 'memory' | 'peak' | 'share' | 'lastCell';

/**
 * Every column, in the order shown.
 */
export const COLUMNS: readonly ColumnKey[] = [
  'path',
  'name',
  'state',
  'memory',
  'peak',
  'share',
  'lastCell'
];

/**
 * How the table is sorted.
 */
export interface ISortOrder {
  column: ColumnKey;
  descending: boolean;
}

/**
 * At first the kernels that hold the most memory come first: they are why one looks.
 */
export const DEFAULT_SORT: ISortOrder = { column: 'memory', descending: true };

/**
 * The column's heading.
 */
export function columnLabel(
  column: ColumnKey,
  trans: TranslationBundle
): string {
  switch (column) {
    case 'path':
      return trans.__('Notebook or console');
    case 'name':
      return trans.__('Kernel');
    case 'state':
      return trans.__('State');
    case 'memory':
      return trans.__('Memory');
    case 'peak':
      return trans.__('Peak');
    case 'share':
      return trans.__('Share');
    case 'lastCell':
      return trans.__('Last cell');
  }
}

/**
 * What a column sorts by; a missing figure is null and always sorts last.
 */
export function sortValue(
  kernel: OverviewKernel,
  column: ColumnKey
): string | number | null {
  switch (column) {
    case 'path':
      return kernel.path;
    case 'name':
      return kernel.name;
    case 'state':
      return kernel.state;
    case 'memory':
      return kernel.memory;
    case 'peak':
      return kernel.peak;
    case 'share':
      return kernel.share;
    case 'lastCell':
      return kernel.last_cell?.end ?? null;
  }
}

/**
 * The kernels in the given order; ties keep the order by kernel id, so rows do not jump
 * between two updates.
 */
export function sortKernels(
  kernels: readonly OverviewKernel[],
  order: ISortOrder
): OverviewKernel[] {
  const sign = order.descending ? -1 : 1;
  return [...kernels].sort((a, b) => {
    const x = sortValue(a, order.column);
    const y = sortValue(b, order.column);
    if (x === null || y === null) {
      if (x !== y) {
        return x === null ? 1 : -1;
      }
    } else if (x !== y) {
      const compared =
        typeof x === 'number' && typeof y === 'number'
          ? x - y
          : String(x).localeCompare(String(y));
      if (compared !== 0) {
        return sign * compared;
      }
    }
    return a.kernel_id.localeCompare(b.kernel_id);
  });
}

/**
 * The order after a click on a column's heading: the same column turns around, another
 * starts with its most telling end (figures from the largest, names from A).
 */
export function nextSort(current: ISortOrder, column: ColumnKey): ISortOrder {
  if (current.column === column) {
    return { column, descending: !current.descending };
  }
  const numeric =
    column === 'memory' ||
    column === 'peak' ||
    column === 'share' ||
    column === 'lastCell';
  return { column, descending: numeric };
}

/**
 * The kernel's state for people.
 */
export function stateLabel(
  state: OverviewKernel['state'],
  trans: TranslationBundle
): string {
  switch (state) {
    case 'idle':
      return trans.__('idle');
    case 'busy':
      return trans.__('busy');
    case 'starting':
      return trans.__('starting');
    case 'dead':
      return trans.__('dead');
    case 'not answering':
      return trans.__('not answering');
    case 'unknown':
      return trans.__('unknown');
  }
}

/**
 * How long ago, for people: `12 s ago`, `5 min ago`, `3 h ago`.
 */
export function formatAgo(seconds: number, trans: TranslationBundle): string {
  const elapsed = Math.max(0, seconds);
  if (elapsed < 60) {
    return trans.__('%1 s ago', Math.round(elapsed));
  }
  if (elapsed < 3600) {
    return trans.__('%1 min ago', Math.round(elapsed / 60));
  }
  return trans.__('%1 h ago', Math.round(elapsed / 3600));
}

/**
 * The text of a kernel's cell in a column.
 */
export function cellText(
  kernel: OverviewKernel,
  column: ColumnKey,
  now: number,
  trans: TranslationBundle
): string {
  switch (column) {
    case 'path':
      return kernel.path ?? trans.__('no open notebook or console');
    case 'name':
      return kernel.name;
    case 'state':
      return stateLabel(kernel.state, trans);
    case 'memory':
      return memoryText(kernel, trans);
    case 'peak':
      return kernel.peak === null ? '–' : formatBytes(kernel.peak);
    case 'share':
      return kernel.share === null ? '–' : formatPercent(kernel.share);
    case 'lastCell': {
      const cell = kernel.last_cell;
      if (!cell) {
        return '–';
      }
      const count =
        cell.execution_count === null ? '[ ]' : `[${cell.execution_count}]`;
      return `${count} ${formatAgo(now - cell.end, trans)}`;
    }
  }
}

/**
 * The kernel's memory counts its child processes too: say how many there are, when any.
 */
function memoryText(kernel: OverviewKernel, trans: TranslationBundle): string {
  if (kernel.memory === null) {
    return '–';
  }
  const children = kernel.child_processes ?? 0;
  if (children === 0) {
    return formatBytes(kernel.memory);
  }
  return trans._n(
    '%2 with %1 child process',
    '%2 with %1 child processes',
    // The count is also %1: _n puts it first among the values.
    children,
    formatBytes(kernel.memory)
  );
}
