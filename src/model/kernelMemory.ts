import { ServerConnection } from '@jupyterlab/services';
import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';

import {
  CellRecord,
  Monitor,
  RecordEntry,
  Sample,
  StreamEvent
} from '../schema';
import { IKernelMemory } from '../tokens';
import { RecordStream } from './stream';

/**
 * What the server knows of one kernel's memory, kept up to date through its record stream.
 */
export class KernelMemory implements IKernelMemory, IDisposable {
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
   * The live memory readings received, oldest first (in the monitor's live metric).
   */
  get samples(): readonly Sample[] {
    return this._samples;
  }

  /**
   * Times (the server's clock) after which the samples belong to a restarted kernel: the last
   * sample before each restart that this page saw happen. Restarts from before the page
   * loaded are known only from the records' probe sessions.
   */
  get restarts(): readonly number[] {
    return this._restarts;
  }

  /**
   * The probe session of the kernel's current process; null while it restarts or has no probe.
   */
  get currentSession(): string | null {
    return this._monitor?.probe?.probe_session ?? null;
  }

  /**
   * Whether a record was measured in the kernel's current process (not before a restart).
   */
  isCurrent(record: CellRecord): boolean {
    return record.probe_session === this.currentSession;
  }

  /**
   * The newest record, if any.
   */
  get latest(): CellRecord | undefined {
    return this._records[this._records.length - 1]?.record;
  }

  /**
   * Emitted with the records that arrived.
   */
  get recordsAdded(): ISignal<this, readonly CellRecord[]> {
    return this._recordsAdded;
  }

  /**
   * Emitted with the live samples that arrived.
   */
  get samplesAdded(): ISignal<this, readonly Sample[]> {
    return this._samplesAdded;
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
    switch (event.type) {
      case 'monitor':
        this._onMonitor(event.monitor);
        return;
      case 'samples': {
        const added = addSamples(this._samples, event.samples);
        if (added.length > 0) {
          this._samplesAdded.emit(added);
        }
        return;
      }
      case 'records': {
        const added = addRecords(this._records, this._byCell, event.records);
        this._recordsAdded.emit(added);
        return;
      }
    }
  }

  private _onMonitor(monitor: Monitor): void {
    const before = this._monitor;
    if (
      before?.probe &&
      before.probe.probe_session !== monitor.probe?.probe_session
    ) {
      // The kernel restarted while we watched: the samples so far were of its old process.
      const last = this._samples[this._samples.length - 1]?.time ?? 0;
      const lastEnd = this.latest?.end ?? 0;
      this._restarts.push(Math.max(last, lastEnd));
    }
    this._monitor = monitor;
    this._monitorChanged.emit(monitor);
  }

  private _stream: RecordStream;
  private _monitor: Monitor | null = null;
  private _records: RecordEntry[] = [];
  private _samples: Sample[] = [];
  private _restarts: number[] = [];
  private _byCell = new Map<string, CellRecord>();
  private _recordsAdded = new Signal<this, readonly CellRecord[]>(this);
  private _samplesAdded = new Signal<this, readonly Sample[]>(this);
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

/**
 * The most samples kept per kernel, as many as the server keeps.
 */
export const MAX_SAMPLES = 20000;

/**
 * Append the samples newer than the last one kept (a reconnect replays the server's recent
 * samples) and drop the oldest beyond `MAX_SAMPLES`; returns the samples added.
 */
export function addSamples(
  samples: Sample[],
  incoming: readonly Sample[]
): Sample[] {
  const last = samples[samples.length - 1]?.time ?? -Infinity;
  const added = incoming.filter(sample => sample.time > last);
  for (const sample of added) {
    samples.push(sample);
  }
  if (samples.length > MAX_SAMPLES) {
    samples.splice(0, samples.length - MAX_SAMPLES);
  }
  return added;
}
