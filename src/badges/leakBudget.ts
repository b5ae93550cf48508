import { ICellModel } from '@jupyterlab/cells';
import { TranslationBundle } from '@jupyterlab/translation';

import { LeakHolder, LeakVerdict } from '../schema';
import { formatBytes, formatDelta } from '../util/format';
import { parseSize } from '../util/size';
import { SavedRecord } from './metadata';

/**
 * The cell metadata that holds a cell's own memory budget ("2GiB"), as the command line reads
 * it (cli/budgets.py): the most one run of the cell may add to the kernel's memory.
 */
export const BUDGET_METADATA_KEY = 'memory_budget';

/**
 * The tag that holds a budget too (`memory-budget=2GiB`); the metadata wins over it.
 */
export const BUDGET_TAG_PREFIX = 'memory-budget=';

/**
 * Whether a change of this metadata key can change the cell's budget.
 */
export function isBudgetKey(key: string): boolean {
  return key === BUDGET_METADATA_KEY || key === 'tags';
}

/**
 * A cell's own budget: as written, and in bytes (null with `error` when it does not parse).
 */
export interface ICellBudget {
  text: string;
  bytes: number | null;
  error: string | null;
}

/**
 * The budget a cell carries, if any.
 */
export function cellBudget(model: ICellModel): ICellBudget | null {
  const written = model.getMetadata(BUDGET_METADATA_KEY);
  let text: string | null = written === undefined ? null : String(written);
  if (text === null) {
    const tags = model.getMetadata('tags');
    const tag = Array.isArray(tags)
      ? tags.find(
          (item): item is string =>
            typeof item === 'string' && item.startsWith(BUDGET_TAG_PREFIX)
        )
      : undefined;
    text = tag ? tag.slice(BUDGET_TAG_PREFIX.length) : null;
  }
  if (text === null) {
    return null;
  }
  try {
    return { text, bytes: parseSize(text), error: null };
  } catch (err) {
    return { text, bytes: null, error: (err as Error).message };
  }
}

/**
 * "keeps +50.0 MiB each run" for a leaking cell, else null.
 */
export function leakText(
  verdict: LeakVerdict | undefined,
  trans: TranslationBundle
): string | null {
  if (!verdict?.leaking) {
    return null;
  }
  return trans.__('keeps %1 each run', formatDelta(verdict.keeps));
}

/**
 * The likely holder in words: the output cache, the last exception, or a growing name.
 */
export function holderText(
  holder: LeakHolder,
  trans: TranslationBundle
): string {
  switch (holder.kind) {
    case 'output_cache':
      return holder.name === 'Out'
        ? trans.__("IPython's output history")
        : trans.__("IPython's output history (%1)", holder.name);
    case 'exception':
      return trans.__('the last error');
    default: {
      const type = holder.type.split('.').pop() ?? holder.type;
      return type
        ? trans.__('%1 (a %2 that grows)', holder.name, type)
        : holder.name;
    }
  }
}

/**
 * The tooltip lines of a verdict: each run's retained memory and the likely holder.
 */
export function leakTooltip(
  verdict: LeakVerdict,
  trans: TranslationBundle
): string {
  const lines = [
    trans.__(
      'Kept by each of its %1 runs: %2',
      verdict.runs,
      verdict.retained.map(formatDelta).join(', ')
    )
  ];
  if (verdict.leaking) {
    lines.unshift(
      trans.__(
        'This cell keeps %1 each time it runs (its last %2 runs each grew by more than %3).',
        formatDelta(verdict.keeps),
        verdict.growths,
        formatBytes(verdict.tolerance)
      )
    );
    if (verdict.holder) {
      lines.push(
        trans.__('Likely held by %1.', holderText(verdict.holder, trans))
      );
    }
  }
  return lines.join('\n');
}

/**
 * Add the leak verdict and the cell's budget to a badge that `fillBadge` has just filled.
 */
export function fillLeakAndBudget(
  badge: HTMLElement,
  record: SavedRecord,
  verdict: LeakVerdict | undefined,
  budget: ICellBudget | null,
  trans: TranslationBundle
): void {
  const leak = part(badge, 'jmi-Badge-leak');
  leak.textContent = leakText(verdict, trans) ?? '';
  badge.classList.toggle('jmi-mod-leaking', verdict?.leaking === true);
  const lines = [badge.title];
  if (verdict) {
    lines.push(leakTooltip(verdict, trans));
  }
  const limit = part(badge, 'jmi-Badge-budget');
  const bytes = budget?.bytes ?? null;
  const over = bytes !== null && record.rss_delta > bytes;
  badge.classList.toggle('jmi-mod-over-budget', over);
  if (!budget) {
    limit.textContent = '';
    delete badge.dataset.budget;
  } else if (budget.bytes === null) {
    limit.textContent = trans.__('limit ?');
    lines.push(
      trans.__("The cell's memory budget is not a size: %1", budget.error ?? '')
    );
  } else {
    badge.dataset.budget = String(budget.bytes);
    limit.textContent = over
      ? trans.__('over limit %1', formatBytes(budget.bytes))
      : trans.__('limit %1', formatBytes(budget.bytes));
    lines.push(
      trans.__(
        'The cell may add at most %1 (its budget, %2).',
        formatBytes(budget.bytes),
        budget.text
      )
    );
  }
  badge.title = lines.join('\n');
}

function part(badge: HTMLElement, className: string): HTMLElement {
  let span = badge.querySelector<HTMLElement>(`.${className}`);
  if (!span) {
    span = document.createElement('span');
    span.className = className;
    badge.append(span);
  }
  return span;
}
