import { TranslationBundle } from '@jupyterlab/translation';

import { CellRecord, Sample, TreeProcess } from '../schema';
import { formatBytes, formatDelta } from './format';

type TreeFields = Pick<
  CellRecord,
  'rss_before' | 'rss_after' | 'rss_delta' | 'peak' | 'tree'
>;

/**
 * A cell run's memory counting the kernel's child processes (workers, subprocesses): what
 * badges, the panel and the warnings show. Records of earlier probes have no tree: the
 * kernel's own figures stand for it.
 */
export interface ITreeFigures {
  before: number;
  after: number;
  delta: number;
  peak: number;
  /** How far the peak rose above the start. */
  peakAbove: number;
  /** The processes other than the kernel, largest first. */
  children: TreeProcess[];
}

/**
 * The tree's figures of a record.
 */
export function treeFigures(record: TreeFields): ITreeFigures {
  const tree = record.tree;
  if (!tree) {
    return {
      before: record.rss_before,
      after: record.rss_after,
      delta: record.rss_delta,
      peak: record.peak,
      peakAbove: Math.max(0, record.peak - record.rss_before),
      children: []
    };
  }
  return {
    before: tree.before,
    after: tree.after,
    delta: tree.after - tree.before,
    peak: tree.peak,
    peakAbove: Math.max(0, tree.peak - tree.before),
    children: tree.processes.filter(process => !process.kernel)
  };
}

/**
 * The memory of a live sample: the tree's where the server read it.
 */
export function sampleMemory(sample: Sample): number {
  return sample.tree ?? sample.memory;
}

/**
 * The tree broken down, for a tooltip: the kernel alone, then each process at the tree's peak
 * and at the cell's end. Empty when the cell had no child processes.
 */
export function treeBreakdown(
  record: TreeFields,
  trans: TranslationBundle
): string[] {
  const tree = record.tree;
  if (!tree || !tree.processes.some(process => !process.kernel)) {
    return [];
  }
  const held = (process: TreeProcess): string =>
    trans.__(
      '%1 at the peak, %2 at the end',
      process.at_peak === null ? '–' : formatBytes(process.at_peak),
      process.memory === null ? trans.__('ended') : formatBytes(process.memory)
    );
  return [
    trans.__(
      'The kernel alone: %1 → %2 (%3), peak %4',
      formatBytes(record.rss_before),
      formatBytes(record.rss_after),
      formatDelta(record.rss_delta),
      formatBytes(record.peak)
    ),
    trans.__(
      'Processes (a child process counts only the memory it does not share with the kernel):'
    ),
    ...tree.processes.map(process =>
      process.kernel
        ? trans.__('  kernel (pid %1): %2', process.pid, held(process))
        : trans.__('  pid %1 %2: %3', process.pid, process.name, held(process))
    )
  ];
}
