import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';

// Both are needed as soon as the plugins activate, so loading them lazily would gain nothing.
// eslint-disable-next-line jupyter/prefer-lazy-imports
import { CellBadgesExtension } from './badges';
// eslint-disable-next-line jupyter/prefer-lazy-imports
import { MemoryInspector } from './model';
import { readSettings } from './settings';
import { IMemoryInspector } from './tokens';

/**
 * The translation domain of this extension's strings.
 */
const TRANSLATION_DOMAIN = 'jupyterlab_memory_inspector';

/**
 * The model: kernel records from the server extension, and the settings.
 */
const modelPlugin: JupyterFrontEndPlugin<IMemoryInspector> = {
  id: 'jupyterlab-memory-inspector:plugin',
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
      // Not awaited: the badges start with the defaults rather than delay JupyterLab's start.
      void settingRegistry
        .load(modelPlugin.id)
        .then(settings => {
          const update = () =>
            inspector.updateSettings(readSettings(settings.composite));
          update();
          settings.changed.connect(update);
        })
        .catch(reason => {
          console.error(
            'jupyterlab-memory-inspector: could not load the settings',
            reason
          );
        });
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

export default [modelPlugin, badgesPlugin];
export { IMemoryInspector } from './tokens';
