import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

import { ErrorReply } from '../schema';
import { MemoryInspectorRequestError } from './errors';

/**
 * The REST namespace of the server extension.
 */
export const API_NAMESPACE = 'memory-inspector';

/**
 * Call the server extension's REST API and return the parsed JSON reply.
 */
export async function requestAPI<T>(
  serverSettings: ServerConnection.ISettings,
  path: string,
  init: RequestInit = {}
): Promise<T> {
  const response = await requestResponse(serverSettings, path, init);
  const text = await response.text();
  return (text.length > 0 ? JSON.parse(text) : null) as T;
}

/**
 * Call the server extension's REST API and return the successful response as it is, for a
 * reply that is not JSON (a report to download).
 *
 * A 404 on the namespace itself means the server extension is not loaded, which deserves a
 * message that says how to check, rather than "Not Found".
 */
export async function requestResponse(
  serverSettings: ServerConnection.ISettings,
  path: string,
  init: RequestInit = {}
): Promise<Response> {
  const url = URLExt.join(serverSettings.baseUrl, API_NAMESPACE, path);
  let response: Response;
  try {
    response = await ServerConnection.makeRequest(url, init, serverSettings);
  } catch (error) {
    throw new ServerConnection.NetworkError(error as TypeError);
  }
  if (response.ok) {
    return response;
  }
  const text = await response.text();
  let body: unknown = null;
  if (text.length > 0) {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }
  const reply =
    body && typeof body === 'object' && 'message' in body
      ? (body as Partial<ErrorReply>)
      : null;
  const message = reply
    ? String(reply.message)
    : response.status === 404
      ? 'The jupyterlab_memory_inspector server extension is not enabled: check `jupyter server extension list`.'
      : response.statusText;
  throw new MemoryInspectorRequestError(
    message,
    response.status,
    reply?.messages?.message
  );
}

/**
 * The websocket URL of a kernel's record stream, resuming after sequence number `since` of
 * the server's history `historyId` (an empty id: from the start).
 */
export function streamUrl(
  serverSettings: ServerConnection.ISettings,
  kernelId: string,
  since: number,
  historyId: string
): string {
  const base = URLExt.join(
    serverSettings.wsUrl,
    API_NAMESPACE,
    'kernels',
    encodeURIComponent(kernelId),
    'stream'
  );
  const query: Record<string, string> = { since: String(since) };
  if (historyId) {
    query.history = historyId;
  }
  if (serverSettings.appendToken && serverSettings.token) {
    query.token = serverSettings.token;
  }
  return base + URLExt.objectToQueryString(query);
}
