import { ISessionContext } from '@jupyterlab/apputils';
import { Cell } from '@jupyterlab/cells';
import { IChangedArgs } from '@jupyterlab/coreutils';
import { DocumentRegistry } from '@jupyterlab/docregistry';
import { INotebookModel, NotebookPanel } from '@jupyterlab/notebook';
import { Kernel } from '@jupyterlab/services';
import { TranslationBundle } from '@jupyterlab/translation';
import { IDisposable } from '@lumino/disposable';

import { badgeText } from './format';
import { KernelMemory } from './kernelMemory';
import { CellRecord } from './schema';
import { IMemoryInspector } from './tokens';

/**
 * The class of a cell's memory badge.
 */
export const BADGE_CLASS = 'jmi-Badge';

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

/**
 * The badges of one notebook: each code cell shows what its last run did to memory, from the
 * records of the notebook's kernel, matched by cell id (never by timing, so that Run All,
 * moved cells and a page reload all put every badge on its own cell).
 */
export class NotebookBadges implements IDisposable {
  constructor(
    private readonly _panel: NotebookPanel,
    private readonly _inspector: IMemoryInspector,
    private readonly _trans: TranslationBundle
  ) {
    const session = _panel.sessionContext;
    session.kernelChanged.connect(this._onKernelChanged, this);
    this._follow(session.session?.kernel ?? null);
    _panel.content.modelChanged.connect(this._onModelChanged, this);
    this._onModelChanged();
    _inspector.settingsChanged.connect(this._renderAll, this);
    _panel.disposed.connect(this.dispose, this);
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._follow(null);
    this._panel.sessionContext.kernelChanged.disconnect(
      this._onKernelChanged,
      this
    );
    this._panel.content.modelChanged.disconnect(this._onModelChanged, this);
    this._panel.model?.cells.changed.disconnect(this._scheduleRenderAll, this);
    this._inspector.settingsChanged.disconnect(this._renderAll, this);
  }

  private _onKernelChanged(
    _: ISessionContext,
    change: IChangedArgs<Kernel.IKernelConnection | null>
  ): void {
    this._follow(change.newValue);
  }

  private _follow(kernel: Kernel.IKernelConnection | null): void {
    if (this._memory?.kernelId === kernel?.id) {
      return;
    }
    if (this._memory) {
      this._memory.recordsAdded.disconnect(this._onRecords, this);
      this._inspector.release(this._memory);
      this._memory = null;
    }
    if (kernel && !this._isDisposed) {
      this._memory = this._inspector.acquire(kernel.id);
      this._memory.recordsAdded.connect(this._onRecords, this);
    }
    this._renderAll();
  }

  private _onModelChanged(): void {
    this._panel.model?.cells.changed.connect(this._scheduleRenderAll, this);
    this._scheduleRenderAll();
  }

  private _onRecords(_: KernelMemory, records: readonly CellRecord[]): void {
    const cellIds = new Set<string>();
    for (const record of records) {
      if (record.cell_id !== null) {
        cellIds.add(record.cell_id);
      }
    }
    if (cellIds.size === 0) {
      return;
    }
    for (const cell of this._panel.content.widgets) {
      if (cellIds.has(cell.model.id)) {
        this._render(cell);
      }
    }
  }

  private _scheduleRenderAll(): void {
    // Cells added or moved get their widgets after the model changes; render once they exist.
    if (this._renderPending) {
      return;
    }
    this._renderPending = true;
    requestAnimationFrame(() => {
      this._renderPending = false;
      this._renderAll();
    });
  }

  private _renderAll(): void {
    if (this._isDisposed) {
      return;
    }
    for (const cell of this._panel.content.widgets) {
      this._render(cell);
    }
  }

  private _render(cell: Cell): void {
    const record =
      this._inspector.settings.showBadges && cell.model.type === 'code'
        ? this._memory?.latestForCell(cell.model.id)
        : undefined;
    const existing = cell.node.querySelector<HTMLElement>(`.${BADGE_CLASS}`);
    if (!record) {
      existing?.remove();
      return;
    }
    const host = cell.inputArea?.editorWidget.node;
    if (!host) {
      void cell.ready.then(() => this._render(cell));
      return;
    }
    const badge = existing ?? createBadge();
    if (badge.parentElement !== host) {
      host.appendChild(badge);
    }
    fillBadge(badge, record, this._trans);
  }

  private _memory: KernelMemory | null = null;
  private _renderPending = false;
  private _isDisposed = false;
}

/**
 * An empty badge, to be filled by `fillBadge`.
 */
export function createBadge(): HTMLElement {
  const badge = document.createElement('div');
  badge.className = BADGE_CLASS;
  const delta = document.createElement('span');
  delta.className = 'jmi-Badge-delta';
  const peak = document.createElement('span');
  peak.className = 'jmi-Badge-peak';
  badge.append(delta, peak);
  return badge;
}

/**
 * Fill a badge from a record; the data attributes let tests and styles read the figures.
 */
export function fillBadge(
  badge: HTMLElement,
  record: CellRecord,
  trans: TranslationBundle
): void {
  const text = badgeText(record, trans);
  badge.querySelector('.jmi-Badge-delta')!.textContent = text.delta;
  badge.querySelector('.jmi-Badge-peak')!.textContent = text.peak;
  badge.title = text.tooltip;
  badge.dataset.cellId = record.cell_id ?? '';
  badge.dataset.executionCount = String(record.execution_count ?? '');
  badge.dataset.msgId = record.msg_id ?? '';
  badge.dataset.rssDelta = String(record.rss_delta);
  badge.dataset.peak = String(record.peak);
  badge.classList.toggle('jmi-mod-grew', record.rss_delta > 0);
  badge.classList.toggle('jmi-mod-shrank', record.rss_delta < 0);
  badge.classList.toggle('jmi-mod-raised', record.raised);
}
