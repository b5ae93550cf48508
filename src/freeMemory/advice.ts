import { ICodeCellModel } from '@jupyterlab/cells';
import { INotebookModel } from '@jupyterlab/notebook';
import { ServerConnection } from '@jupyterlab/services';
import { TranslationBundle } from '@jupyterlab/translation';
import { PartialJSONObject } from '@lumino/coreutils';

import { formatBytes } from '../util/format';
import { requestAPI } from '../model/request';
import {
  AdviceReply,
  AdviceRequest,
  CellRecord,
  FreeMemoryCell,
  NotebookCell,
  RecordEntry,
  Suggestion
} from '../schema';

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
 * What the advice and the report need of a notebook cell, read from its model.
 */
export interface ICellSnapshot {
  id: string;
  type: string;
  source: string;
  executionCount: number | null;
}

/**
 * The cells of a notebook model, in order.
 */
export function snapshotCells(model: INotebookModel): ICellSnapshot[] {
  const cells: ICellSnapshot[] = [];
  for (const cell of model.cells) {
    cells.push({
      id: cell.id,
      type: cell.type,
      source: cell.sharedModel.getSource(),
      executionCount:
        cell.type === 'code'
          ? ((cell as ICodeCellModel).executionCount ?? null)
          : null
    });
  }
  return cells;
}

/**
 * How messages name a cell: its prompt (`[7]`) once it has run, else its place in the
 * notebook (`cell 12`), which is what a reader can find.
 */
export function cellLabel(cell: ICellSnapshot, index: number): string {
  return cell.executionCount !== null
    ? `[${cell.executionCount}]`
    : `cell ${index + 1}`;
}

/**
 * The notebook's code cells in order, as the server reads them.
 */
export function notebookCells(cells: readonly ICellSnapshot[]): NotebookCell[] {
  const code: NotebookCell[] = [];
  cells.forEach((cell, index) => {
    if (cell.type === 'code') {
      code.push({
        id: cell.id,
        source: cell.source,
        label: cellLabel(cell, index)
      });
    }
  });
  return code;
}

/**
 * The advice request for a free-memory cell below the cell at `activeIndex`.
 *
 * Only the cells after it count as later. When the active cell is not a code cell, it goes
 * into the list with an empty source, so that the server still knows where "later" begins
 * (without it, a markdown cell at the top would leave no code cell to anchor to).
 */
export function adviceRequest(
  cells: readonly ICellSnapshot[],
  activeIndex: number,
  choose?: readonly string[]
): AdviceRequest {
  const active = cells[activeIndex];
  const request: AdviceRequest = {
    cells: [],
    cell_id: active ? active.id : null
  };
  cells.forEach((cell, index) => {
    if (cell.type === 'code') {
      request.cells.push({
        id: cell.id,
        source: cell.source,
        label: cellLabel(cell, index)
      });
    } else if (index === activeIndex) {
      request.cells.push({
        id: cell.id,
        source: '',
        label: `cell ${index + 1}`
      });
    }
  });
  if (choose) {
    request.choose = [...choose];
  }
  return request;
}

/**
 * Ask the server for its suggestions and the free-memory cell of the chosen ones; rejects
 * with a `MemoryInspectorRequestError` (409 while a cell runs or without a probe).
 */
export function fetchAdvice(
  serverSettings: ServerConnection.ISettings,
  kernelId: string,
  request: AdviceRequest
): Promise<AdviceReply> {
  return requestAPI<AdviceReply>(
    serverSettings,
    `kernels/${encodeURIComponent(kernelId)}/advice`,
    { method: 'POST', body: JSON.stringify(request) }
  );
}

/**
 * The suggestions picked when the user has not chosen: those expected to give memory back
 * (the server's own default).
 */
export function defaultChoice(suggestions: readonly Suggestion[]): string[] {
  return suggestions
    .filter(suggestion => suggestion.expected_bytes > 0)
    .map(suggestion => suggestion.id);
}

/**
 * The choice after new suggestions arrive: what the user had picked or left out stays so
 * for the suggestions that are still offered; new ones start at the default.
 */
export function mergeChoice(
  previous: readonly Suggestion[],
  chosen: ReadonlySet<string>,
  next: readonly Suggestion[]
): Set<string> {
  const known = new Set(previous.map(suggestion => suggestion.id));
  const merged = new Set<string>();
  for (const suggestion of next) {
    const keep = known.has(suggestion.id)
      ? chosen.has(suggestion.id)
      : suggestion.expected_bytes > 0;
    if (keep) {
      merged.add(suggestion.id);
    }
  }
  return merged;
}

/**
 * The bytes the chosen suggestions are expected to give back.
 */
export function chosenBytes(
  suggestions: readonly Suggestion[],
  chosen: ReadonlySet<string>
): number {
  return suggestions
    .filter(suggestion => chosen.has(suggestion.id))
    .reduce((sum, suggestion) => sum + suggestion.expected_bytes, 0);
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
