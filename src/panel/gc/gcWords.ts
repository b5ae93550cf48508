import { TranslationBundle } from '@jupyterlab/translation';

import { GcReport } from '../../schema';

/**
 * What the garbage collector is for and whether it is on, before any of its counters: a
 * reader who does not know `gc` learns why the section matters to their memory.
 */
export function gcMeaning(gc: GcReport, trans: TranslationBundle): string {
  return gc.enabled
    ? trans.__(
        'On. Python frees an object as soon as nothing refers to it; the garbage collector also frees groups of objects that only refer to each other (reference cycles), every so often.'
      )
    : trans.__(
        'Off (the notebook called gc.disable()): groups of objects that only refer to each other (reference cycles) stay in memory until it is turned on again or gc.collect() runs.'
      );
}

/**
 * The collector's counters, for those who want them, each said with what it means.
 */
export function gcCounters(gc: GcReport, trans: TranslationBundle): string {
  const [threshold] = gc.thresholds;
  const [count] = gc.counts;
  const text = trans.__(
    'It runs when the objects made since its last run pass %1 (now %2). Thresholds %3; counts %4.',
    threshold ?? '?',
    count ?? '?',
    gc.thresholds.join(' / '),
    gc.counts.join(' / ')
  );
  return gc.frozen > 0
    ? text +
        ' ' +
        trans._n(
          '%1 object is frozen (gc.freeze()): never collected.',
          '%1 objects are frozen (gc.freeze()): never collected.',
          gc.frozen
        )
    : text;
}
