import { URLExt } from '@jupyterlab/coreutils';
import { Kernel, KernelAPI, ServerConnection } from '@jupyterlab/services';
import { Token } from '@lumino/coreutils';
import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';

import { OverviewKernel, OverviewReply } from '../schema';
import { ReconnectingSocket } from './reconnectingSocket';
import { API_NAMESPACE } from './request';
import { readStreamMessage } from './streamEvent';

/**
 * Every running kernel the server knows, kept up to date over one websocket, and the actions
 * on a kernel that the overview offers.
 */
export interface IKernelOverview extends IDisposable {
  /**
   * The newest overview; null until the server sent one.
   */
  readonly overview: OverviewReply | null;

  /**
   * Emitted with each new overview.
   */
  readonly changed: ISignal<IKernelOverview, OverviewReply>;

  /**
   * Interrupt a kernel.
   */
  interrupt(kernelId: string): Promise<void>;

  /**
   * Restart a kernel.
   */
  restart(kernelId: string): Promise<void>;

  /**
   * Shut a kernel down (its notebook or console stays open without a kernel).
   */
  shutdown(kernelId: string): Promise<void>;
}

/**
 * The overview of every running kernel, provided by the overview plugin.
 */
export const IKernelOverview = new Token<IKernelOverview>(
  'jupyterlab-memory-inspector:IKernelOverview',
  'Every running kernel with its path, state and memory, live.'
);

/**
 * The websocket URL of the overview stream.
 */
export function overviewStreamUrl(
  serverSettings: ServerConnection.ISettings
): string {
  const base = URLExt.join(
    serverSettings.wsUrl,
    API_NAMESPACE,
    'overview',
    'stream'
  );
  const query: Record<string, string> = {};
  if (serverSettings.appendToken && serverSettings.token) {
    query.token = serverSettings.token;
  }
  return base + URLExt.objectToQueryString(query);
}

/**
 * The overview from the server's overview stream, which reconnects by itself. Interrupt and
 * restart are REST calls (no kernel connection of our own); a shutdown goes through
 * JupyterLab's kernel manager, so that every open view of the kernel learns of it at once.
 */
export class KernelOverview implements IKernelOverview {
  constructor(
    private readonly _serverSettings: ServerConnection.ISettings,
    private readonly _kernels: Kernel.IManager
  ) {
    this._socket = new ReconnectingSocket(_serverSettings, () =>
      overviewStreamUrl(_serverSettings)
    );
    this._socket.message.connect((_, data) => this._onMessage(data));
  }

  get overview(): OverviewReply | null {
    return this._overview;
  }

  get changed(): ISignal<this, OverviewReply> {
    return this._changed;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  async interrupt(kernelId: string): Promise<void> {
    await KernelAPI.interruptKernel(kernelId, this._serverSettings);
  }

  async restart(kernelId: string): Promise<void> {
    await KernelAPI.restartKernel(kernelId, this._serverSettings);
  }

  async shutdown(kernelId: string): Promise<void> {
    await this._kernels.shutdown(kernelId);
    this._drop(kernelId);
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._socket.dispose();
    Signal.clearData(this);
  }

  private _find(kernelId: string): OverviewKernel | undefined {
    return this._overview?.kernels.find(k => k.kernel_id === kernelId);
  }

  /**
   * Take a kernel out at once: the stream confirms it within a second.
   */
  private _drop(kernelId: string): void {
    const overview = this._overview;
    if (!overview || !this._find(kernelId)) {
      return;
    }
    this._overview = {
      ...overview,
      kernels: overview.kernels.filter(k => k.kernel_id !== kernelId)
    };
    this._changed.emit(this._overview);
  }

  private _onMessage(data: unknown): void {
    const message = readStreamMessage(data);
    if (message.problem !== undefined || message.event.type !== 'overview') {
      // One bad message is dropped; the stream and the overviews after it carry on.
      console.warn(
        `memory-inspector: an overview message was dropped: ${message.problem ?? 'not an overview'}`
      );
      return;
    }
    this._overview = message.event.overview;
    this._changed.emit(this._overview);
  }

  private readonly _socket: ReconnectingSocket;
  private _overview: OverviewReply | null = null;
  private _isDisposed = false;
  private _changed = new Signal<this, OverviewReply>(this);
}
