import { ServerConnection } from '@jupyterlab/services';
import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';

import {
  CellRecord,
  LeakVerdict,
  Monitor,
  RecordEntry,
  Sample,
  StreamEvent
} from '../schema';
import { CellRun, IKernelMemory } from '../tokens';
import { indexLeaks } from './leaks';
import { RecordStream } from './stream';

/**
 * How many records and live samples one kernel's model keeps; the oldest go first.
 */
export interface IRetention {
  maxRecords: number;
  maxSamples: number;
}

/**
 * What the server knows of one kernel's memory, kept up to date through its record stream.
 */
export class KernelMemory implements IKernelMemory, IDisposable {
  constructor(
    serverSettings: ServerConnection.ISettings,
    kernelId: string,
    retention: IRetention = { maxRecords: Infinity, maxSamples: MAX_SAMPLES }
  ) {
    this.kernelId = kernelId;
    this._retention = retentionOf(retention);
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
   * The records received, oldest first: the newest `maxRecords` of them.
   */
  get records(): readonly RecordEntry[] {
    return this._records;
  }

  /**
   * How many records this model dropped, oldest first, to keep within `maxRecords`.
   */
  get droppedRecords(): number {
    return this._droppedRecords;
  }

  /**
   * How many live samples this model dropped, oldest first, to keep within `maxSamples`.
   */
  get droppedSamples(): number {
    return this._droppedSamples;
  }

  /**
   * Keep at most this many records and samples from now on; drops the oldest beyond them
   * at once, and returns whether any were dropped.
   */
  setRetention(retention: IRetention): boolean {
    this._retention = retentionOf(retention);
    const records = dropOldestRecords(
      this._records,
      this._byCell,
      retention.maxRecords
    );
    const samples = dropOldest(this._samples, retention.maxSamples);
    this._droppedRecords += records;
    this._droppedSamples += samples;
    return records + samples > 0;
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
  isCurrent(record: Pick<CellRecord, 'probe_session'>): boolean {
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
   * The newest record of a cell, if it has run in this kernel; without its variables once
   * the run has left `records`.
   */
  latestForCell(cellId: string): CellRun | undefined {
    return this._byCell.get(cellId);
  }

  /**
   * The server's leak verdict on a cell's runs, when its newest run was not its first.
   */
  leakForCell(cellId: string): LeakVerdict | undefined {
    return this._leaks.get(cellId);
  }

  /**
   * The leak verdicts by cell id, also of cells whose runs the bound on records dropped.
   */
  get leakVerdicts(): ReadonlyMap<string, LeakVerdict> {
    return this._leaks;
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
        const kept = this._samples.length;
        const added = addSamples(
          this._samples,
          event.samples,
          this._retention.maxSamples
        );
        this._droppedSamples += kept + added.length - this._samples.length;
        if (added.length > 0) {
          this._samplesAdded.emit(added);
        }
        return;
      }
      case 'records': {
        const kept = this._records.length;
        const added = addRecords(
          this._records,
          this._byCell,
          event.records,
          this._retention.maxRecords
        );
        this._droppedRecords += kept + added.length - this._records.length;
        indexLeaks(this._leaks, event.records);
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
  private _retention: IRetention;
  private _droppedRecords = 0;
  private _droppedSamples = 0;
  // The newest record of every cell that ran, also of cells whose records the bound dropped
  // from `_records`: a cell's badge stays. One entry per cell, so it grows with the
  // notebook, not with the runs; the entries of dropped runs without their variables.
  private _byCell = new Map<string, CellRun>();
  private _leaks = new Map<string, LeakVerdict>();
  private _recordsAdded = new Signal<this, readonly CellRecord[]>(this);
  private _samplesAdded = new Signal<this, readonly Sample[]>(this);
  private _monitorChanged = new Signal<this, Monitor>(this);
}

function retentionOf({ maxRecords, maxSamples }: IRetention): IRetention {
  return { maxRecords, maxSamples };
}

/**
 * Drop the oldest items of `list` beyond `max`; returns how many were dropped.
 */
export function dropOldest(list: unknown[], max: number): number {
  const excess = list.length - max;
  if (excess <= 0) {
    return 0;
  }
  list.splice(0, excess);
  return excess;
}

/**
 * Drop the oldest records beyond `max`, as `dropOldest` does. A dropped record that is still
 * its cell's newest stays in `byCell` for the cell's badge, but without its variables: a
 * Run All of a long notebook leaves one run per cell beyond the `max` kept, and a record's
 * variables (up to a hundred names with their holders) are most of its size.
 */
export function dropOldestRecords(
  records: RecordEntry[],
  byCell: Map<string, CellRun>,
  max: number
): number {
  const excess = records.length - max;
  if (excess <= 0) {
    return 0;
  }
  for (const { record } of records.splice(0, excess)) {
    if (record.cell_id !== null && byCell.get(record.cell_id) === record) {
      byCell.set(record.cell_id, withoutVariables(record));
    }
  }
  return excess;
}

function withoutVariables(record: CellRecord): CellRun {
  const run: Partial<CellRecord> = { ...record };
  delete run.variables;
  return run as CellRun;
}

/**
 * Append `entries` to `records`, index them by cell and drop the oldest beyond `max`;
 * returns the records added.
 */
export function addRecords(
  records: RecordEntry[],
  byCell: Map<string, CellRun>,
  entries: readonly RecordEntry[],
  max = Infinity
): CellRecord[] {
  const added: CellRecord[] = [];
  for (const entry of entries) {
    records.push(entry);
    added.push(entry.record);
    if (entry.record.cell_id !== null) {
      byCell.set(entry.record.cell_id, entry.record);
    }
  }
  dropOldestRecords(records, byCell, max);
  return added;
}

/**
 * The most samples kept per kernel by default, as many as the server keeps.
 */
export const MAX_SAMPLES = 20000;

/**
 * Append the samples newer than the last one kept (a reconnect replays the server's recent
 * samples) and drop the oldest beyond `max`; returns the samples added.
 */
export function addSamples(
  samples: Sample[],
  incoming: readonly Sample[],
  max = MAX_SAMPLES
): Sample[] {
  const last = samples[samples.length - 1]?.time ?? -Infinity;
  const added = incoming.filter(sample => sample.time > last);
  for (const sample of added) {
    samples.push(sample);
  }
  dropOldest(samples, max);
  return added;
}
