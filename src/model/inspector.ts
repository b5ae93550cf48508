import { ServerConnection } from '@jupyterlab/services';
import { ISignal, Signal } from '@lumino/signaling';

import { checkServer } from './handshake';
import { KernelMemory } from './kernelMemory';
import { exportReport } from './report';
import { requestAPI } from './request';
import { DEFAULT_SETTINGS } from './settings';
import {
  AdviceReply,
  AdviceRequest,
  CollectReply,
  ConfigReply,
  ConfigRequest,
  Monitor,
  ReportRequest
} from '../schema';
import {
  IKernelMemory,
  IMemoryInspector,
  IMemoryInspectorSettings,
  ReportExport,
  ServerStatus
} from '../tokens';

/**
 * The changes that would bring a kernel's settings in line with the user's: the live
 * sampling interval, the variable scan budget and, while it traces, the frames kept per
 * allocation; null when they already agree or the kernel has no probe to take them.
 */
export function kernelSettingsChanges(
  monitor: Monitor,
  settings: IMemoryInspectorSettings
): ConfigRequest | null {
  if (monitor.state !== 'active' || !monitor.probe) {
    return null;
  }
  const changes: ConfigRequest = {};
  if (Math.abs(monitor.live.interval - settings.sampleInterval) > 1e-9) {
    changes.sample_interval = settings.sampleInterval;
  }
  const budget = settings.scanBudgetMs / 1000;
  if (Math.abs(monitor.probe.config.scan_budget - budget) > 1e-9) {
    changes.scan_budget = budget;
  }
  // The frame count is sent with tracing turned on; a kernel that traces now takes a new
  // one at once rather than at its next start (the probe restarts tracemalloc for it).
  const config = monitor.probe.config;
  if (config.tracing && config.nframes !== settings.traceFrames) {
    changes.nframes = settings.traceFrames;
  }
  return Object.keys(changes).length > 0 ? changes : null;
}

/**
 * The memory inspector's model, provided as `IMemoryInspector`.
 */
export class MemoryInspector implements IMemoryInspector {
  constructor(private readonly _serverSettings: ServerConnection.ISettings) {
    void checkServer(_serverSettings).then(status => {
      this._serverStatus = status;
      this._serverStatusChanged.emit(status);
    });
  }

  acquire(kernelId: string): IKernelMemory {
    let held = this._kernels.get(kernelId);
    if (!held) {
      // Owned by `_kernels` and disposed by the last `release`, which the rule cannot follow.
      // eslint-disable-next-line jupyter/require-disposable-ownership
      const memory = new KernelMemory(
        this._serverSettings,
        kernelId,
        this._settings
      );
      memory.monitorChanged.connect(this._onMonitorChanged, this);
      memory.recordsAdded.connect(this._onMemoryChanged, this);
      memory.samplesAdded.connect(this._onMemoryChanged, this);
      held = { memory, holders: 0 };
      this._kernels.set(kernelId, held);
    }
    held.holders += 1;
    return held.memory;
  }

  release(memory: IKernelMemory): void {
    const held = this._kernels.get(memory.kernelId);
    if (!held || held.memory !== memory) {
      return;
    }
    held.holders -= 1;
    if (held.holders <= 0) {
      this._kernels.delete(memory.kernelId);
      this._synced.delete(memory.kernelId);
      held.memory.dispose();
    }
  }

  find(kernelId: string): IKernelMemory | undefined {
    return this._kernels.get(kernelId)?.memory;
  }

  configure(kernelId: string, changes: ConfigRequest): Promise<ConfigReply> {
    return requestAPI<ConfigReply>(
      this._serverSettings,
      `kernels/${encodeURIComponent(kernelId)}/config`,
      { method: 'POST', body: JSON.stringify(changes) }
    );
  }

  collect(kernelId: string): Promise<CollectReply> {
    return requestAPI<CollectReply>(
      this._serverSettings,
      `kernels/${encodeURIComponent(kernelId)}/collect`,
      { method: 'POST', body: '{}' }
    );
  }

  advice(kernelId: string, request: AdviceRequest): Promise<AdviceReply> {
    return requestAPI<AdviceReply>(
      this._serverSettings,
      `kernels/${encodeURIComponent(kernelId)}/advice`,
      { method: 'POST', body: JSON.stringify(request) }
    );
  }

  exportReport(
    kernelId: string,
    request: ReportRequest
  ): Promise<ReportExport> {
    return exportReport(this._serverSettings, kernelId, request);
  }

  get serverStatus(): ServerStatus {
    return this._serverStatus;
  }

  get serverStatusChanged(): ISignal<IMemoryInspector, ServerStatus> {
    return this._serverStatusChanged;
  }

  get memoryChanged(): ISignal<IMemoryInspector, IKernelMemory> {
    return this._memoryChanged;
  }

  get monitorChanged(): ISignal<IMemoryInspector, IKernelMemory> {
    return this._monitorChanged;
  }

  get settings(): IMemoryInspectorSettings {
    return this._settings;
  }

  get settingsChanged(): ISignal<IMemoryInspector, IMemoryInspectorSettings> {
    return this._settingsChanged;
  }

  /**
   * Replace the settings, as read from the settings registry.
   */
  updateSettings(settings: IMemoryInspectorSettings): void {
    this._settings = settings;
    this._settingsChanged.emit(settings);
    for (const { memory } of this._kernels.values()) {
      this._syncSettings(memory);
      if (memory.setRetention(settings)) {
        this._memoryChanged.emit(memory);
      }
    }
  }

  private _onMonitorChanged(memory: KernelMemory): void {
    this._syncSettings(memory);
    this._monitorChanged.emit(memory);
  }

  private _onMemoryChanged(memory: KernelMemory): void {
    this._memoryChanged.emit(memory);
  }

  /**
   * Send the user's sampling interval and scan budget to a kernel whose monitor says
   * otherwise; once per wanted value, so that a kernel that cannot take it is not asked at
   * every monitor change.
   */
  private _syncSettings(memory: KernelMemory): void {
    const monitor = memory.monitor;
    const changes = monitor && kernelSettingsChanges(monitor, this._settings);
    if (!changes) {
      return;
    }
    const key = `${memory.currentSession}:${JSON.stringify(changes)}`;
    if (this._synced.get(memory.kernelId) === key) {
      return;
    }
    this._synced.set(memory.kernelId, key);
    this.configure(memory.kernelId, changes).catch(reason => {
      console.warn(
        'jupyterlab-memory-inspector: could not send the settings to the kernel',
        reason
      );
    });
  }

  private _kernels = new Map<
    string,
    { memory: KernelMemory; holders: number }
  >();
  private _settings: IMemoryInspectorSettings = DEFAULT_SETTINGS;
  private _settingsChanged = new Signal<
    IMemoryInspector,
    IMemoryInspectorSettings
  >(this);
  private _monitorChanged = new Signal<IMemoryInspector, IKernelMemory>(this);
  private _memoryChanged = new Signal<IMemoryInspector, IKernelMemory>(this);
  private _serverStatus: ServerStatus = { kind: 'checking' };
  private _serverStatusChanged = new Signal<IMemoryInspector, ServerStatus>(
    this
  );
  private _synced = new Map<string, string>();
}
