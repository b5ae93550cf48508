import { TranslationBundle } from '@jupyterlab/translation';

/**
 * What the note under the timeline is made from: a kernel's `IKernelMemory` is one.
 */
export interface IDroppedInput {
  readonly records: readonly unknown[];
  readonly samples: readonly unknown[];
  readonly droppedRecords: number;
  readonly droppedSamples: number;
}

/**
 * The note that says the timeline no longer shows the oldest runs or readings, because the
 * page keeps only the newest (a setting); an empty string when nothing was dropped.
 */
export function droppedNote(
  trans: TranslationBundle,
  memory: IDroppedInput
): string {
  const notes: string[] = [];
  if (memory.droppedRecords > 0) {
    notes.push(
      trans._n(
        'Older runs are not shown: the last run is kept (setting "Cell runs kept per kernel").',
        'Older runs are not shown: the last %1 are kept (setting "Cell runs kept per kernel").',
        memory.records.length
      )
    );
  }
  if (memory.droppedSamples > 0) {
    notes.push(
      trans._n(
        'Older live readings are not shown: the last reading is kept (setting "Live readings kept per kernel").',
        'Older live readings are not shown: the last %1 are kept (setting "Live readings kept per kernel").',
        memory.samples.length
      )
    );
  }
  return notes.join(' ');
}

/**
 * Show `droppedNote` in `node`, or hide `node` when there is nothing to say.
 */
export function showDroppedNote(
  node: HTMLElement,
  trans: TranslationBundle,
  memory: IDroppedInput | null
): void {
  node.textContent = memory ? droppedNote(trans, memory) : '';
  node.hidden = !node.textContent;
}
