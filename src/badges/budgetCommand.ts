import { JupyterFrontEnd } from '@jupyterlab/application';
import { InputDialog, showErrorMessage } from '@jupyterlab/apputils';
import { Cell } from '@jupyterlab/cells';
import { INotebookTracker } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';

import { CommandIDs } from '../tokens';
import { parseSize, UNITS_HELP } from '../util/size';
import { BADGE_CLASS } from './badge';
import { BUDGET_METADATA_KEY, cellBudget } from './leakBudget';

/**
 * "Set Memory Budget…" in the badge's context menu (and the palette, for the active cell):
 * the cell's own budget, kept in its metadata where the command line reads it too.
 */
export function addBudgetCommand(
  app: JupyterFrontEnd,
  tracker: INotebookTracker,
  trans: TranslationBundle
): void {
  app.commands.addCommand(CommandIDs.setCellBudget, {
    label: trans.__('Set Memory Budget…'),
    caption: trans.__(
      "The most one run of the cell may add to the kernel's memory; `jupyter memory-inspector run` fails when it adds more."
    ),
    isEnabled: () => targetCell(app, tracker)?.model.type === 'code',
    describedBy: { args: { type: 'object', properties: {} } },
    execute: async () => {
      const cell = targetCell(app, tracker);
      if (cell) {
        await editBudget(cell, trans);
      }
    }
  });
  app.contextMenu.addItem({
    command: CommandIDs.setCellBudget,
    selector: `.${BADGE_CLASS}`,
    rank: 0
  });
}

async function editBudget(cell: Cell, trans: TranslationBundle): Promise<void> {
  const current = cellBudget(cell.model);
  const result = await InputDialog.getText({
    title: trans.__('Memory budget of this cell'),
    label: trans.__(
      'The most one run may add, such as 500MiB or 2GiB (%1). Leave empty for no budget.',
      UNITS_HELP
    ),
    text: current?.text ?? ''
  });
  if (!result.button.accept) {
    return;
  }
  const text = (result.value ?? '').trim();
  if (!text) {
    cell.model.deleteMetadata(BUDGET_METADATA_KEY);
    return;
  }
  try {
    parseSize(text);
  } catch (err) {
    await showErrorMessage(
      trans.__('Not a memory budget'),
      (err as Error).message
    );
    return;
  }
  cell.model.setMetadata(BUDGET_METADATA_KEY, text);
}

/**
 * The cell whose badge was right-clicked, else the active cell.
 */
function targetCell(
  app: JupyterFrontEnd,
  tracker: INotebookTracker
): Cell | null {
  const badge = app.contextMenuHitTest(node =>
    node.classList.contains(BADGE_CLASS)
  );
  const cellId = badge?.dataset.cellId;
  const notebook = tracker.currentWidget?.content;
  if (cellId && notebook) {
    const cell = notebook.widgets.find(item => item.model.id === cellId);
    if (cell) {
      return cell;
    }
  }
  return tracker.activeCell;
}
