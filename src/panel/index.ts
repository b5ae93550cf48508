import { ILayoutRestorer, JupyterFrontEnd } from '@jupyterlab/application';
import {
  ICommandPalette,
  ISessionContextDialogs,
  IThemeManager,
  Notification
} from '@jupyterlab/apputils';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { ITranslator, TranslationBundle } from '@jupyterlab/translation';
import { CommandToolbarButton, downloadIcon } from '@jupyterlab/ui-components';

import { ActiveKernelMemory } from '../model/activeKernel';
import { memoryIcon } from '../icons';
import { CellRecord } from '../schema';
import { CommandIDs, IMemoryInspector } from '../tokens';
import { MemoryInspectorPanel } from './widget';
import { OPEN_OVERVIEW } from '../overview';

/**
 * How long a cell reached from the timeline stays highlighted.
 */
const HIGHLIGHT_MS = 1500;

/**
 * Scroll to the cell of a run and select it, in the notebook followed or any other open
 * notebook that holds it; false when no open notebook has that cell any more.
 */
export async function goToCell(
  app: JupyterFrontEnd,
  tracker: INotebookTracker,
  followed: NotebookPanel | null,
  cellId: string
): Promise<boolean> {
  const notebooks: NotebookPanel[] = followed ? [followed] : [];
  tracker.forEach(panel => {
    if (panel !== followed) {
      notebooks.push(panel);
    }
  });
  for (const panel of notebooks) {
    const notebook = panel.content;
    const index = notebook.widgets.findIndex(cell => cell.model.id === cellId);
    if (index < 0) {
      continue;
    }
    app.shell.activateById(panel.id);
    notebook.mode = 'command';
    notebook.activeCellIndex = index;
    notebook.deselectAll();
    const cell = notebook.widgets[index]!;
    await notebook.scrollToCell(cell, 'center');
    cell.addClass('jmi-mod-highlight');
    setTimeout(() => cell.removeClass('jmi-mod-highlight'), HIGHLIGHT_MS);
    return true;
  }
  return false;
}

/**
 * Create the memory panel in the right sidebar, with its "Open Memory Inspector" command.
 */
export function addMemoryPanel(
  app: JupyterFrontEnd,
  inspector: IMemoryInspector,
  tracker: INotebookTracker,
  trans: TranslationBundle,
  translator: ITranslator | null,
  palette: ICommandPalette | null,
  restorer: ILayoutRestorer | null,
  themeManager: IThemeManager | null,
  sessionDialogs: ISessionContextDialogs | null
): MemoryInspectorPanel {
  const active = new ActiveKernelMemory(tracker, inspector, app.shell);
  const onRunClicked = (record: CellRecord) => {
    const cellId = record.cell_id;
    void (
      cellId
        ? goToCell(app, tracker, active.notebook, cellId)
        : Promise.resolve(false)
    ).then(found => {
      if (!found) {
        Notification.info(
          trans.__(
            'That cell is in no open notebook: it was deleted, or its notebook is closed.'
          ),
          { autoClose: 4000 }
        );
      }
    });
  };
  const panel = new MemoryInspectorPanel({
    inspector,
    active,
    commands: app.commands,
    trans,
    translator: translator ?? undefined,
    icon: memoryIcon,
    onRunClicked,
    freeMemory: {
      inspector,
      sessionDialogs: sessionDialogs ?? undefined,
      translator: translator ?? undefined
    }
  });
  app.shell.add(panel, 'right', { rank: 600 });
  // Another plugin registers the export command, and a command button only draws a command
  // that exists: once JupyterLab is restored, every plugin has activated.
  void app.restored.then(() => {
    panel.toolbar.addItem(
      'export-report',
      new CommandToolbarButton({
        commands: app.commands,
        id: CommandIDs.exportReport,
        args: { toolbar: true },
        icon: downloadIcon,
        label: trans.__('Export report')
      })
    );
    panel.toolbar.addItem(
      'all-kernels',
      new CommandToolbarButton({
        commands: app.commands,
        id: OPEN_OVERVIEW,
        label: trans.__('All kernels')
      })
    );
  });
  restorer?.add(panel, panel.id);

  // The chart draws on a canvas, which cannot follow the theme's CSS variables by itself.
  themeManager?.themeChanged.connect(() => {
    requestAnimationFrame(() => panel.timeline.refreshColors());
  });

  app.commands.addCommand(CommandIDs.open, {
    label: trans.__('Open Memory Inspector'),
    caption: trans.__(
      "Show the active notebook's kernel memory: timeline, largest variables, suggestions to free memory, garbage collector."
    ),
    icon: args => (args.isPalette ? undefined : memoryIcon),
    describedBy: { args: { type: 'object', properties: {} } },
    execute: () => {
      app.shell.activateById(panel.id);
    }
  });
  palette?.addItem({
    command: CommandIDs.open,
    category: trans.__('Memory Inspector')
  });
  return panel;
}
