import { Dialog } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import * as React from 'react';

import {
  formatLabel,
  IExportChoice,
  REPORT_FORMATS,
  savedReportPath
} from './formats';
import { reportFileName } from '../model/report';

/**
 * The export dialog's form: the rendering, and download or save.
 */
export class ExportDialogBody
  extends ReactWidget
  implements Dialog.IBodyWidget<IExportChoice>
{
  constructor(
    private _choice: IExportChoice,
    private readonly _notebookPath: string,
    private readonly _trans: TranslationBundle
  ) {
    super();
    this.addClass('jmi-ExportDialog');
  }

  getValue(): IExportChoice {
    return { ...this._choice };
  }

  protected render(): React.ReactElement {
    const trans = this._trans;
    const choice = this._choice;
    const set = (change: Partial<IExportChoice>) => {
      this._choice = { ...this._choice, ...change };
      this.update();
    };
    return (
      <form
        className="jmi-ExportDialog-form"
        onSubmit={e => e.preventDefault()}
      >
        <fieldset className="jmi-ExportDialog-group">
          <legend>{trans.__('Format')}</legend>
          {REPORT_FORMATS.map(format => (
            <label key={format} className="jmi-ExportDialog-option">
              <input
                type="radio"
                name="jmi-export-format"
                value={format}
                checked={choice.format === format}
                onChange={() => set({ format })}
              />
              {formatLabel(format, trans)}
            </label>
          ))}
        </fieldset>
        <fieldset className="jmi-ExportDialog-group">
          <legend>{trans.__('Destination')}</legend>
          <label className="jmi-ExportDialog-option">
            <input
              type="radio"
              name="jmi-export-destination"
              value="download"
              checked={!choice.save}
              onChange={() => set({ save: false })}
            />
            {trans.__(
              'Download %1',
              reportFileName(this._notebookPath, choice.format)
            )}
          </label>
          <label className="jmi-ExportDialog-option">
            <input
              type="radio"
              name="jmi-export-destination"
              value="save"
              checked={choice.save}
              onChange={() => set({ save: true })}
            />
            {trans.__(
              'Save beside the notebook as %1',
              savedReportPath(this._notebookPath, choice.format)
            )}
          </label>
        </fieldset>
      </form>
    );
  }
}
