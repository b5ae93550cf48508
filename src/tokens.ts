import { Token } from '@lumino/coreutils';
import { ISignal } from '@lumino/signaling';

import { KernelMemory } from './kernelMemory';
import { IMemoryInspectorSettings } from './settings';

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
