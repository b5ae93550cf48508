import { TranslationBundle } from '@jupyterlab/translation';

import { GcReport } from '../schema';

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
 * Memory given back, for people: a negative figure (the process grew a little, for its own
 * bookkeeping) is no gain, and shows as `0 B`.
 */
export function formatFreed(bytes: number): string {
  return formatBytes(Math.max(0, bytes));
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
 * A share as a percentage for people: `42%`, `0.5%`, `<0.1%`.
 */
export function formatPercent(share: number): string {
  const percent = share * 100;
  if (percent > 0 && percent < 0.1) {
    return '<0.1%';
  }
  return `${percent.toFixed(percent < 10 ? 1 : 0)}%`;
}

/**
 * What the garbage collector did during a cell, in one line.
 */
export function formatGcActivity(
  gc: GcReport,
  trans: TranslationBundle
): string {
  return trans.__('Garbage collector: %1', formatCollections(gc, trans));
}

/**
 * The collections during a cell, their yield and their time: `2 collections (gen 0: 2), …`.
 */
export function formatCollections(
  gc: GcReport,
  trans: TranslationBundle
): string {
  if (!gc.enabled) {
    return trans.__('disabled');
  }
  const runs = gc.collections.reduce((sum, count) => sum + count, 0);
  if (runs === 0) {
    return trans.__('no collection');
  }
  const generations = gc.collections
    .map((count, generation) =>
      count > 0 ? trans.__('gen %1: %2', generation, count) : ''
    )
    .filter(part => part)
    .join(', ');
  let text = trans._n(
    '%1 collection (%2), %3 objects freed in %4',
    '%1 collections (%2), %3 objects freed in %4',
    runs,
    generations,
    gc.collected,
    formatDuration(gc.pause)
  );
  if (gc.uncollectable > 0) {
    text += trans.__(', %1 uncollectable', gc.uncollectable);
  }
  return text;
}
