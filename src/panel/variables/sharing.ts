import { TranslationBundle } from '@jupyterlab/translation';

import { Variable } from '../../schema';
import { formatBytes } from '../../util/format';

/**
 * The variables to list: those that IPython or another tool put in the namespace (marked
 * hidden by the probe) only when the user asks for them.
 */
export function visibleVariables(
  items: readonly Variable[],
  showHidden: boolean
): Variable[] {
  return showHidden ? [...items] : items.filter(item => !item.hidden);
}

/**
 * What a variable keeps alone and what it shares with which names, in words: "77 MiB own,
 * 103 MiB shared with df"; null for one that shares nothing (its size is all its own).
 */
export function sharingText(
  variable: Variable,
  trans: Pick<TranslationBundle, '__'>
): string | null {
  const shared = variable.shared ?? [];
  if (shared.length === 0) {
    return null;
  }
  const parts = shared.map(entry =>
    trans.__('%1 shared with %2', formatBytes(entry.size), entry.with)
  );
  return trans.__(
    '%1 own, %2',
    formatBytes(variable.own ?? variable.size),
    parts.join(', ')
  );
}
