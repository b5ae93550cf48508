import { ServerConnection } from '@jupyterlab/services';
import { ISignal, Signal } from '@lumino/signaling';

import { KernelMemory } from './kernelMemory';
import { DEFAULT_SETTINGS, IMemoryInspectorSettings } from './settings';
import { IMemoryInspector } from './tokens';

/**
 * The memory inspector's model, provided as `IMemoryInspector`.
 */
export class MemoryInspector implements IMemoryInspector {
  constructor(private readonly _serverSettings: ServerConnection.ISettings) {}

  acquire(kernelId: string): KernelMemory {
    let held = this._kernels.get(kernelId);
    if (!held) {
      // Owned by `_kernels` and disposed by the last `release`, which the rule cannot follow.
      // eslint-disable-next-line jupyter/require-disposable-ownership
      const memory = new KernelMemory(this._serverSettings, kernelId);
      held = { memory, holders: 0 };
      this._kernels.set(kernelId, held);
    }
    held.holders += 1;
    return held.memory;
  }

  release(memory: KernelMemory): void {
    const held = this._kernels.get(memory.kernelId);
    if (!held || held.memory !== memory) {
      return;
    }
    held.holders -= 1;
    if (held.holders <= 0) {
      this._kernels.delete(memory.kernelId);
      memory.dispose();
    }
  }

  get settings(): IMemoryInspectorSettings {
    return this._settings;
  }

  get settingsChanged(): ISignal<this, IMemoryInspectorSettings> {
    return this._settingsChanged;
  }

  /**
   * Replace the settings, as read from the settings registry.
   */
  updateSettings(settings: IMemoryInspectorSettings): void {
    this._settings = settings;
    this._settingsChanged.emit(settings);
  }

  private _kernels = new Map<
    string,
    { memory: KernelMemory; holders: number }
  >();
  private _settings: IMemoryInspectorSettings = DEFAULT_SETTINGS;
  private _settingsChanged = new Signal<this, IMemoryInspectorSettings>(this);
}
