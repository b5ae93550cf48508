import { ServerConnection } from '@jupyterlab/services';
import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';

import { StreamEvent } from '../schema';
import { streamUrl } from './request';
import { readStreamMessage } from './streamEvent';

/**
 * Delays before reconnecting, in milliseconds: quick at first, then backing off.
 */
const RECONNECT_DELAYS = [250, 500, 1000, 2000, 5000];

/**
 * A kernel's record stream from the server, which reconnects by itself and resumes after the
 * last record it saw, so that a dropped socket or a restarted server loses nothing it had.
 */
export class RecordStream implements IDisposable {
  constructor(
    private readonly _serverSettings: ServerConnection.ISettings,
    readonly kernelId: string
  ) {
    this._connect();
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
    return this._socket?.readyState === WebSocket.OPEN;
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
    if (this._timer !== null) {
      clearTimeout(this._timer);
    }
    const socket = this._socket;
    this._socket = null;
    socket?.close();
    Signal.clearData(this);
  }

  private _connect(): void {
    const settings = this._serverSettings;
    const socket = new settings.WebSocket(
      streamUrl(settings, this.kernelId, this._lastSeq, this._historyId)
    );
    this._socket = socket;
    socket.onopen = () => {
      this._attempt = 0;
      this._connectionChanged.emit(true);
    };
    socket.onmessage = (message: MessageEvent) => {
      this._onMessage(message.data);
    };
    socket.onclose = () => {
      if (this._socket !== socket) {
        return;
      }
      this._socket = null;
      this._connectionChanged.emit(false);
      this._scheduleReconnect();
    };
  }

  private _scheduleReconnect(): void {
    if (this._isDisposed) {
      return;
    }
    const delay =
      RECONNECT_DELAYS[Math.min(this._attempt, RECONNECT_DELAYS.length - 1)]!;
    this._attempt += 1;
    this._timer = setTimeout(() => {
      this._timer = null;
      if (!this._isDisposed) {
        this._connect();
      }
    }, delay);
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

  private _socket: WebSocket | null = null;
  private _timer: ReturnType<typeof setTimeout> | null = null;
  private _attempt = 0;
  private _lastSeq = 0;
  private _historyId = '';
  private _isDisposed = false;
  private _event = new Signal<this, StreamEvent>(this);
  private _connectionChanged = new Signal<this, boolean>(this);
}
