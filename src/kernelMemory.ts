import { ServerConnection } from '@jupyterlab/services';
import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';

import { CellRecord, Monitor, RecordEntry, StreamEvent } from './schema';
import { RecordStream } from './stream';

/**
 * What the server knows of one kernel's memory, kept up to date through its record stream.
 */
export class KernelMemory implements IDisposable {
  constructor(serverSettings: ServerConnection.ISettings, kernelId: string) {
    this.kernelId = kernelId;
    this._stream = new RecordStream(serverSettings, kernelId);
    this._stream.event.connect(this._onEvent, this);
  }

  /**
   * The kernel's id.
   */
  readonly kernelId: string;

  /**
   * The server's monitor of the kernel, once the stream has said it.
   */
  get monitor(): Monitor | null {
    return this._monitor;
  }

  /**
   * Every record received, oldest first.
   */
  get records(): readonly RecordEntry[] {
    return this._records;
  }

  /**
   * Emitted with the records that arrived.
   */
  get recordsAdded(): ISignal<this, readonly CellRecord[]> {
    return this._recordsAdded;
  }

  /**
   * Emitted when the monitor's state changes.
   */
  get monitorChanged(): ISignal<this, Monitor> {
    return this._monitorChanged;
  }

  /**
   * The newest record of a cell, if it has run in this kernel.
   */
  latestForCell(cellId: string): CellRecord | undefined {
    return this._byCell.get(cellId);
  }

  get isDisposed(): boolean {
    return this._stream.isDisposed;
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._stream.dispose();
    Signal.clearData(this);
  }

  private _onEvent(_: RecordStream, event: StreamEvent): void {
    if (event.type === 'monitor') {
      this._monitor = event.monitor;
      this._monitorChanged.emit(event.monitor);
      return;
    }
    const added = addRecords(this._records, this._byCell, event.records);
    this._recordsAdded.emit(added);
  }

  private _stream: RecordStream;
  private _monitor: Monitor | null = null;
  private _records: RecordEntry[] = [];
  private _byCell = new Map<string, CellRecord>();
  private _recordsAdded = new Signal<this, readonly CellRecord[]>(this);
  private _monitorChanged = new Signal<this, Monitor>(this);
}

/**
 * Append `entries` to `records` and index them by cell; returns the records added.
 */
export function addRecords(
  records: RecordEntry[],
  byCell: Map<string, CellRecord>,
  entries: readonly RecordEntry[]
): CellRecord[] {
  const added: CellRecord[] = [];
  for (const entry of entries) {
    records.push(entry);
    added.push(entry.record);
    if (entry.record.cell_id !== null) {
      byCell.set(entry.record.cell_id, entry.record);
    }
  }
  return added;
}
