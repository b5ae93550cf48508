import { DocumentRegistry } from '@jupyterlab/docregistry';
import { INotebookModel, NotebookPanel } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';
import { IDisposable } from '@lumino/disposable';

import { IMemoryInspector } from '../tokens';
import { NotebookBadges } from './notebookBadges';

/**
 * Adds memory badges to the code cells of every notebook.
 */
export class CellBadgesExtension implements DocumentRegistry.IWidgetExtension<
  NotebookPanel,
  INotebookModel
> {
  constructor(
    private readonly _inspector: IMemoryInspector,
    private readonly _trans: TranslationBundle
  ) {}

  createNew(panel: NotebookPanel): IDisposable {
    return new NotebookBadges(panel, this._inspector, this._trans);
  }
}
