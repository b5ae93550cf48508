import { TranslationBundle } from '@jupyterlab/translation';

/**
 * How the kernel's memory was read, in words, with the exact term for a tooltip: RSS is
 * what the kernel's process has in RAM; PSS (ipykernel's usage_request) splits the pages
 * that processes share among them.
 */
export function metricWords(
  metric: 'rss' | 'pss',
  trans: TranslationBundle
): { label: string; exact: string } {
  return metric === 'pss'
    ? {
        label: trans.__('in use, shared pages split'),
        exact: trans.__(
          'proportional set size (PSS), in which memory shared with other processes counts in part'
        )
      }
    : {
        label: trans.__('in use'),
        exact: trans.__("resident set size (RSS), the kernel's memory in RAM")
      };
}
