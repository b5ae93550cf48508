import { Token } from '@lumino/coreutils';
import { ISignal } from '@lumino/signaling';

import {
  AdviceReply,
  AdviceRequest,
  CellRecord,
  CollectReply,
  ConfigReply,
  ConfigRequest,
  LeakVerdict,
  Monitor,
  RecordEntry,
  ReportRequest,
  Sample
} from './schema';

/**
 * A cell's newest run as the model keeps it for the cell's badge and the leaks section: the
 * record without its variables, which nothing but the newest runs' views reads and which
 * make most of a record in a notebook of many names.
 */
export type CellRun = Omit<CellRecord, 'variables'>;

/**
 * How the badge thresholds are counted: in MiB, or as a percentage of the kernel's memory
 * limit (of the host's memory where no limit is set).
 */
export type ThresholdUnit = 'auto' | 'MiB' | 'percentOfLimit';

/**
 * When a badge figure is coloured as a warning, and when as critical.
 */
export interface IThresholds {
  /**
   * What `warning` and `critical` count in.
   */
  unit: ThresholdUnit;

  /**
   * From this figure on, the badge shows a warning colour.
   */
  warning: number;

  /**
   * From this figure on, the badge shows the critical colour.
   */
  critical: number;
}

/**
 * The extension's settings, as typed values; `schema/plugin.json` describes them for the
 * settings registry and the settings editor.
 */
export interface IMemoryInspectorSettings {
  /**
   * Whether code cells show a badge with what their last run did to memory.
   */
  showBadges: boolean;

  /**
   * Frames kept per allocation while tracing allocations (1 to 3).
   */
  traceFrames: number;

  /**
   * The badge colour thresholds.
   */
  thresholds: IThresholds;

  /**
   * Percentage of the memory limit from which a notification warns that the kernel may be
   * killed.
   */
  limitWarningPercent: number;

  /**
   * Percentage of the memory limit from which the status bar's total of all kernels shows a
   * warning.
   */
  allKernelsWarningPercent: number;

  /**
   * Seconds between live memory readings while a cell runs (0.1 to 10).
   */
  sampleInterval: number;

  /**
   * Milliseconds the variable scan may take after each cell (1 to 10,000).
   */
  scanBudgetMs: number;

  /**
   * Whether each cell's record is saved into its metadata, so a shared notebook carries it.
   */
  saveToMetadata: boolean;

  /**
   * The most cell records kept per kernel in this page; the oldest go first.
   */
  maxRecords: number;

  /**
   * The most live memory readings kept per kernel in this page; the oldest go first.
   */
  maxSamples: number;
}

/**
 * What the server knows of one kernel's memory, kept up to date through its record stream.
 * Views and other extensions read it; only the model changes it.
 */
export interface IKernelMemory {
  /**
   * The kernel's id.
   */
  readonly kernelId: string;

  /**
   * The server's monitor of the kernel, once the stream has said it.
   */
  readonly monitor: Monitor | null;

  /**
   * The records received, oldest first: the newest ones, as many as the `maxRecords`
   * setting keeps.
   */
  readonly records: readonly RecordEntry[];

  /**
   * The live memory readings received, oldest first (in the monitor's live metric): the
   * newest ones, as many as the `maxSamples` setting keeps.
   */
  readonly samples: readonly Sample[];

  /**
   * How many records were dropped, oldest first, to keep within `maxRecords`.
   */
  readonly droppedRecords: number;

  /**
   * How many live readings were dropped, oldest first, to keep within `maxSamples`.
   */
  readonly droppedSamples: number;

  /**
   * Times (the server's clock) after which the samples belong to a restarted kernel: the last
   * sample before each restart that this page saw happen. Restarts from before the page
   * loaded are known only from the records' probe sessions.
   */
  readonly restarts: readonly number[];

  /**
   * The probe session of the kernel's current process; null while it restarts or has no probe.
   */
  readonly currentSession: string | null;

  /**
   * The newest record, if any.
   */
  readonly latest: CellRecord | undefined;

  /**
   * Whether the model was released by its last holder.
   */
  readonly isDisposed: boolean;

  /**
   * Whether a record was measured in the kernel's current process (not before a restart).
   */
  isCurrent(record: Pick<CellRecord, 'probe_session'>): boolean;

  /**
   * The newest record of a cell, if it has run in this kernel; without its variables once
   * the run has left `records` (see `CellRun`).
   */
  latestForCell(cellId: string): CellRun | undefined;

  /**
   * The server's leak verdict on a cell's runs, when its newest run was not its first.
   */
  leakForCell(cellId: string): LeakVerdict | undefined;

  /**
   * The leak verdicts by cell id, also of cells whose runs the bound on records dropped.
   */
  readonly leakVerdicts: ReadonlyMap<string, LeakVerdict>;

