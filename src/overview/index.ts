import { JupyterFrontEnd } from '@jupyterlab/application';
import { ICommandPalette, MainAreaWidget } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';

import { memoryIcon } from '../icons';
import { IKernelOverview } from '../model/overview';
import { CommandIDs } from '../tokens';
import { IOverviewActions, KernelOverviewWidget } from './widget';

/**
 * The command that opens the overview.
 */
export const OPEN_OVERVIEW = 'jupyterlab-memory-inspector:open-overview';

/**
 * The running-sessions sidebar's list items, where JupyterLab lets extensions add to the
 * context menu.
 */
const RUNNING_ITEM = '.jp-RunningSessions-item';

/**
 * Open a kernel's notebook or console through JupyterLab's own commands (and JupyterLab's or
 * Notebook 7's document manager), which show a document that is already open.
 */
function overviewActions(app: JupyterFrontEnd): IOverviewActions {
  const open = async (path: string, type: string | null) => {
    if (type === 'console') {
      await app.commands.execute('console:open', { path, activate: true });
      return;
    }
    await app.commands.execute('docmanager:open', { path });
  };
  return {
    open: kernel => open(kernel.path ?? '', kernel.type),
    freeMemory: async kernel => {
      await open(kernel.path ?? '', kernel.type);
      await app.commands.execute(CommandIDs.insertFreeMemoryCell);
    }
  };
}

/**
 * Add "Show All Kernels' Memory": a view of every running kernel, from the palette and the
 * running-sessions sidebar's context menu; in JupyterLab's main area (`inLab`), else in the
 * right sidebar.
 */
export function addKernelOverview(
  app: JupyterFrontEnd,
  model: IKernelOverview,
  trans: TranslationBundle,
  palette: ICommandPalette | null,
  inLab: boolean
): void {
  let widget: Widget | null = null;
  const create = (): Widget => {
    const content = new KernelOverviewWidget(
      model,
      overviewActions(app),
      trans
    );
    content.title.icon = memoryIcon;
    if (!inLab) {
      // Notebook 7 shows one document in its main area: the overview goes to a sidebar,
      // where its narrow layout (cards) applies.
      content.title.caption = content.title.label;
      return content;
    }
    const area = new MainAreaWidget({ content });
    area.id = 'jmi-kernel-overview-area';
    area.title.label = content.title.label;
    area.title.icon = memoryIcon;
    area.title.closable = true;
    return area;
  };
  app.commands.addCommand(OPEN_OVERVIEW, {
    label: trans.__("Show All Kernels' Memory"),
    caption: trans.__(
      'Every running kernel with its notebook or console, state, memory, peak and last cell.'
    ),
    icon: args => (args.isPalette ? undefined : memoryIcon),
    describedBy: { args: { type: 'object', properties: {} } },
    execute: () => {
      if (!widget || widget.isDisposed) {
        widget = create();
      }
      if (!widget.isAttached) {
        app.shell.add(widget, inLab ? 'main' : 'right', { rank: 700 });
      }
      app.shell.activateById(widget.id);
    }
  });
  palette?.addItem({
    command: OPEN_OVERVIEW,
    category: trans.__('Memory Inspector')
  });
  app.contextMenu.addItem({
    command: OPEN_OVERVIEW,
    selector: RUNNING_ITEM,
    rank: 100
  });
}
