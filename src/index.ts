import {
  ILabShell,
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  ICommandPalette,
  ISessionContextDialogs,
  IThemeManager,
  IToolbarWidgetRegistry
} from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IStatusBar } from '@jupyterlab/statusbar';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';

// All are needed as soon as the plugins activate, so loading them lazily would gain nothing.
// eslint-disable-next-line jupyter/prefer-lazy-imports
import { ActiveKernelMemory } from './model/activeKernel';
// eslint-disable-next-line jupyter/prefer-lazy-imports
import { addBudgetCommand } from './badges/budgetCommand';
// eslint-disable-next-line jupyter/prefer-lazy-imports
import { CellBadgesExtension } from './badges/extension';
// eslint-disable-next-line jupyter/prefer-lazy-imports
import { addKernelCommands } from './commands';
// eslint-disable-next-line jupyter/prefer-lazy-imports
import { addExportCommand } from './export/command';
// eslint-disable-next-line jupyter/prefer-lazy-imports
import { addFreeMemoryCommands } from './freeMemory/commands';
// eslint-disable-next-line jupyter/prefer-lazy-imports
import { LimitWarnings } from './status/limitWarning';
// eslint-disable-next-line jupyter/prefer-lazy-imports
import { MemoryInspector } from './model/inspector';
// eslint-disable-next-line jupyter/prefer-lazy-imports
import { addMemoryPanel } from './panel';
import { followSettings } from './model/settings';
// eslint-disable-next-line jupyter/prefer-lazy-imports
import { MemoryStatus } from './status/statusbar';
import { CommandIDs, IMemoryInspector, SETTINGS_PLUGIN_ID } from './tokens';
import { IKernelOverview, KernelOverview } from './model/overview';
// eslint-disable-next-line jupyter/prefer-lazy-imports
import { addKernelOverview, OPEN_OVERVIEW } from './overview';
// eslint-disable-next-line jupyter/prefer-lazy-imports
import { AllKernelsStatus } from './status/allKernels';

/**
 * The translation domain of this extension's strings.
 */
const TRANSLATION_DOMAIN = 'jupyterlab_memory_inspector';

/**
 * The model: kernel records from the server extension, and the settings.
 */
const modelPlugin: JupyterFrontEndPlugin<IMemoryInspector> = {
  id: SETTINGS_PLUGIN_ID,
  description:
    'Receives what each cell did to memory from the server extension, and holds the settings.',
  autoStart: true,
  provides: IMemoryInspector,
  optional: [ISettingRegistry],
  activate: (
    app: JupyterFrontEnd,
    settingRegistry: ISettingRegistry | null
  ): IMemoryInspector => {
    const inspector = new MemoryInspector(app.serviceManager.serverSettings);
    if (settingRegistry) {
      followSettings(settingRegistry, modelPlugin.id, inspector);
    }
    return inspector;
  }
};

/**
 * A badge on every code cell that has run: what the run did to memory, and its peak.
 */
const badgesPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-memory-inspector:badges',
  description: 'Shows on each code cell what its last run did to memory.',
  autoStart: true,
  requires: [IMemoryInspector],
  optional: [ITranslator],
  activate: (
    app: JupyterFrontEnd,
    inspector: IMemoryInspector,
    translator: ITranslator | null
  ): void => {
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    app.docRegistry.addWidgetExtension(
      'Notebook',
      new CellBadgesExtension(inspector, trans)
    );
  }
};

/**
 * The badge's menu: "Set Memory Budget…" edits the cell's own budget, which the badge shows.
 */
const badgeMenuPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-memory-inspector:badge-menu',
  description:
    "Adds to the cell badge's context menu an item that sets the cell's memory budget.",
  autoStart: true,
  requires: [INotebookTracker],
  optional: [ITranslator],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    translator: ITranslator | null
  ): void => {
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    addBudgetCommand(app, tracker, trans);
  }
};

/**
 * Commands on the current notebook's kernel and the settings toggles, in the palette.
 */
const commandsPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-memory-inspector:commands',
  description:
    "Commands that act on the current notebook's kernel (allocation tracing, garbage collection) and toggle the badges.",
  autoStart: true,
  requires: [IMemoryInspector, INotebookTracker],
  optional: [ICommandPalette, ITranslator, ISettingRegistry],
  activate: (
    app: JupyterFrontEnd,
    inspector: IMemoryInspector,
    tracker: INotebookTracker,
    palette: ICommandPalette | null,
    translator: ITranslator | null,
    settingRegistry: ISettingRegistry | null
  ): void => {
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    addKernelCommands(app, tracker, inspector, trans, palette, settingRegistry);
  }
};

/**
 * The memory side panel, following the active notebook's kernel.
 */
const panelPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-memory-inspector:panel',
  description:
    "A side panel with the active notebook's kernel memory: a timeline, the largest variables, suggestions to free memory, the garbage collector and allocation tracing, and the report export.",
  autoStart: true,
  requires: [IMemoryInspector, INotebookTracker],
  optional: [
    ITranslator,
    ICommandPalette,
    ILayoutRestorer,
    IThemeManager,
    ISessionContextDialogs
  ],
  activate: (
    app: JupyterFrontEnd,
    inspector: IMemoryInspector,
    tracker: INotebookTracker,
    translator: ITranslator | null,
    palette: ICommandPalette | null,
    restorer: ILayoutRestorer | null,
    themeManager: IThemeManager | null,
    sessionDialogs: ISessionContextDialogs | null
  ): void => {
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    addMemoryPanel(
      app,
      inspector,
      tracker,
      trans,
      translator,
      palette,
      restorer,
      themeManager,
      sessionDialogs
    );
  }
};

