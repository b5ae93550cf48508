import { TranslationBundle } from '@jupyterlab/translation';

import { KernelDeath } from '../schema';
import { evidenceText } from './evidenceWords';
import { formatBytes } from './format';

/**
 * What the fatal cell's badge says of the kernel's death, in plain words: the figures of the
 * last live reading, and the cause (for other causes than memory, the evidence's words).
 */
export function deathBadgeText(
  death: KernelDeath,
  trans: TranslationBundle
): string {
  const known = death.usage !== undefined && death.limit !== undefined;
  const usage = formatBytes(death.usage ?? 0);
  const limit = formatBytes(death.limit ?? 0);
  const host = death.scope === 'host';
  if (death.cause === 'oom_kill') {
    if (!known) {
      return trans.__('killed while this cell ran: out of memory');
    }
    return host
      ? trans.__(
          "killed at %1 of the machine's %2 while this cell ran: out of memory",
          usage,
          limit
        )
      : trans.__(
          'killed at %1 of a %2 limit while this cell ran: out of memory',
          usage,
          limit
        );
  }
  if (!known) {
    return trans.__(
      'the kernel died while this cell ran: %1',
      evidenceText(death.evidence, trans)
    );
  }
  return host
    ? trans.__(
        "the kernel died at %1 of the machine's %2 while this cell ran: %3",
        usage,
        limit,
        evidenceText(death.evidence, trans)
      )
    : trans.__(
        'the kernel died at %1 of a %2 limit while this cell ran: %3',
        usage,
        limit,
        evidenceText(death.evidence, trans)
      );
}
