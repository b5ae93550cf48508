import { Kernel, KernelMessage } from '@jupyterlab/services';
import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';

import { KernelDeath, Monitor } from '../schema';
import { IKernelMemory } from '../tokens';
import { DeathDismissals } from './deathDismissals';

/**
 * A kernel death put on the cell that was running.
 */
export interface ICellDeath {
  /**
   * The death's time in the monitor's lifecycle (its key for dismissal).
   */
  time: number;
  death: KernelDeath;
}

/**
 * Which cell each of a kernel's deaths killed. The server names the execute request that was
 * running (its msg_id) but cannot know the cell: IOPub carries no cell id. The frontend can,
 * from the execute requests it sends (JupyterLab puts the cell's id in their metadata).
 * A cell keeps its death until the user dismisses it or runs the cell again.
 */
export class DeathCells implements IDisposable {
  constructor(
    private readonly _kernel: Kernel.IKernelConnection,
    private readonly _memory: IKernelMemory,
    private readonly _dismissals: DeathDismissals
  ) {
    _kernel.anyMessage.connect(this._onMessage, this);
    _memory.monitorChanged.connect(this._onMonitor, this);
    _dismissals.changed.connect(this._onDismissed, this);
    if (_memory.monitor) {
      this._onMonitor(_memory, _memory.monitor);
    }
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._kernel.anyMessage.disconnect(this._onMessage, this);
    this._memory.monitorChanged.disconnect(this._onMonitor, this);
    this._dismissals.changed.disconnect(this._onDismissed, this);
    Signal.clearData(this);
  }

  /**
   * Emitted with the ids of the cells whose death appeared or went.
   */
  get changed(): ISignal<this, readonly string[]> {
    return this._changed;
  }

  forCell(cellId: string): ICellDeath | undefined {
    return this._byCell.get(cellId);
  }

  private _onMessage(
    _: Kernel.IKernelConnection,
    args: Kernel.IAnyMessageArgs
  ): void {
    const msg = args.msg;
    if (
      args.direction !== 'send' ||
      msg.header.msg_type !== 'execute_request'
    ) {
      return;
    }
    const cellId = (msg as KernelMessage.IExecuteRequestMsg).metadata.cellId;
    if (typeof cellId !== 'string') {
      return;
    }
    this._lastRequest.set(cellId, msg.header.msg_id);
    if (this._byCell.delete(cellId)) {
      this._changed.emit([cellId]);
    }
  }

  private _onMonitor(_: IKernelMemory, monitor: Monitor): void {
    const changed: string[] = [];
    for (const event of monitor.lifecycle) {
      const death = event.death;
      if (!death || this._seen.has(event.time)) {
        continue;
      }
      this._seen.add(event.time);
      if (this._dismissals.isDismissed(this._memory.kernelId, event.time)) {
        continue;
      }
      const cellId = this._cellOf(death);
      if (cellId) {
        this._byCell.set(cellId, { time: event.time, death });
        changed.push(cellId);
      }
    }
    if (changed.length > 0) {
      this._changed.emit(changed);
    }
  }

  /**
   * The cell the death killed; none where the request is unknown to this page (sent before
   * it loaded) or the cell has run again since.
   */
  private _cellOf(death: KernelDeath): string | null {
    if (death.cell_id) {
      return death.cell_id;
    }
    // Deaths are rare and cells few: a scan keeps one request per cell, not one per run.
    for (const [cellId, msgId] of this._lastRequest) {
      if (msgId === death.msg_id) {
        return cellId;
      }
    }
    return null;
  }

  private _onDismissed(_: DeathDismissals, kernelId: string): void {
    if (kernelId !== this._memory.kernelId) {
      return;
    }
    const changed: string[] = [];
    for (const [cellId, { time }] of this._byCell) {
      if (this._dismissals.isDismissed(kernelId, time)) {
        this._byCell.delete(cellId);
        changed.push(cellId);
      }
    }
    if (changed.length > 0) {
      this._changed.emit(changed);
    }
  }

  private readonly _lastRequest = new Map<string, string>();
  private readonly _byCell = new Map<string, ICellDeath>();
  private readonly _seen = new Set<number>();
  private readonly _changed = new Signal<this, readonly string[]>(this);
  private _isDisposed = false;
}
