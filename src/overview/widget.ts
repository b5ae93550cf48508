import { Dialog, showDialog } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';

import { IKernelOverview } from '../model/overview';
import { OverviewKernel, OverviewReply } from '../schema';
import { formatBytes, formatPercent } from '../util/format';
import {
  cellText,
  columnLabel,
  COLUMNS,
  DEFAULT_SORT,
  ISortOrder,
  nextSort,
  sortKernels
} from './columns';

/**
 * What a row's buttons do beyond the model's kernel actions: they need the application's
 * documents and commands.
 */
export interface IOverviewActions {
  /**
   * Open (or show) the kernel's notebook or console.
   */
  open(kernel: OverviewKernel): Promise<void>;

  /**
   * Open the kernel's notebook and insert the free-memory cell below its active cell.
   */
  freeMemory(kernel: OverviewKernel): Promise<void>;
}

/**
 * Every running kernel in one table, sortable by each column, updated live.
 */
export class KernelOverviewWidget extends Widget {
  constructor(
    private readonly _model: IKernelOverview,
    private readonly _actions: IOverviewActions,
    private readonly _trans: TranslationBundle
  ) {
    super();
    this.addClass('jmi-Overview');
    this.id = 'jmi-kernel-overview';
    this.title.label = _trans.__('Kernels and Memory');
    this.title.closable = true;
    this._summary = document.createElement('p');
    this._summary.className = 'jmi-Overview-summary';
    this._table = document.createElement('table');
    this._table.className = 'jmi-Overview-table';
    this.node.append(this._summary, this._table);
    _model.changed.connect(this._render, this);
    this._render();
  }

  override dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._model.changed.disconnect(this._render, this);
    super.dispose();
  }

  /**
   * The order of the rows.
   */
  get sortOrder(): ISortOrder {
    return this._sort;
  }

  private _render(): void {
    const overview = this._model.overview;
    this._summary.textContent = this._summaryText(overview);
    this._table.replaceChildren(this._head(), this._body(overview));
  }

  private _summaryText(overview: OverviewReply | null): string {
    const trans = this._trans;
    if (!overview) {
      return trans.__('Waiting for the server…');
    }
    const count = trans._n(
      '%1 running kernel',
      '%1 running kernels',
      overview.kernels.length
    );
    const total = trans.__('%1 in all', formatBytes(overview.total));
    if (overview.share === null || overview.limit === null) {
      return `${count} · ${total}`;
    }
    const share =
      overview.limit_kind === 'limit'
        ? trans.__(
            '%1 of the %2 memory limit',
            formatPercent(overview.share),
            formatBytes(overview.limit)
          )
        : trans.__(
            "%1 of the host's %2",
            formatPercent(overview.share),
            formatBytes(overview.limit)
          );
    return `${count} · ${total} · ${share}`;
  }

  private _head(): HTMLTableSectionElement {
    const head = document.createElement('thead');
    const row = head.insertRow();
    for (const column of COLUMNS) {
      const cell = document.createElement('th');
      cell.dataset.column = column;
      const sorted = this._sort.column === column;
      cell.setAttribute(
        'aria-sort',
        sorted ? (this._sort.descending ? 'descending' : 'ascending') : 'none'
      );
      const button = document.createElement('button');
      button.className = 'jmi-Overview-sort';
      button.textContent =
        columnLabel(column, this._trans) +
        (sorted ? (this._sort.descending ? ' ▼' : ' ▲') : '');
      button.onclick = () => {
        this._sort = nextSort(this._sort, column);
        this._render();
      };
      cell.append(button);
      row.append(cell);
    }
    const actions = document.createElement('th');
    actions.className = 'jmi-Overview-actionsHead';
    actions.textContent = this._trans.__('Actions');
    row.append(actions);
    return head;
  }

  private _body(overview: OverviewReply | null): HTMLTableSectionElement {
    const body = document.createElement('tbody');
    if (!overview) {
      return body;
    }
    const now = overview.time;
    for (const kernel of sortKernels(overview.kernels, this._sort)) {
      const row = body.insertRow();
      row.className = 'jmi-Overview-row';
      row.dataset.kernelId = kernel.kernel_id;
      row.dataset.state = kernel.state;
      for (const column of COLUMNS) {
        const cell = row.insertCell();
        cell.dataset.column = column;
        // A narrow view shows each row as a card, with the column's name before its figure.
        cell.dataset.label = columnLabel(column, this._trans);
        cell.textContent = cellText(kernel, column, now, this._trans);
        if (column === 'path') {
          cell.title = `${kernel.path ?? ''} (${kernel.kernel_id})`;
        }
      }
      row.insertCell().append(this._buttons(kernel));
    }
    return body;
  }

  private _buttons(kernel: OverviewKernel): HTMLElement {
    const trans = this._trans;
    const box = document.createElement('span');
    box.className = 'jmi-Overview-actions';
    const add = (action: string, label: string, run: () => Promise<void>) => {
      const button = document.createElement('button');
      button.className = 'jp-mod-styled jmi-Overview-action';
      button.dataset.action = action;
      button.textContent = label;
      button.onclick = () => {
        run().catch(reason => {
          void showDialog({
            title: label,
            body: String(reason),
            buttons: [Dialog.okButton({ label: trans.__('OK') })]
          });
        });
      };
      box.append(button);
    };
    if (kernel.path) {
      add('open', trans.__('Open'), () => this._actions.open(kernel));
    }
    add('interrupt', trans.__('Interrupt'), () =>
      this._model.interrupt(kernel.kernel_id)
    );
    add('restart', trans.__('Restart'), () =>
      this._model.restart(kernel.kernel_id)
    );
    add('shutdown', trans.__('Shut Down'), () => this._shutdown(kernel));
    if (kernel.type === 'notebook' && kernel.path) {
      add('free-memory', trans.__('Free Memory…'), () =>
        this._actions.freeMemory(kernel)
      );
    }
    return box;
  }

  private async _shutdown(kernel: OverviewKernel): Promise<void> {
    const trans = this._trans;
    const result = await showDialog({
      title: trans.__('Shut down the kernel?'),
      body: kernel.path
        ? trans.__(
            'The kernel of %1 will be shut down, and what it holds in memory is lost.',
            kernel.path
          )
        : trans.__(
            'The kernel %1 will be shut down, and what it holds in memory is lost.',
            kernel.kernel_id
          ),
      buttons: [
        Dialog.cancelButton({ label: trans.__('Cancel') }),
        Dialog.warnButton({ label: trans.__('Shut Down') })
      ]
    });
    if (result.button.accept) {
      await this._model.shutdown(kernel.kernel_id);
    }
  }

  private _sort: ISortOrder = DEFAULT_SORT;
  private _summary: HTMLParagraphElement;
  private _table: HTMLTableElement;
}
