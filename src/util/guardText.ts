import { TranslationBundle } from '@jupyterlab/translation';

import { KernelDeath, OomGuard } from '../schema';
import { evidenceText } from './evidenceWords';
import { formatBytes } from './format';

/**
 * What the out-of-memory guard did in a cell, in one or two sentences (as the command line
 * says it, in oom_guard.py).
 */
export function guardText(guard: OomGuard, trans: TranslationBundle): string {
  const where =
    guard.scope === 'host'
      ? trans.__(
          "%1 of the machine's %2",
          formatBytes(guard.usage),
          formatBytes(guard.limit)
        )
      : trans.__(
          '%1 of a %2 limit',
          formatBytes(guard.usage),
          formatBytes(guard.limit)
        );
  if (guard.stopped) {
    return trans.__(
      'Stopped at %1 so that the kernel would not be killed; your variables are kept.',
      where
    );
  }
  return trans.__(
    'Interrupted at %1, but the cell kept growing to %2: it runs code that ignores the interrupt (native code). Stop it yourself or free memory before the kernel is killed.',
    where,
    formatBytes(guard.highest_after)
  );
}

/**
 * Why the kernel died, and in which cell, from the evidence the server kept.
 */
export function deathText(
  death: KernelDeath,
  trans: TranslationBundle
): string {
  const cell =
    death.execution_count !== null && death.execution_count !== undefined
      ? trans.__('[%1]', death.execution_count)
      : trans.__('a cell');
  const at =
    death.usage !== undefined && death.limit !== undefined
      ? trans.__(
          ' at %1 of %2',
          formatBytes(death.usage),
          formatBytes(death.limit)
        )
      : '';
  switch (death.cause) {
    case 'oom_kill':
      return trans.__(
        'Out of memory: the kernel was killed%1 while running %2 (%3); its variables were lost.',
        at,
        cell,
        evidenceText(death.evidence, trans)
      );
    case 'signal':
    case 'crash':
    case 'exit':
      return trans.__(
        'The kernel died (%1)%2 while running %3.',
        evidenceText(death.evidence, trans),
        at,
        cell
      );
    default:
      // A remote kernel's death says why nothing is known of it.
      if (death.evidence) {
        return trans.__(
          'The kernel died%1 while running %2: %3.',
          at,
          cell,
          evidenceText(death.evidence, trans)
        );
      }
      return trans.__(
        'The kernel died%1 while running %2; its exit status is unknown.',
        at,
        cell
      );
  }
}
