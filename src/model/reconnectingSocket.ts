import { ServerConnection } from '@jupyterlab/services';
import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';

/**
 * Delays before reconnecting, in milliseconds: quick at first, then backing off.
 */
export const RECONNECT_DELAYS = [250, 500, 1000, 2000, 5000];

/**
 * A websocket to the server that reconnects by itself until disposed, backing off while the
 * server stays away. The URL is asked for at each connection, so that a stream can resume
 * from where it was.
 */
export class ReconnectingSocket implements IDisposable {
  constructor(
    private readonly _serverSettings: ServerConnection.ISettings,
    private readonly _url: () => string
  ) {
    this._connect();
  }

  /**
   * The data of each message from the server.
   */
  get message(): ISignal<this, unknown> {
    return this._message;
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
    const socket = new this._serverSettings.WebSocket(this._url());
    this._socket = socket;
    socket.onopen = () => {
      this._attempt = 0;
      this._connectionChanged.emit(true);
    };
    socket.onmessage = (message: MessageEvent) => {
      this._message.emit(message.data);
    };
    socket.onclose = () => {
      // A socket given up on (disposed, or replaced) closes without a say.
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

  private _socket: WebSocket | null = null;
  private _timer: ReturnType<typeof setTimeout> | null = null;
  private _attempt = 0;
  private _isDisposed = false;
  private _message = new Signal<this, unknown>(this);
  private _connectionChanged = new Signal<this, boolean>(this);
}
