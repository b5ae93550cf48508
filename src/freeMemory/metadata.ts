import { NotebookPanel } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';
import { PartialJSONObject } from '@lumino/coreutils';

import { CellRecord, FreeMemoryCell, RecordEntry } from '../schema';
import { formatBytes } from '../util/format';

/**
 * The cell metadata key of a free-memory cell: what it was predicted to give back, and which
 * suggestions it holds, so that its runs can be set beside the prediction.
 */
export const FREE_METADATA_KEY = 'memory_inspector_free';

/**
 * What a free-memory cell keeps in its metadata (JSON, as all cell metadata).
 */
export interface IFreeCellMetadata extends PartialJSONObject {
  /**
   * Bytes the cell was expected to give back when it was inserted.
   */
  predicted: number;

  /**
   * The ids of the suggestions it holds.
   */
  suggestions: string[];
}

/**
 * What to keep in a free-memory cell's metadata.
 */
export function freeCellMetadata(cell: FreeMemoryCell): IFreeCellMetadata {
  return { predicted: cell.predicted, suggestions: [...cell.suggestions] };
}

/**
 * The free-memory metadata of a cell, if the value is one: a notebook comes from anywhere.
 */
export function readFreeCellMetadata(value: unknown): IFreeCellMetadata | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return null;
  }
  const { predicted, suggestions } = value as Record<string, unknown>;
  if (
    typeof predicted !== 'number' ||
    !Number.isFinite(predicted) ||
    predicted < 0 ||
    !Array.isArray(suggestions) ||
    !suggestions.every(id => typeof id === 'string')
  ) {
    return null;
  }
  return { predicted, suggestions: suggestions as string[] };
}

/**
 * What a run gave back: the memory it released, never less than nothing.
 */
export function freedBytes(record: Pick<CellRecord, 'rss_delta'>): number {
  return Math.max(0, -record.rss_delta);
}

/**
 * A free-memory run beside its prediction: `freed 412 MiB of 430 MiB predicted`.
 */
export function freedText(
  record: Pick<CellRecord, 'rss_delta'>,
  metadata: IFreeCellMetadata,
  trans: TranslationBundle
): string {
  return trans.__(
    'freed %1 of %2 predicted',
    formatBytes(freedBytes(record)),
    formatBytes(metadata.predicted)
  );
}

/**
 * The newest run of a free-memory cell in the kernel's current process, with that cell's
 * metadata; null if none of `freeCells` has run there.
 */
export function lastFreeRun(
  records: readonly RecordEntry[],
  session: string | null,
  freeCells: ReadonlyMap<string, IFreeCellMetadata>
): { record: CellRecord; metadata: IFreeCellMetadata } | null {
  for (let index = records.length - 1; index >= 0; index--) {
    const record = records[index]!.record;
    if (record.probe_session !== session) {
      // Older records belong to the processes before a restart, whose memory is gone anyway.
      return null;
    }
    const metadata =
      record.cell_id !== null ? freeCells.get(record.cell_id) : undefined;
    if (metadata) {
      return { record, metadata };
    }
  }
  return null;
}

/**
 * The free-memory cells of a notebook, by cell id, with what each was predicted to give back.
 */
export function freeCellsOf(
  panel: NotebookPanel | null
): Map<string, IFreeCellMetadata> {
  const cells = new Map<string, IFreeCellMetadata>();
  const model = panel?.model;
  if (!model) {
    return cells;
  }
  for (const cell of model.cells) {
    const metadata = readFreeCellMetadata(cell.getMetadata(FREE_METADATA_KEY));
    if (metadata) {
      cells.set(cell.id, metadata);
    }
  }
  return cells;
}
