import { nullTranslator } from '@jupyterlab/translation';

import { API_VERSION, checkServer, FRONTEND_VERSION } from '../model/handshake';
import { MemoryInspector } from '../model/inspector';
import { serverStatusMessage } from '../panel/header/serverStatus';
import { ServerStatus } from '../tokens';
import {
  COMPATIBLE_INFO,
  FakeReply,
  fakeServerSettings,
  FakeSocket
} from './fakeSocket';

const trans = nullTranslator.load('jupyterlab_memory_inspector');

function check(routes: Record<string, FakeReply>): Promise<ServerStatus> {
  return checkServer(fakeServerSettings(routes));
}

describe('the version handshake', () => {
  it('speaks the API version of the schema and its own package version', () => {
    expect(API_VERSION).toBe(1);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(FRONTEND_VERSION).toBe(require('../../package.json').version);
  });

  it('finds a server extension of the same API and says nothing', async () => {
    const status = await check({ info: COMPATIBLE_INFO });
    expect(status).toEqual({ kind: 'compatible', serverVersion: '0.1.0' });
    expect(serverStatusMessage(status, trans)).toBeNull();
  });

  it('names both releases and the fix when the API versions differ', async () => {
    const status = await check({
      info: { status: 200, body: { api_version: 2, version: '0.3.0' } }
    });
    expect(status).toEqual({
      kind: 'incompatible',
      frontendVersion: FRONTEND_VERSION,
      serverVersion: '0.3.0'
    });
    const message = serverStatusMessage(status, trans)!;
    expect(message).toContain(`frontend (${FRONTEND_VERSION})`);
    expect(message).toContain('server extension (0.3.0)');
    expect(message).toContain('different releases');
    expect(message).toContain(
      'pip install --upgrade jupyterlab-memory-inspector'
    );
    expect(message).toContain('restart JupyterLab');
  });

  it('takes a server extension without /info for an older release', async () => {
    const status = await check({ kernels: { status: 200, body: [] } });
    expect(status).toEqual({
      kind: 'incompatible',
      frontendVersion: FRONTEND_VERSION,
      serverVersion: null
    });
    const message = serverStatusMessage(status, trans)!;
    expect(message).toContain('server extension (an older release)');
    expect(message).toContain(
      'pip install --upgrade jupyterlab-memory-inspector'
    );
  });

  it('says the server extension is not enabled when neither route answers', async () => {
    const status = await check({});
    expect(status).toEqual({ kind: 'missing' });
    expect(serverStatusMessage(status, trans)).toBe(
      'The jupyterlab_memory_inspector server extension is not enabled: check `jupyter server extension list`.'
    );
  });

  it('says nothing when the server cannot be reached', async () => {
    const status = await check({ info: new TypeError('Failed to fetch') });
    expect(status.kind).toBe('unknown');
    expect(serverStatusMessage(status, trans)).toBeNull();
  });

  it('is asked by the model at start, which emits the outcome', async () => {
    FakeSocket.instances = [];
    const inspector = new MemoryInspector(
      fakeServerSettings({
        info: { status: 200, body: { api_version: 2, version: '0.3.0' } }
      })
    );
    expect(inspector.serverStatus).toEqual({ kind: 'checking' });
    const status = await new Promise<ServerStatus>(resolve =>
      inspector.serverStatusChanged.connect((_, value) => resolve(value))
    );
    expect(status.kind).toBe('incompatible');
    expect(inspector.serverStatus).toBe(status);
  });
});
