import { nullTranslator } from '@jupyterlab/translation';

import { isBusyError } from '../model/errors';
import { MemoryInspector } from '../model/inspector';
import { problemMessage } from '../panel/suggestions/problem';
import { COMPATIBLE_INFO, FakeReply, fakeServerSettings } from './fakeSocket';

const trans = nullTranslator.load('jupyterlab-memory-inspector');

async function adviceFailure(reply: FakeReply): Promise<unknown> {
  const inspector = new MemoryInspector(
    fakeServerSettings({ info: COMPATIBLE_INFO, 'kernels/k/advice': reply }, [])
  );
  return inspector
    .advice('k', { cells: [], cell_id: null })
    .catch((reason: unknown) => reason);
}

describe('what the panel says when the kernel cannot answer', () => {
  it('says in the server’s plain words that the kernel did not answer in time', async () => {
    const error = await adviceFailure({
      status: 504,
      body: {
        code: 504,
        message:
          'the kernel did not answer in 10 s; it may be busy in native code'
      }
    });
    expect(isBusyError(error)).toBe(true);
    expect(problemMessage(error, trans)).toEqual({
      kind: 'busy',
      text: 'The kernel did not answer in 10 s; it may be busy in native code.'
    });
  });

  it('says that a cell runs, as the server says it', async () => {
    const error = await adviceFailure({
      status: 409,
      body: {
        code: 409,
        message: 'a cell is running: ask for advice when it has finished'
      }
    });
    expect(problemMessage(error, trans)).toEqual({
      kind: 'busy',
      text: 'A cell is running: ask for advice when it has finished.'
    });
  });

  it('reports any other failure as an error', async () => {
    const error = await adviceFailure({
      status: 500,
      body: { code: 500, message: 'Internal Server Error' }
    });
    expect(isBusyError(error)).toBe(false);
    expect(problemMessage(error, trans)).toEqual({
      kind: 'error',
      text: 'Could not ask the kernel for suggestions: Internal Server Error'
    });
  });
});
