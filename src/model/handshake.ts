import { ServerConnection } from '@jupyterlab/services';

import { isNotFoundError } from './errors';
import { requestAPI } from './request';
import { ServerInfo } from '../schema';
import { ServerStatus } from '../tokens';

/**
 * The API version this frontend speaks. Typed from the schema, so that a new API version in
 * the schema does not compile until this changes with it.
 */
export const API_VERSION: ServerInfo['api_version'] = 1;

/**
 * The version of this frontend's package, to name both halves when they disagree. Read by the
 * bundler: `package.json` is outside `src/`, where TypeScript's imports cannot reach.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const FRONTEND_VERSION: string = require('../../package.json').version;

/**
 * Ask the server extension which API it speaks. A server extension from before the handshake
 * has no `info` route but answers `kernels`; with neither, it is not enabled.
 */
export async function checkServer(
  serverSettings: ServerConnection.ISettings
): Promise<ServerStatus> {
  try {
    const info = await requestAPI<ServerInfo>(serverSettings, 'info');
    // The reply comes from another release, whatever the schema of this one says it holds.
    if ((info.api_version as number) === API_VERSION) {
      return { kind: 'compatible', serverVersion: info.version };
    }
    return {
      kind: 'incompatible',
      frontendVersion: FRONTEND_VERSION,
      serverVersion: String(info.version)
    };
  } catch (error) {
    if (!isNotFoundError(error)) {
      return { kind: 'unknown', reason: String((error as Error).message) };
    }
  }
  try {
    await requestAPI<unknown>(serverSettings, 'kernels');
    return {
      kind: 'incompatible',
      frontendVersion: FRONTEND_VERSION,
      serverVersion: null
    };
  } catch (error) {
    return isNotFoundError(error)
      ? { kind: 'missing' }
      : { kind: 'unknown', reason: String((error as Error).message) };
  }
}
