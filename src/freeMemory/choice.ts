import { TranslationBundle } from '@jupyterlab/translation';

import { AdviceReply, FreeMemoryCell, SharedGain, Suggestion } from '../schema';
import { serverWords } from '../util/message';

/**
 * Whether a suggestion is picked when the user has not chosen (the server's own default):
 * it is expected to give memory back, and no later cell needs what it lets go of.
 */
export function chosenByDefault(suggestion: Suggestion): boolean {
  return suggestion.chosen_by_default ?? suggestion.expected_bytes > 0;
}

/**
 * The suggestions picked when the user has not chosen.
 */
export function defaultChoice(suggestions: readonly Suggestion[]): string[] {
  return suggestions.filter(chosenByDefault).map(suggestion => suggestion.id);
}

/**
 * The choice after new suggestions arrive: what the user had picked or left out stays so
 * for the suggestions that are still offered; new ones start at the default, and so does
 * one that a later cell has come to need since (a tick given before the warning existed
 * was not given knowing it).
 */
export function mergeChoice(
  previous: readonly Suggestion[],
  chosen: ReadonlySet<string>,
  next: readonly Suggestion[]
): Set<string> {
  const before = new Map(
    previous.map(suggestion => [suggestion.id, suggestion])
  );
  const merged = new Set<string>();
  for (const suggestion of next) {
    const old = before.get(suggestion.id);
    const keep =
      old === undefined ||
      (chosenByDefault(old) && !chosenByDefault(suggestion))
        ? chosenByDefault(suggestion)
        : chosen.has(suggestion.id);
    if (keep) {
      merged.add(suggestion.id);
    }
  }
  return merged;
}

/**
 * The bytes the chosen suggestions are expected to give back: each one's own, and the data
 * that several objects hold together once every suggestion letting go of them is chosen.
 */
export function chosenBytes(
  suggestions: readonly Suggestion[],
  chosen: ReadonlySet<string>,
  shared: readonly SharedGain[] = []
): number {
  return (
    suggestions
      .filter(suggestion => chosen.has(suggestion.id))
      .reduce((sum, suggestion) => sum + suggestion.expected_bytes, 0) +
    sharedBack(shared, chosen)
  );
}

/**
 * What data held by several objects gives back for a choice, by the server's rule
 * (`advice/shared_gains.py`, which predicts the cell's total): the whole once every holder
 * is let go of, else at most what the kept holders cannot hold.
 */
export function sharedBack(
  shared: readonly SharedGain[],
  chosen: ReadonlySet<string>
): number {
  let total = 0;
  for (const gain of shared) {
    if (!chosen.has(gain.suggestion)) {
      continue;
    }
    const kept = gain.holders
      .filter(
        holder => holder.suggestion === null || !chosen.has(holder.suggestion)
      )
      .reduce((sum, holder) => sum + holder.size, 0);
    total += Math.max(0, gain.bytes - kept);
  }
  return total;
}

/**
 * Whether the free-memory cell holds what the user chose: the kernel's state can move on
 * between showing the suggestions and inserting them, and the server drops ids it no longer
 * knows.
 */
export function holdsChoice(
  cell: FreeMemoryCell,
  chosen: readonly string[]
): boolean {
  const held = new Set(cell.suggestions);
  return chosen.every(id => held.has(id));
}

/**
 * What the cell left out because a later cell needs it, short enough for a notification
 * (JupyterLab cuts them at 140 characters); empty when nothing was left out.
 */
export function leftOutText(
  reply: AdviceReply,
  trans: TranslationBundle
): string {
  const inCell = new Set(reply.cell.suggestions);
  const left = reply.suggestions.filter(
    suggestion =>
      !inCell.has(suggestion.id) &&
      suggestion.expected_bytes > 0 &&
      !chosenByDefault(suggestion)
  );
  if (left.length === 0) {
    return '';
  }
  return left.length === 1
    ? trans.__(
        'Left out: %1 (a later cell needs it).',
        serverWords(left[0]!.title, left[0]!.messages?.title, trans)
      )
    : trans.__('Left out %1 suggestions that later cells need.', left.length);
}

/**
 * Why there is no free-memory cell to insert: nothing is suggested, or nothing suggested is
 * expected to give memory back.
 */
export function nothingToFreeText(
  reply: AdviceReply,
  trans: TranslationBundle
): string {
  if (reply.record_seq === 0 && reply.suggestions.length === 0) {
    return trans.__(
      'Nothing to free yet: no cell has run in this kernel. Suggestions come from what the last cell left in memory.'
    );
  }
  if (reply.suggestions.length === 0) {
    return trans.__(
      'Nothing to free: no large variable, open file, reference cycle or memory kept by the allocator was found.'
    );
  }
  return trans._n(
    'Nothing to free: the one suggestion is not expected to give memory back. Pick it in the Memory Inspector to insert it anyway.',
    'Nothing to free: none of the %1 suggestions is expected to give memory back. Pick them in the Memory Inspector to insert them anyway.',
    reply.suggestions.length
  );
}
