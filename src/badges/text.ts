import { TranslationBundle } from '@jupyterlab/translation';

import { CellRecord } from '../schema';
import {
  formatBytes,
  formatDelta,
  formatDuration,
  formatGcActivity,
  peakIncrease
} from '../util/format';
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
  const lines = [
    trans.__(
      'Memory (RSS) %1 → %2 (%3)',
      formatBytes(record.rss_before),
      formatBytes(record.rss_after),
      formatDelta(record.rss_delta)
    ),
    trans.__(
      'Peak %1, %2 above the start (%3)',
      formatBytes(record.peak),
      formatBytes(peakIncrease(record)),
      method[record.peak_method]
    ),
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
    delta: formatDelta(record.rss_delta),
    peak: trans.__('peak +%1', formatBytes(peakIncrease(record))),
    tooltip: lines.join('\n')
  };
}
