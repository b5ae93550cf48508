import { JupyterFrontEnd } from '@jupyterlab/application';
import { ICommandPalette, Notification } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { TranslationBundle } from '@jupyterlab/translation';

import { formatFreed } from './util/format';
import { errorWords } from './util/message';
import { isBusyError } from './model/errors';
import { CollectReply } from './schema';
import { currentKernelMemory } from './model/activeKernel';
import { CommandIDs, IMemoryInspector, SETTINGS_PLUGIN_ID } from './tokens';

/**
 * Register the commands that act on the current notebook's kernel, and the settings toggles.
 */
export function addKernelCommands(
  app: JupyterFrontEnd,
  tracker: INotebookTracker,
  inspector: IMemoryInspector,
  trans: TranslationBundle,
  palette: ICommandPalette | null,
  settingRegistry: ISettingRegistry | null
): void {
  const { commands } = app;
  const category = trans.__('Memory Inspector');
  const noArgs = { args: { type: 'object', properties: {} } };
  const activeMonitor = () => currentKernelMemory(tracker, inspector)?.monitor;
  const probeConfig = () => activeMonitor()?.probe?.config;

  commands.addCommand(CommandIDs.toggleTracing, {
    label: trans.__('Trace Python Allocations (tracemalloc)'),
    caption: trans.__(
      "Trace the kernel's Python allocations to see each cell's heap and its top allocating lines; allocation-heavy code runs several times slower while it is on."
    ),
    isEnabled: () => probeConfig() !== undefined,
    isToggled: () => probeConfig()?.tracing === true,
    describedBy: noArgs,
    execute: async () => {
      const memory = currentKernelMemory(tracker, inspector);
      const config = memory?.monitor?.probe?.config;
      if (!memory || !config) {
        return;
      }
      const tracing = !config.tracing;
      try {
        const reply = await inspector.configure(memory.kernelId, {
          tracing,
          nframes: inspector.settings.traceFrames
        });
        if (!reply.applied) {
          Notification.info(
            tracing
              ? trans.__(
                  'Allocation tracing starts when the running cell finishes.'
                )
              : trans.__(
                  'Allocation tracing stops when the running cell finishes.'
                ),
            { autoClose: 5000 }
          );
        }
      } catch (error) {
        Notification.error(
          trans.__(
            'Could not change allocation tracing: %1',
            errorWords(error, trans)
          )
        );
      }
      commands.notifyCommandChanged(CommandIDs.toggleTracing);
    }
  });

  commands.addCommand(CommandIDs.collectGarbage, {
    label: trans.__('Collect Garbage Now'),
    caption: trans.__(
      "Run a full gc.collect() in the current notebook's kernel and report what it freed."
    ),
    isEnabled: () => {
      const monitor = activeMonitor();
      const kernel = tracker.currentWidget?.sessionContext.session?.kernel;
      return (
        monitor?.state === 'active' &&
        monitor.probe !== null &&
        kernel?.status !== 'busy'
      );
    },
    describedBy: noArgs,
    execute: async (): Promise<CollectReply | undefined> => {
      const memory = currentKernelMemory(tracker, inspector);
      if (!memory) {
        return undefined;
      }
      try {
        const reply = await inspector.collect(memory.kernelId);
        const freed = reply.rss_before - reply.rss_after;
        Notification.success(
          trans._n(
            'Garbage collection: %1 object collected, %2 of memory returned.',
            'Garbage collection: %1 objects collected, %2 of memory returned.',
            reply.collected,
            formatFreed(freed)
          ),
          { autoClose: 5000 }
        );
        return reply;
      } catch (error) {
        const busy = isBusyError(error);
        Notification.warning(
          busy
            ? trans.__(
                'Could not collect garbage: %1',
                errorWords(error, trans)
              )
            : trans.__(
                'Garbage collection failed: %1',
                errorWords(error, trans)
              ),
          { autoClose: 8000 }
        );
        return undefined;
      }
    }
  });

  const toggleSetting = (
    id: string,
    key: 'showBadges' | 'saveToMetadata',
    label: string,
    caption: string
  ) => {
    commands.addCommand(id, {
      label,
      caption,
      isEnabled: () => settingRegistry !== null,
      isToggled: () => inspector.settings[key],
      describedBy: noArgs,
      execute: async () => {
        await settingRegistry?.set(
          SETTINGS_PLUGIN_ID,
          key,
          !inspector.settings[key]
        );
      }
    });
  };
  toggleSetting(
    CommandIDs.toggleBadges,
    'showBadges',
    trans.__('Show Memory Badges on Cells'),
    trans.__('Show on each code cell what its last run did to memory.')
  );
  toggleSetting(
    CommandIDs.toggleSaveToMetadata,
    'saveToMetadata',
    trans.__('Save Memory Records into the Notebook'),
    trans.__(
      "Save each cell's memory record in its metadata, so that a shared notebook carries its memory profile."
    )
  );

  for (const command of [
    CommandIDs.toggleTracing,
    CommandIDs.collectGarbage,
    CommandIDs.toggleBadges,
    CommandIDs.toggleSaveToMetadata
  ]) {
    palette?.addItem({ command, category });
  }

  // The toggles' states come from the kernel's monitor and the settings, which change
  // without a command run.
  const refresh = () => {
    commands.notifyCommandChanged(CommandIDs.toggleTracing);
    commands.notifyCommandChanged(CommandIDs.collectGarbage);
  };
  tracker.currentChanged.connect(refresh);
  inspector.monitorChanged.connect(refresh);
  inspector.settingsChanged.connect(() => {
    commands.notifyCommandChanged(CommandIDs.toggleBadges);
    commands.notifyCommandChanged(CommandIDs.toggleSaveToMetadata);
  });
}
