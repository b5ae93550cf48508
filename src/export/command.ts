import { JupyterFrontEnd } from '@jupyterlab/application';
import {
  Dialog,
  ICommandPalette,
  Notification,
  showDialog
} from '@jupyterlab/apputils';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';
import { downloadIcon } from '@jupyterlab/ui-components';
import { ReadonlyPartialJSONObject } from '@lumino/coreutils';

import { notebookCells, snapshotCells } from '../model/notebookCells';
import { currentKernelMemory } from '../model/activeKernel';
import { errorWords } from '../util/message';
import { ExportDialogBody } from './dialog';
import {
  IExportChoice,
  isReportFormat,
  REPORT_FORMATS,
  reportRequest
} from './formats';
import { CommandIDs, IMemoryInspector } from '../tokens';

/**
 * Hand a file to the browser as a download.
 */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The browser reads the URL after the click returns: revoking it at once can cancel the
  // download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/**
 * Register "Export Memory Report…": a dialog picks the rendering and whether to download the
 * file or save it beside the notebook. With both `format` and `save` in its arguments it
 * asks nothing.
 */
export function addExportCommand(
  app: JupyterFrontEnd,
  tracker: INotebookTracker,
  inspector: IMemoryInspector,
  trans: TranslationBundle,
  palette: ICommandPalette | null
): void {
  const { commands } = app;
  // The dialog opens on the last choice: a user who exports often exports the same way.
  let lastChoice: IExportChoice = { format: 'html', save: false };

  const ask = async (panel: NotebookPanel): Promise<IExportChoice | null> => {
    const body = new ExportDialogBody(
      lastChoice,
      panel.context.localPath,
      trans
    );
    const result = await showDialog<IExportChoice>({
      title: trans.__('Export Memory Report'),
      body,
      buttons: [
        Dialog.cancelButton({ label: trans.__('Cancel') }),
        Dialog.okButton({ label: trans.__('Export') })
      ],
      focusNodeSelector: 'input[type="radio"]:checked'
    });
    return result.button.accept ? result.value : null;
  };

  commands.addCommand(CommandIDs.exportReport, {
    label: args =>
      args.toolbar === true
        ? trans.__('Export report')
        : trans.__('Export Memory Report…'),
    caption: trans.__(
      "Export the memory report of the current notebook's kernel session, as HTML, JSON, CSV or Markdown: download it, or save it beside the notebook."
    ),
    icon: args => (args.isPalette === true ? undefined : downloadIcon),
    isEnabled: () =>
      tracker.currentWidget !== null &&
      (currentKernelMemory(tracker, inspector)?.monitor ?? null) !== null,
    describedBy: {
      args: {
        type: 'object',
        properties: {
          format: {
            type: 'string',
            enum: [...REPORT_FORMATS],
            description:
              'The rendering; with `save` too, the dialog is not shown.'
          },
          save: {
            type: 'boolean',
            description:
              'true: save beside the notebook; false: download. With `format` too, the dialog is not shown.'
          }
        }
      }
    },
    execute: async (
      args: ReadonlyPartialJSONObject
    ): Promise<string | undefined> => {
      const panel = tracker.currentWidget;
      const kernelId = panel?.sessionContext.session?.kernel?.id;
      if (!panel?.model || !kernelId) {
        return undefined;
      }
      const choice =
        isReportFormat(args.format) && typeof args.save === 'boolean'
          ? { format: args.format, save: args.save }
          : await ask(panel);
      if (!choice) {
        return undefined;
      }
      lastChoice = choice;
      const request = reportRequest(
        choice,
        panel.context.localPath,
        notebookCells(snapshotCells(panel.model))
      );
      try {
        const exported = await inspector.exportReport(kernelId, request);
        if (exported.kind === 'download') {
          downloadBlob(exported.blob, exported.filename);
          Notification.success(
            trans.__('Memory report downloaded as %1.', exported.filename),
            { autoClose: 4000 }
          );
          return exported.filename;
        }
        const path = exported.path;
        Notification.success(trans.__('Memory report saved as %1.', path), {
          autoClose: 8000,
          actions: [
            {
              label: trans.__('Open'),
              caption: trans.__('Open the report in JupyterLab.'),
              callback: () => void commands.execute('docmanager:open', { path })
            }
          ]
        });
        return path;
      } catch (error) {
        Notification.error(
          trans.__(
            'Could not export the memory report: %1',
            errorWords(error, trans)
          ),
          { autoClose: false }
        );
        return undefined;
      }
    }
  });

  palette?.addItem({
    command: CommandIDs.exportReport,
    category: trans.__('Memory Inspector')
  });

  // Whether there is a report to export depends on the current notebook's kernel.
  const refresh = () => commands.notifyCommandChanged(CommandIDs.exportReport);
  tracker.currentChanged.connect(refresh);
  inspector.monitorChanged.connect(refresh);
}
