import { JupyterFrontEnd } from '@jupyterlab/application';
import { ICommandPalette, MainAreaWidget } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';

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
 * Add "Show All Kernels' Memory": a main-area view of every running kernel, from the
 * palette and the running-sessions sidebar's context menu.
 */
export function addKernelOverview(
  app: JupyterFrontEnd,
  model: IKernelOverview,
  trans: TranslationBundle,
  palette: ICommandPalette | null
): void {
  let widget: MainAreaWidget<KernelOverviewWidget> | null = null;
  app.commands.addCommand(OPEN_OVERVIEW, {
    label: trans.__("Show All Kernels' Memory"),
    caption: trans.__(
      'Every running kernel with its notebook or console, state, memory, peak and last cell.'
    ),
    icon: args => (args.isPalette ? undefined : memoryIcon),
    describedBy: { args: { type: 'object', properties: {} } },
    execute: () => {
      if (!widget || widget.isDisposed) {
        const content = new KernelOverviewWidget(
          model,
          overviewActions(app),
          trans
        );
        widget = new MainAreaWidget({ content });
        widget.id = 'jmi-kernel-overview-area';
        widget.title.label = content.title.label;
        widget.title.icon = memoryIcon;
        widget.title.closable = true;
      }
      if (!widget.isAttached) {
        app.shell.add(widget, 'main');
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