/**
 * The free-memory cell: a notebook toolbar button, a palette command and a cell context-menu
 * item insert the suggestions below the active cell.
 */
const freeMemoryPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-memory-inspector:free-memory',
  description:
    'Inserts below the active cell a commented cell that frees the memory the suggestions point at: from the notebook toolbar, the palette and the cell context menu.',
  autoStart: true,
  requires: [IMemoryInspector, INotebookTracker],
  optional: [
    ITranslator,
    ICommandPalette,
    IToolbarWidgetRegistry,
    ISessionContextDialogs
  ],
  activate: (
    app: JupyterFrontEnd,
    inspector: IMemoryInspector,
    tracker: INotebookTracker,
    translator: ITranslator | null,
    palette: ICommandPalette | null,
    toolbarRegistry: IToolbarWidgetRegistry | null,
    sessionDialogs: ISessionContextDialogs | null
  ): void => {
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    addFreeMemoryCommands(
      app,
      tracker,
      inspector,
      trans,
      translator,
      palette,
      toolbarRegistry,
      sessionDialogs
    );
  }
};

/**
 * "Export Memory Report…": the kernel session's report, downloaded or saved beside the
 * notebook.
 */
const exportPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-memory-inspector:export',
  description:
    "Exports the memory report of the current notebook's kernel session as HTML, JSON, CSV or Markdown: downloaded, or saved beside the notebook.",
  autoStart: true,
  requires: [IMemoryInspector, INotebookTracker],
  optional: [ITranslator, ICommandPalette],
  activate: (
    app: JupyterFrontEnd,
    inspector: IMemoryInspector,
    tracker: INotebookTracker,
    translator: ITranslator | null,
    palette: ICommandPalette | null
  ): void => {
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    addExportCommand(app, tracker, inspector, trans, palette);
  }
};

/**
 * The status bar item with the active kernel's memory and limit.
 */
const statusPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-memory-inspector:status',
  description:
    "Shows the active notebook's kernel memory and its limit in the status bar.",
  autoStart: true,
  requires: [IMemoryInspector, INotebookTracker],
  optional: [IStatusBar, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    inspector: IMemoryInspector,
    tracker: INotebookTracker,
    statusBar: IStatusBar | null,
    translator: ITranslator | null
  ): void => {
    if (!statusBar) {
      return;
    }
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    const item = new MemoryStatus(
      new ActiveKernelMemory(tracker, inspector, app.shell),
      trans,
      () => void app.commands.execute(CommandIDs.open)
    );
    statusBar.registerStatusItem(statusPlugin.id, {
      item,
      align: 'left',
      rank: 4,
      isActive: () => item.hasSummary,
      activeStateChanged: item.activeStateChanged
    });
  }
};

/**
 * Notifications when a kernel's memory nears its limit.
 */
const limitWarningPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-memory-inspector:limit-warning',
  description:
    "Warns when a kernel's memory passes the share of its limit set in the settings.",
  autoStart: true,
  requires: [IMemoryInspector, INotebookTracker],
  optional: [ITranslator],
  activate: (
    app: JupyterFrontEnd,
    inspector: IMemoryInspector,
    tracker: INotebookTracker,
    translator: ITranslator | null
  ): void => {
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    // Lives as long as the application.
    new LimitWarnings(inspector, tracker, app.commands, trans);
  }
};

/**
 * Every running kernel at a glance: one live overview from the server, its view, and its
 * total in the status bar.
 */
const overviewPlugin: JupyterFrontEndPlugin<IKernelOverview> = {
  id: 'jupyterlab-memory-inspector:overview',
  description:
    'Shows every running kernel with its notebook or console, state, memory, peak and last cell, and the total in the status bar.',
  autoStart: true,
  provides: IKernelOverview,
  requires: [IMemoryInspector],
  optional: [ICommandPalette, IStatusBar, ITranslator, ILabShell],
  activate: (
    app: JupyterFrontEnd,
    inspector: IMemoryInspector,
    palette: ICommandPalette | null,
    statusBar: IStatusBar | null,
    translator: ITranslator | null,
    labShell: ILabShell | null
  ): IKernelOverview => {
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    const overview = new KernelOverview(
      app.serviceManager.serverSettings,
      app.serviceManager.kernels
    );
    addKernelOverview(app, overview, trans, palette, labShell !== null);
    if (statusBar) {
      const item = new AllKernelsStatus(
        overview,
        inspector,
        trans,
        () => void app.commands.execute(OPEN_OVERVIEW)
      );
      statusBar.registerStatusItem(overviewPlugin.id, {
        item,
        align: 'left',
        rank: 5,
        isActive: () => item.hasKernels,
        activeStateChanged: item.activeStateChanged
      });
    }
    return overview;
  }
};

export default [
  modelPlugin,
  overviewPlugin,
  badgesPlugin,
  badgeMenuPlugin,
  commandsPlugin,
  panelPlugin,
  statusPlugin,
  limitWarningPlugin,
  freeMemoryPlugin,
  exportPlugin
];
export { IMemoryInspector } from './tokens';