  /**
   * Emitted with the records that arrived.
   */
  readonly recordsAdded: ISignal<IKernelMemory, readonly CellRecord[]>;

  /**
   * Emitted with the live samples that arrived.
   */
  readonly samplesAdded: ISignal<IKernelMemory, readonly Sample[]>;

  /**
   * Emitted when the monitor's state changes.
   */
  readonly monitorChanged: ISignal<IKernelMemory, Monitor>;
}

/**
 * Whether the server extension speaks the frontend's API, as the start-up handshake found:
 *
 * - checking: the answer has not come yet
 * - compatible: same API version
 * - incompatible: another release of the server extension (one half was upgraded);
 *   `serverVersion` is null for a release from before the handshake, which cannot say it
 * - missing: the server extension is not enabled
 * - unknown: the server could not be asked (network); the requests that follow will say why
 */
export type ServerStatus =
  | { kind: 'checking' }
  | { kind: 'compatible'; serverVersion: string }
  | {
      kind: 'incompatible';
      frontendVersion: string;
      serverVersion: string | null;
    }
  | { kind: 'missing' }
  | { kind: 'unknown'; reason: string };

/**
 * An exported report: a file to hand to the browser, or where the server saved it.
 */
export type ReportExport =
  | { kind: 'download'; filename: string; blob: Blob }
  | { kind: 'saved'; path: string };

/**
 * The memory inspector's model: one `IKernelMemory` per kernel in view, the settings, and the
 * actions on a kernel. It is the only part that talks to the server extension; its requests
 * reject with an `Error` whose `status` is the HTTP status (409: a cell runs, or no probe).
 */
export interface IMemoryInspector {
  /**
   * The memory model of a kernel, shared by every view of it; it lives until each `acquire`
   * has been matched by a `release`.
   */
  acquire(kernelId: string): IKernelMemory;

  /**
   * Give back a model that `acquire` returned.
   */
  release(memory: IKernelMemory): void;

  /**
   * The model of a kernel if some view holds it, without acquiring it.
   */
  find(kernelId: string): IKernelMemory | undefined;

  /**
   * Change the probe's settings in a kernel (tracing, frames per allocation, scan budget).
   */
  configure(kernelId: string, changes: ConfigRequest): Promise<ConfigReply>;

  /**
   * Run a full garbage collection in a kernel; rejects while a cell runs (status 409).
   */
  collect(kernelId: string): Promise<CollectReply>;

  /**
   * The advisor's suggestions for a kernel, and the free-memory cell of the chosen ones
   * (`request.choose`); rejects while a cell runs (status 409).
   */
  advice(kernelId: string, request: AdviceRequest): Promise<AdviceReply>;

  /**
   * The report of a kernel's session: the file to download, or (`request.save`) where the
   * server saved it beside the notebook.
   */
  exportReport(kernelId: string, request: ReportRequest): Promise<ReportExport>;

  /**
   * Whether the server extension speaks this frontend's API.
   */
  readonly serverStatus: ServerStatus;

  /**
   * Emitted when the handshake with the server extension has an answer.
   */
  readonly serverStatusChanged: ISignal<IMemoryInspector, ServerStatus>;

  /**
   * Emitted when records or live samples of any kernel in view arrive.
   */
  readonly memoryChanged: ISignal<IMemoryInspector, IKernelMemory>;

  /**
   * Emitted when the server's monitor of any kernel in view changes (state, probe settings).
   */
  readonly monitorChanged: ISignal<IMemoryInspector, IKernelMemory>;

  /**
   * The current settings.
   */
  readonly settings: IMemoryInspectorSettings;

  /**
   * Emitted when the settings change.
   */
  readonly settingsChanged: ISignal<IMemoryInspector, IMemoryInspectorSettings>;
}

/**
 * The token of the memory inspector's model.
 */
export const IMemoryInspector = new Token<IMemoryInspector>(
  'jupyterlab-memory-inspector:IMemoryInspector',
  'The memory records of the kernels in view, from the server extension.'
);

/**
 * The id of the model's plugin, under which the settings live.
 */
export const SETTINGS_PLUGIN_ID = 'jupyterlab-memory-inspector:plugin';

/**
 * The extension's command ids.
 */
export namespace CommandIDs {
  export const open = 'jupyterlab-memory-inspector:open';
  export const toggleTracing = 'jupyterlab-memory-inspector:toggle-tracing';
  export const collectGarbage = 'jupyterlab-memory-inspector:collect-garbage';
  export const toggleBadges = 'jupyterlab-memory-inspector:toggle-badges';
  export const toggleSaveToMetadata =
    'jupyterlab-memory-inspector:toggle-save-to-metadata';
  export const insertFreeMemoryCell =
    'jupyterlab-memory-inspector:insert-free-memory-cell';
  export const exportReport = 'jupyterlab-memory-inspector:export-report';
  export const setCellBudget = 'jupyterlab-memory-inspector:set-cell-budget';
}
