import { Token } from '@lumino/coreutils';
import { ISignal } from '@lumino/signaling';

import { KernelMemory } from './model/kernelMemory';
import { CollectReply, ConfigReply, ConfigRequest } from './schema';
import { IMemoryInspectorSettings } from './model/settings';

/**
 * The memory inspector's model: one `KernelMemory` per kernel in view, and the settings.
 */
export interface IMemoryInspector {
  /**
   * The memory model of a kernel, shared by every view of it; it lives until each `acquire`
   * has been matched by a `release`.
   */
  acquire(kernelId: string): KernelMemory;

  /**
   * Give back a model that `acquire` returned.
   */
  release(memory: KernelMemory): void;

  /**
   * The model of a kernel if some view holds it, without acquiring it.
   */
  find(kernelId: string): KernelMemory | undefined;

  /**
   * Change the probe's settings in a kernel (tracing, frames per allocation, scan budget).
   */
  configure(kernelId: string, changes: ConfigRequest): Promise<ConfigReply>;

  /**
   * Run a full garbage collection in a kernel; rejects while a cell runs (status 409).
   */
  collect(kernelId: string): Promise<CollectReply>;

  /**
   * Emitted when records or live samples of any kernel in view arrive.
   */
  readonly memoryChanged: ISignal<IMemoryInspector, KernelMemory>;

  /**
   * Emitted when the server's monitor of any kernel in view changes (state, probe settings).
   */
  readonly monitorChanged: ISignal<IMemoryInspector, KernelMemory>;

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
