import { ServerConnection } from '@jupyterlab/services';
import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';

import { StreamEvent } from '../schema';
import { ReconnectingSocket } from './reconnectingSocket';
import { streamUrl } from './request';
import { readStreamMessage } from './streamEvent';

/**
 * A kernel's record stream from the server, which reconnects by itself and resumes after the
 * last record it saw, so that a dropped socket or a restarted server loses nothing it had.
 */
export class RecordStream implements IDisposable {
  constructor(
    serverSettings: ServerConnection.ISettings,
    readonly kernelId: string
  ) {
    this._socket = new ReconnectingSocket(serverSettings, () =>
      streamUrl(serverSettings, kernelId, this._lastSeq, this._historyId)
    );
    this._socket.message.connect((_, data) => this._onMessage(data));
    this._socket.connectionChanged.connect((_, connected) =>
      this._connectionChanged.emit(connected)
    );
  }

  /**
   * Each message from the server.
   */
  get event(): ISignal<this, StreamEvent> {
    return this._event;
  }

  /**
   * Whether the socket is open now.
   */
  get connected(): boolean {
    return this._socket.connected;
  }

  /**
   * Emitted when the socket opens or closes.
   */
  get connectionChanged(): ISignal<this, boolean> {
    return this._connectionChanged;
  }

  /**
   * Sequence number of the last record received; the next connection resumes after it.
   */
  get lastSeq(): number {
    return this._lastSeq;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._socket.dispose();
    Signal.clearData(this);
  }

  private _onMessage(data: unknown): void {
    const message = readStreamMessage(data);
    if (message.problem !== undefined) {
      // One bad message is dropped; the stream and the events after it carry on.
      console.warn(
        `memory-inspector: a stream message of kernel ${this.kernelId} was dropped: ${message.problem}`
      );
      return;
    }
    let event = message.event;
    if (
      event.type === 'monitor' &&
      event.monitor.history_id !== this._historyId
    ) {
      // A new history (the server restarted): its numbers start again from 1.
      this._historyId = event.monitor.history_id;
      this._lastSeq = 0;
    }
    if (event.type === 'records') {
      const fresh = event.records.filter(entry => entry.seq > this._lastSeq);
      if (fresh.length === 0) {
        return;
      }
      this._lastSeq = fresh[fresh.length - 1]!.seq;
      event = { type: 'records', records: fresh };
    }
    this._event.emit(event);
  }

  private readonly _socket: ReconnectingSocket;
  private _lastSeq = 0;
  private _historyId = '';
  private _isDisposed = false;
  private _event = new Signal<this, StreamEvent>(this);
  private _connectionChanged = new Signal<this, boolean>(this);
}
