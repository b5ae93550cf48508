import { LeakVerdict, RecordEntry } from '../schema';

/**
 * Keep each cell's leak verdict from the newest of its entries: the server judges a cell
 * that ran more than once in the kernel's session (leaks/rule.py, the one place of the
 * rule); a cell's entry without a verdict (its first run since a restart) clears the old one.
 */
export function indexLeaks(
  leaks: Map<string, LeakVerdict>,
  entries: readonly RecordEntry[]
): void {
  for (const entry of entries) {
    const cellId = entry.record.cell_id;
    if (cellId === null) {
      continue;
    }
    if (entry.leak) {
      leaks.set(cellId, entry.leak);
    } else {
      leaks.delete(cellId);
    }
  }
}
