import { ICodeCellModel } from '@jupyterlab/cells';
import { INotebookModel } from '@jupyterlab/notebook';

import { AdviceRequest, NotebookCell } from '../schema';

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
 * notebook (`cell #12`, as the command line says it), which is what a reader can find and
 * which no one takes for a prompt.
 */
export function cellLabel(cell: ICellSnapshot, index: number): string {
  return cell.executionCount !== null
    ? `[${cell.executionCount}]`
    : `cell #${index + 1}`;
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
        label: `cell #${index + 1}`
      });
    }
  });
  if (choose) {
    request.choose = [...choose];
  }
  return request;
}
