import { TranslationBundle } from '@jupyterlab/translation';

import { CellRecord } from '../schema';
import {
  formatBytes,
  formatDelta,
  formatDuration,
  formatGcActivity
} from '../util/format';
import { treeBreakdown, treeFigures } from '../util/tree';
import { SavedRecord } from './metadata';

/**
 * Where a badge's record comes from: this kernel's current process, a process that has since
 * restarted, a kernel that the notebook no longer uses (changed, or gone with a server
 * restart), or the notebook's metadata (saved in some earlier session).
 */
export type RecordOrigin = 'live' | 'restarted' | 'earlier' | 'saved';

/**
 * What a cell badge shows: the change, the peak above the start, and a tooltip with details.
 */
export interface IBadgeText {
  delta: string;
  peak: string;
  tooltip: string;
}

/**
 * The badge text of a record.
 */
export function badgeText(
  record: SavedRecord,
  trans: TranslationBundle,
  origin: RecordOrigin = 'live'
): IBadgeText {
  const method: Record<CellRecord['peak_method'], string> = {
    vmhwm: trans.__('exact high-water mark'),
    sampling: trans.__('sampled: short spikes may be missed'),
    endpoints: trans.__('before and after only')
  };
  const tree = treeFigures(record);
  // A tree figure with descendants comes from readings of the whole tree, not from VmHWM.
  const peakMethod =
    record.tree?.method === 'rss_uss'
      ? trans.__('sampled every %1 s', record.tree.sample_interval)
      : method[record.peak_method];
  const lines = [
    tree.children.length > 0
      ? trans._n(
          'Memory with %1 child process %2 → %3 (%4)',
          'Memory with %1 child processes %2 → %3 (%4)',
          // The count is also %1: _n puts it first among the values.
          tree.children.length,
          formatBytes(tree.before),
          formatBytes(tree.after),
          formatDelta(tree.delta)
        )
      : trans.__(
          'Memory the kernel uses: %1 → %2 (%3)',
          formatBytes(tree.before),
          formatBytes(tree.after),
          formatDelta(tree.delta)
        ),
    trans.__(
      'Peak %1, %2 above the start (%3)',
      formatBytes(tree.peak),
      formatBytes(tree.peakAbove),
      peakMethod
    ),
    ...treeBreakdown(record, trans),
    trans.__('Ran in %1', formatDuration(record.duration)),
    formatGcActivity(record.gc, trans)
  ];
  if (record.execution_count !== null) {
    lines.unshift(trans.__('Run [%1]', record.execution_count));
  }
  if (record.raised) {
    lines.push(trans.__('The cell raised an error.'));
  }
  if (origin === 'restarted') {
    lines.push(trans.__('Measured before the kernel restarted.'));
  } else if (origin === 'earlier') {
    lines.push(
      trans.__('Measured in an earlier kernel, which this notebook left.')
    );
  } else if (origin === 'saved') {
    lines.push(
      trans.__(
        'Saved in the notebook (measured %1), not in this kernel.',
        new Date(record.end * 1000).toLocaleString()
      )
    );
  }
  return {
    delta: formatDelta(tree.delta),
    peak: trans.__('peak +%1', formatBytes(tree.peakAbove)),
    tooltip: lines.join('\n')
  };
}
