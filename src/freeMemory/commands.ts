import { JupyterFrontEnd } from '@jupyterlab/application';
import {
  ICommandPalette,
  ISessionContextDialogs,
  IToolbarWidgetRegistry,
  Notification
} from '@jupyterlab/apputils';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { ITranslator, TranslationBundle } from '@jupyterlab/translation';
import { CommandToolbarButton } from '@jupyterlab/ui-components';
import { ReadonlyPartialJSONObject } from '@lumino/coreutils';

import { leftOutText, nothingToFreeText } from './choice';
import { currentKernelMemory } from '../model/activeKernel';
import { formatBytes } from '../util/format';
import { errorWords } from '../util/message';
import {
  freeMemory,
  FreeMemoryOutcome,
  IFreeMemoryContext,
  isInserting,
  runCell
} from './freeCell';
import { freeMemoryIcon } from '../icons';
import { isBusyError } from '../model/errors';
import { CommandIDs, IMemoryInspector } from '../tokens';

/**
 * The name of the notebook toolbar item, as `schema/plugin.json` places it.
 */
export const FREE_MEMORY_TOOLBAR_ITEM = 'memory-inspector-free-memory';

/**
 * Register the "Insert Free-Memory Cell" command, in the palette (also as "Insert and Run"),
 * and the notebook toolbar's "Free memory" button; the cell context menu gets it from
 * `schema/plugin.json`.
 *
 * Without a choice, the cell holds every suggestion expected to give memory back: one click
 * does the common thing, and the notification that follows offers to run it or to pick
 * suggestions in the panel.
 */
export function addFreeMemoryCommands(
  app: JupyterFrontEnd,
  tracker: INotebookTracker,
  inspector: IMemoryInspector,
  trans: TranslationBundle,
  translator: ITranslator | null,
  palette: ICommandPalette | null,
  toolbarRegistry: IToolbarWidgetRegistry | null,
  sessionDialogs: ISessionContextDialogs | null
): void {
  const { commands } = app;
  const refresh = () =>
    commands.notifyCommandChanged(CommandIDs.insertFreeMemoryCell);
  const context: IFreeMemoryContext = {
    inspector,
    sessionDialogs: sessionDialogs ?? undefined,
    translator: translator ?? undefined
  };

  const notify = (panel: NotebookPanel, outcome: FreeMemoryOutcome) => {
    const openPanel = {
      label: trans.__('Choose suggestions'),
      caption: trans.__(
        'Open the Memory Inspector to pick the suggestions that go into the cell.'
      ),
      callback: () => void commands.execute(CommandIDs.open)
    };
    switch (outcome.kind) {
      case 'inserted': {
        const count = outcome.reply.cell.suggestions.length;
        const predicted = formatBytes(outcome.reply.cell.predicted);
        const leftOut = leftOutText(outcome.reply, trans);
        if (outcome.ran) {
          Notification.success(
            trans._n(
              'Inserted and ran a free-memory cell below %2 with %1 suggestion, about %3 expected back.',
              'Inserted and ran a free-memory cell below %2 with %1 suggestions, about %3 expected back.',
              count,
              outcome.below,
              predicted
            ) +
              ' ' +
              (leftOut || trans.__('Its badge shows what it returned.')),
            { autoClose: 6000 }
          );
          return;
        }
        Notification.success(
          trans._n(
            'Inserted a free-memory cell below %2 with %1 suggestion, about %3 expected back.',
            'Inserted a free-memory cell below %2 with %1 suggestions, about %3 expected back.',
            count,
            outcome.below,
            predicted
          ) +
            ' ' +
            (leftOut || trans.__('Read it, then run it.')),
          {
            autoClose: 8000,
            actions: [
              {
                label: trans.__('Run it'),
                caption: trans.__('Run the free-memory cell now.'),
                displayType: 'accent',
                callback: () => void runCell(panel, outcome.cellId, context)
              },
              openPanel
            ]
          }
        );
        return;
      }
      case 'nothing':
        Notification.info(nothingToFreeText(outcome.reply, trans), {
          autoClose: 8000,
          actions: [openPanel]
        });
        return;
      case 'changed':
        Notification.warning(
          trans.__(
            "No cell inserted: the kernel's memory changed since these suggestions were made. Look at them again in the Memory Inspector."
          ),
          { autoClose: 8000, actions: [openPanel] }
        );
        return;
      case 'pending':
        return;
    }
  };

  commands.addCommand(CommandIDs.insertFreeMemoryCell, {
    label: args =>
      args.run === true
        ? trans.__('Insert and Run Free-Memory Cell')
        : args.toolbar === true
          ? trans.__('Free memory')
          : trans.__('Insert Free-Memory Cell'),
    caption: args =>
      args.run === true
        ? trans.__(
            'Insert below the active cell a commented cell that frees the memory the suggestions point at, and run it.'
          )
        : trans.__(
            'Insert below the active cell a commented cell that frees the memory the suggestions point at (every suggestion expected to give memory back). It does not run until you run it.'
          ),
    icon: args => (args.isPalette === true ? undefined : freeMemoryIcon),
    isEnabled: () => {
      const panel = tracker.currentWidget;
      const monitor = currentKernelMemory(tracker, inspector)?.monitor;
      return (
        panel !== null &&
        monitor?.state === 'active' &&
        monitor.probe !== null &&
        !isInserting(panel)
      );
    },
    describedBy: {
      args: {
        type: 'object',
        properties: {
          choose: {
            type: 'array',
            items: { type: 'string' },
            description:
              'The ids of the suggestions to put in the cell; absent: every suggestion expected to give memory back.'
          },
          run: {
            type: 'boolean',
            description: 'Run the cell once it is inserted (default: false).'
          }
        }
      }
    },
    execute: async (
      args: ReadonlyPartialJSONObject
    ): Promise<FreeMemoryOutcome | undefined> => {
      const panel = tracker.currentWidget;
      if (!panel) {
        return undefined;
      }
      const choose = Array.isArray(args.choose)
        ? (args.choose.filter(id => typeof id === 'string') as string[])
        : undefined;
      try {
        const inserting = freeMemory(panel, context, {
          choose,
          run: args.run === true
        });
        // Disabled until the cell is in: a second click would insert a second cell.
        refresh();
        const outcome = await inserting;
        notify(panel, outcome);
        return outcome;
      } catch (error) {
        const busy = isBusyError(error);
        const message = trans.__(
          'No free-memory cell inserted: %1',
          errorWords(error, trans)
        );
        if (busy) {
          Notification.warning(message, { autoClose: 8000 });
        } else {
          Notification.error(message, { autoClose: false });
        }
        return undefined;
      } finally {
        refresh();
      }
    }
  });

  palette?.addItem({
    command: CommandIDs.insertFreeMemoryCell,
    category: trans.__('Memory Inspector')
  });
  palette?.addItem({
    command: CommandIDs.insertFreeMemoryCell,
    args: { run: true },
    category: trans.__('Memory Inspector')
  });

  // A button with its label: a memory chip alone would not say what it does.
  toolbarRegistry?.addFactory<NotebookPanel>(
    'Notebook',
    FREE_MEMORY_TOOLBAR_ITEM,
    () =>
      new CommandToolbarButton({
        commands,
        id: CommandIDs.insertFreeMemoryCell,
        args: { toolbar: true },
        icon: freeMemoryIcon,
        label: trans.__('Free memory')
      })
  );

  // Whether the command can run depends on the kernel's monitor, which changes without it.
  tracker.currentChanged.connect(refresh);
  inspector.monitorChanged.connect(refresh);
}
