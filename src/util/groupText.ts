import { TranslationBundle } from '@jupyterlab/translation';

import { IMemorySummary } from '../model/summary';
import { formatBytes } from './format';

/**
 * What else counts against the limit, for a share read from the kernel's group: " (the
 * group: 6.1 GiB in all, 3.1 GiB of it other kernels, the server and other processes)"; an
 * empty string where the server reads no group.
 */
export function othersText(
  summary: IMemorySummary,
  trans: TranslationBundle
): string {
  if (!summary.group) {
    return '';
  }
  return summary.limitKind === 'limit'
    ? trans.__(
        ' (its group: %1 in all, %2 of it other kernels, the server and other processes)',
        formatBytes(summary.group.groupBytes),
        formatBytes(summary.group.others)
      )
    : trans.__(
        ' (the machine: %1 in use, %2 of it other processes)',
        formatBytes(summary.group.groupBytes),
        formatBytes(summary.group.others)
      );
}
