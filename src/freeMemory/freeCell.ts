import { ISessionContextDialogs } from '@jupyterlab/apputils';
import { Notebook, NotebookActions, NotebookPanel } from '@jupyterlab/notebook';
import { ITranslator } from '@jupyterlab/translation';

import {
  adviceRequest,
  cellLabel,
  snapshotCells
} from '../model/notebookCells';
import { AdviceReply, FreeMemoryCell } from '../schema';
import { IMemoryInspector } from '../tokens';
import { holdsChoice } from './choice';
import { FREE_METADATA_KEY, freeCellMetadata } from './metadata';

/**
 * What asking for a free-memory cell came to.
 *
 * - inserted: the cell is in the notebook (and has run, if asked)
 * - nothing: none of the chosen suggestions is left, so no cell was inserted
 * - changed: the kernel's memory changed since the suggestions the user chose from, so no
 *   cell was inserted; `reply` holds the new suggestions
 * - pending: another free-memory cell is on its way into this notebook
 */
export type FreeMemoryOutcome =
  | {
      kind: 'inserted';
      reply: AdviceReply;
      cellId: string;
      /**
       * How messages name the cell it went below.
       */
      below: string;
      ran: boolean;
    }
  | { kind: 'nothing'; reply: AdviceReply }
  | { kind: 'changed'; reply: AdviceReply }
  | { kind: 'pending' };

/**
 * What to put in the free-memory cell, and whether to run it.
 */
export interface IFreeMemoryOptions {
  /**
   * The suggestion ids to insert; absent: the server's default, every suggestion expected to
   * give memory back.
   */
  choose?: readonly string[];

  /**
   * Run the cell once inserted. Never the default: the cell deletes the user's names.
   */
  run?: boolean;

  /**
   * The `record_seq` of the advice the user chose from: if the kernel has recorded a run
   * since, the suggestions may no longer be the ones shown, and nothing is inserted.
   */
  recordSeq?: number;
}

/**
 * What inserting and running a cell needs from the application.
 */
export interface IFreeMemoryContext {
  /**
   * The model, which asks the server for the cell.
   */
  inspector: IMemoryInspector;
  sessionDialogs?: ISessionContextDialogs;
  translator?: ITranslator;
}

/**
 * Notebooks that a free-memory cell is on its way into: a second click while the server
 * answers would insert a second cell.
 */
const pending = new WeakSet<NotebookPanel>();

/**
 * Whether a free-memory cell is on its way into the notebook.
 */
export function isInserting(panel: NotebookPanel): boolean {
  return pending.has(panel);
}

/**
 * Ask the server for the free-memory cell of the chosen suggestions and insert it below the
 * notebook's active cell; rejects with the server's error (409 while a cell runs).
 */
export async function freeMemory(
  panel: NotebookPanel,
  context: IFreeMemoryContext,
  options: IFreeMemoryOptions = {}
): Promise<FreeMemoryOutcome> {
  const kernelId = panel.sessionContext.session?.kernel?.id;
  const model = panel.content.model;
  if (!kernelId || !model) {
    throw new Error('The notebook has no kernel.');
  }
  if (pending.has(panel)) {
    return { kind: 'pending' };
  }
  pending.add(panel);
  try {
    const cells = snapshotCells(model);
    const activeIndex = panel.content.activeCellIndex;
    const request = adviceRequest(cells, activeIndex, options.choose);
    const reply = await context.inspector.advice(kernelId, request);
    if (
      (options.recordSeq !== undefined &&
        reply.record_seq !== options.recordSeq) ||
      (options.choose !== undefined && !holdsChoice(reply.cell, options.choose))
    ) {
      return { kind: 'changed', reply };
    }
    if (reply.cell.suggestions.length === 0) {
      return { kind: 'nothing', reply };
    }
    // The user may have moved on while the server answered: the cell goes below the one the
    // warnings about later cells were worked out for.
    const anchor = model.sharedModel.cells.findIndex(
      cell => cell.id === request.cell_id
    );
    const below = anchor >= 0 ? anchor : activeIndex;
    const anchorCell = cells.find(cell => cell.id === request.cell_id);
    const cellId = insertFreeMemoryCell(panel.content, below + 1, reply.cell);
    if (options.run) {
      await runCell(panel, cellId, context);
    }
    return {
      kind: 'inserted',
      reply,
      cellId,
      below: anchorCell
        ? cellLabel(anchorCell, cells.indexOf(anchorCell))
        : `cell #${below + 1}`,
      ran: options.run === true
    };
  } finally {
    pending.delete(panel);
  }
}

/**
 * Insert the free-memory cell at `index`, with its prediction in the metadata, and make it
 * the active cell; returns its id.
 */
export function insertFreeMemoryCell(
  notebook: Notebook,
  index: number,
  cell: FreeMemoryCell
): string {
  const model = notebook.model!;
  const at = Math.max(0, Math.min(index, model.cells.length));
  // One transaction with the source and metadata, so that a single undo removes the cell.
  const inserted = model.sharedModel.insertCell(at, {
    cell_type: 'code',
    source: cell.source,
    metadata: {
      // As NotebookActions.insertBelow marks the cells the user makes: it has no output
      // that could need trusting.
      trusted: true,
      [FREE_METADATA_KEY]: freeCellMetadata(cell)
    }
  });
  notebook.mode = 'command';
  notebook.activeCellIndex = at;
  notebook.deselectAll();
  void notebook.scrollToItem(at, 'smart').catch(() => undefined);
  return inserted.id;
}

/**
 * Run one cell of the notebook by id, as the user would by selecting it and pressing
 * Shift+Enter without moving on.
 */
export async function runCell(
  panel: NotebookPanel,
  cellId: string,
  context: IFreeMemoryContext
): Promise<boolean> {
  const notebook = panel.content;
  const index = notebook.widgets.findIndex(cell => cell.model.id === cellId);
  if (index < 0) {
    return false;
  }
  notebook.activeCellIndex = index;
  notebook.deselectAll();
  return NotebookActions.run(
    notebook,
    panel.sessionContext,
    context.sessionDialogs,
    context.translator
  );
}
