import { TranslationBundle } from '@jupyterlab/translation';

import { CellRecord } from './schema';

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/**
 * A byte count for people: binary units, three significant digits (`412 MiB`, `1.20 GiB`).
 */
export function formatBytes(bytes: number): string {
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  let text = value.toFixed(digits);
  if (Number(text) >= 1024 && unit < UNITS.length - 1) {
    // Rounding can carry into the next unit (1023.7 MiB shows as 1.00 GiB, not 1024 MiB).
    text = (Number(text) / 1024).toFixed(2);
    unit += 1;
  }
  return `${bytes < 0 ? '-' : ''}${text} ${UNITS[unit]}`;
}

/**
 * A change in bytes, always signed (`+412 MiB`, `-3.20 MiB`, `+0 B`).
 */
export function formatDelta(bytes: number): string {
  return bytes < 0 ? formatBytes(bytes) : `+${formatBytes(bytes)}`;
}

/**
 * A duration for people: `850 µs`, `12 ms`, `1.5 s`, `2 min 05 s`.
 */
export function formatDuration(seconds: number): string {
  if (seconds < 0.001) {
    return `${Math.round(seconds * 1e6)} µs`;
  }
  if (seconds < 1) {
    return `${Math.round(seconds * 1000)} ms`;
  }
  if (seconds < 60) {
    return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  }
  const minutes = Math.floor(seconds / 60);
  const rest = Math.round(seconds - minutes * 60);
  return `${minutes} min ${String(rest).padStart(2, '0')} s`;
}

/**
 * How far the peak rose above the memory at the cell's start.
 */
export function peakIncrease(record: CellRecord): number {
  return Math.max(0, record.peak - record.rss_before);
}

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
  record: CellRecord,
  trans: TranslationBundle
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
    trans.__('Ran in %1', formatDuration(record.duration))
  ];
  if (record.execution_count !== null) {
    lines.unshift(trans.__('Run [%1]', record.execution_count));
  }
  if (record.raised) {
    lines.push(trans.__('The cell raised an error.'));
  }
  return {
    delta: formatDelta(record.rss_delta),
    peak: trans.__('peak +%1', formatBytes(peakIncrease(record))),
    tooltip: lines.join('\n')
  };
}
