import { ISessionContext } from '@jupyterlab/apputils';
import { Cell, ICellModel } from '@jupyterlab/cells';
import { IChangedArgs } from '@jupyterlab/coreutils';
import { NotebookPanel } from '@jupyterlab/notebook';
import { Kernel } from '@jupyterlab/services';
import { TranslationBundle } from '@jupyterlab/translation';
import { IDisposable } from '@lumino/disposable';
import { Signal } from '@lumino/signaling';

import {
  FREE_METADATA_KEY,
  readFreeCellMetadata
} from '../freeMemory/metadata';
import { DeathCells } from '../model/deathCells';
import { deathDismissals } from '../model/deathDismissals';
import { CellRecord } from '../schema';
import { IKernelMemory, IMemoryInspector } from '../tokens';
import { BADGE_CLASS, createBadge, fillBadge } from './badge';
import { fillDeathNote } from './deathNote';
import { cellBudget, fillLeakAndBudget, isBudgetKey } from './leakBudget';
import {
  isSameRun,
  METADATA_KEY,
  readSavedRecord,
  recordForMetadata,
  SavedRecord
} from './metadata';
import { RecordOrigin } from './text';

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
    // A session that ends (a server restart takes it) changes no kernel, but leaves none.
    session.sessionChanged.connect(this._onSessionChanged, this);
    this._follow(session.session?.kernel ?? null);
    _panel.content.modelChanged.connect(this._onModelChanged, this);
    this._onModelChanged();
    _inspector.settingsChanged.connect(this._onSettings, this);
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
    this._panel.sessionContext.sessionChanged.disconnect(
      this._onSessionChanged,
      this
    );
    this._panel.content.modelChanged.disconnect(this._onModelChanged, this);
    this._panel.model?.cells.changed.disconnect(this._onCellsChanged, this);
    this._inspector.settingsChanged.disconnect(this._onSettings, this);
    Signal.disconnectReceiver(this);
  }

  private _onKernelChanged(
    _: ISessionContext,
    change: IChangedArgs<Kernel.IKernelConnection | null>
  ): void {
    this._follow(change.newValue);
  }

  private _onSessionChanged(context: ISessionContext): void {
    this._follow(context.session?.kernel ?? null);
  }

  private _follow(kernel: Kernel.IKernelConnection | null): void {
    if (this._memory?.kernelId === kernel?.id) {
      return;
    }
    if (this._memory) {
      // The runs outlive the kernel, which a kernel change or a server restart takes away:
      // each cell keeps its badge, greyed, until it runs in the new kernel.
      for (const cell of this._panel.content.widgets) {
        const record = this._memory.latestForCell(cell.model.id);
        if (record) {
          this._earlier.set(cell.model.id, record);
        }
      }
      this._memory.recordsAdded.disconnect(this._onRecords, this);
      this._memory.monitorChanged.disconnect(this._onMonitor, this);
      this._inspector.release(this._memory);
      this._memory = null;
      this._deaths?.dispose();
      this._deaths = null;
    }
    if (kernel && !this._isDisposed) {
      this._memory = this._inspector.acquire(kernel.id);
      this._memory.recordsAdded.connect(this._onRecords, this);
      this._memory.monitorChanged.connect(this._onMonitor, this);
      this._deaths = new DeathCells(kernel, this._memory, deathDismissals);
      this._deaths.changed.connect(this._onDeaths, this);
    }
    this._session = this._memory?.currentSession ?? null;
    this._renderAll();
  }

  private _onMonitor(memory: IKernelMemory): void {
    // A restart turns every badge of the old process grey; nothing else in a monitor
    // change shows on a badge.
    if (memory.currentSession !== this._session) {
      this._session = memory.currentSession;
      this._renderAll();
    }
  }

  private _onDeaths(_: DeathCells, cellIds: readonly string[]): void {
    const cells = this._cellsById();
    for (const cellId of cellIds) {
      const cell = cells.get(cellId);
      if (cell) {
        this._render(cell);
      }
    }
  }

  private _onModelChanged(): void {
    this._panel.model?.cells.changed.connect(this._onCellsChanged, this);
    this._onCellsChanged();
  }

  private _onRecords(_: IKernelMemory, records: readonly CellRecord[]): void {
    const cellIds = new Set<string>();
    for (const record of records) {
      if (record.cell_id !== null) {
        cellIds.add(record.cell_id);
      }
    }
    if (cellIds.size === 0) {
      return;
    }
    const save = this._inspector.settings.saveToMetadata;
    const cells = this._cellsById();
    for (const cellId of cellIds) {
      const cell = cells.get(cellId);
      if (cell) {
        if (save) {
          this._save(cell);
        }
        this._render(cell);
      }
    }
  }

  /**
   * The notebook's cells by id: Run All brings a record per cell, and looking each one up
   * among all the cells made a long notebook's Run All quadratic.
   */
  private _cellsById(): Map<string, Cell> {
    if (!this._cellIndex) {
      this._cellIndex = new Map();
      for (const cell of this._panel.content.widgets) {
        this._cellIndex.set(cell.model.id, cell);
      }
    }
    return this._cellIndex;
  }

  private _onSettings(): void {
    if (this._inspector.settings.saveToMetadata) {
      // Switched on: the runs measured so far are saved too, not only the next ones.
      for (const cell of this._panel.content.widgets) {
        this._save(cell);
      }
    }
    this._renderAll();
  }

  private _save(cell: Cell): void {
    const record = this._memory?.latestForCell(cell.model.id);
    if (!record || !this._memory?.isCurrent(record)) {
      return;
    }
    const saved = readSavedRecord(cell.model.getMetadata(METADATA_KEY));
    if (!isSameRun(saved, record)) {
      cell.model.setMetadata(METADATA_KEY, recordForMetadata(record));
    }
  }

  private _onCellsChanged(): void {
    this._cellIndex = null;
    this._scheduleRenderAll();
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

  /**
   * What a cell's badge shows: the newest run of the cell in this kernel, or else its newest
   * run in a kernel the notebook used before, or else the run saved in its metadata.
   */
  private _shown(
    cell: Cell
  ): { record: SavedRecord; origin: RecordOrigin } | null {
    if (!this._inspector.settings.showBadges || cell.model.type !== 'code') {
      return null;
    }
    const live = this._memory?.latestForCell(cell.model.id);
    if (live) {
      return {
        record: live,
        origin: this._memory!.isCurrent(live) ? 'live' : 'restarted'
      };
    }
    const earlier = this._earlier.get(cell.model.id);
    if (earlier) {
      return { record: earlier, origin: 'earlier' };
    }
    const saved = readSavedRecord(cell.model.getMetadata(METADATA_KEY));
    return saved ? { record: saved, origin: 'saved' } : null;
  }

  private _render(cell: Cell): void {
    const died = this._inspector.settings.showBadges
      ? this._deaths?.forCell(cell.model.id)
      : undefined;
    // The run the kernel died in (made from the server's last readings) tells the death's
    // story: it goes with the death, when the user dismisses it.
    const latest = this._shown(cell);
    const shown = latest?.record.death && !died ? null : latest;
    const existing = cell.node.querySelector<HTMLElement>(`.${BADGE_CLASS}`);
    if (!shown && !died) {
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
    if (!shown) {
      fillDeathNote(badge, died!.death, this._trans, true);
      return;
    }
    fillBadge(
      badge,
      shown.record,
      this._trans,
      shown.origin,
      this._inspector.settings.thresholds,
      readFreeCellMetadata(cell.model.getMetadata(FREE_METADATA_KEY))
    );
    // A budget edited from the badge's menu, or typed as a tag, shows at once.
    cell.model.metadataChanged.connect(this._onMetadataChanged, this);
    const verdict =
      shown.origin === 'live'
        ? this._memory?.leakForCell(cell.model.id)
        : undefined;
    fillLeakAndBudget(
      badge,
      shown.record,
      verdict,
      cellBudget(cell.model),
      this._trans
    );
    fillDeathNote(badge, died?.death, this._trans, false);
  }

  private _onMetadataChanged(
    model: ICellModel,
    change: { readonly key: string }
  ): void {
    if (isBudgetKey(change.key)) {
      const cell = this._cellsById().get(model.id);
      if (cell) {
        this._render(cell);
      }
    }
  }

  private _memory: IKernelMemory | null = null;
  private _deaths: DeathCells | null = null;
  private readonly _earlier = new Map<string, SavedRecord>();
  private _session: string | null = null;
  private _renderPending = false;
  private _cellIndex: Map<string, Cell> | null = null;
  private _isDisposed = false;
}
