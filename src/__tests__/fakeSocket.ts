import { ServerConnection } from '@jupyterlab/services';

import { StreamEvent } from '../schema';

/**
 * A stand-in for the browser's WebSocket that a test drives by hand.
 */
export class FakeSocket {
  static instances: FakeSocket[] = [];
  static readonly OPEN = 1;
  static readonly CLOSED = 3;

  constructor(readonly url: string) {
    FakeSocket.instances.push(this);
  }

  readyState = 0;
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;

  open(): void {
    this.readyState = FakeSocket.OPEN;
    this.onopen?.();
  }

  send(event: StreamEvent): void {
    this.onmessage?.({ data: JSON.stringify(event) });
  }

  close(): void {
    this.readyState = FakeSocket.CLOSED;
    this.onclose?.();
  }

  static last(): FakeSocket {
    return FakeSocket.instances[FakeSocket.instances.length - 1]!;
  }
}

/**
 * What the fake server answers to a path under `memory-inspector/`: a status and a JSON
 * body, or an error thrown as a failed network request would.
 */
export type FakeReply =
  { status: number; body?: unknown; headers?: Record<string, string> } | Error;

/**
 * The reply of a server extension that speaks this frontend's API.
 */
export const COMPATIBLE_INFO: FakeReply = {
  status: 200,
  body: { api_version: 1, version: '0.1.0' }
};

/**
 * A request the fake server received.
 */
export interface IAsked {
  method: string;
  path: string;
  body: string;
}

/**
 * A fetch that answers from `routes` (keyed by the path under `memory-inspector/`) and 404
 * for anything else, recording the paths asked.
 */
export function fakeFetch(
  routes: Record<string, FakeReply>,
  asked: IAsked[] = []
): typeof fetch {
  return async (input: RequestInfo | URL) => {
    const request = input instanceof Request ? input : new Request(input);
    const path = new URL(request.url).pathname.replace(
      /^\/memory-inspector\//,
      ''
    );
    asked.push({ method: request.method, path, body: await request.text() });
    const reply = routes[path] ?? { status: 404 };
    if (reply instanceof Error) {
      throw reply;
    }
    return new Response(
      reply.body === undefined ? null : JSON.stringify(reply.body),
      { status: reply.status, headers: reply.headers }
    );
  };
}

export function fakeServerSettings(
  routes: Record<string, FakeReply> = { info: COMPATIBLE_INFO },
  asked: IAsked[] = []
): ServerConnection.ISettings {
  return ServerConnection.makeSettings({
    baseUrl: 'http://localhost:8888/',
    wsUrl: 'ws://localhost:8888/',
    token: 'secret',
    appendToken: true,
    WebSocket: FakeSocket as unknown as typeof WebSocket,
    fetch: fakeFetch(routes, asked)
  });
}
