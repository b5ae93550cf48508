import { isBusyError } from '../model/errors';
import { MemoryInspector } from '../model/inspector';
import { AdviceReply, AdviceRequest, ReportRequest } from '../schema';
import {
  COMPATIBLE_INFO,
  FakeReply,
  fakeServerSettings,
  IAsked
} from './fakeSocket';

const REPLY: AdviceReply = {
  suggestions: [],
  cell: { source: '', suggestions: [], predicted: 0 },
  record_seq: 3
} as unknown as AdviceReply;

const REPORT: ReportRequest = {
  format: 'csv',
  notebook_path: 'work/nb.ipynb',
  cells: [],
  save: false
};

function inspectorWith(
  routes: Record<string, FakeReply>,
  asked: IAsked[]
): MemoryInspector {
  return new MemoryInspector(
    fakeServerSettings({ info: COMPATIBLE_INFO, ...routes }, asked)
  );
}

describe('the model’s actions', () => {
  it('asks the server for advice on a kernel', async () => {
    const asked: IAsked[] = [];
    const inspector = inspectorWith(
      { 'kernels/k%201/advice': { status: 200, body: REPLY } },
      asked
    );
    const request: AdviceRequest = { cells: [], cell_id: null, choose: ['a'] };
    await expect(inspector.advice('k 1', request)).resolves.toEqual(REPLY);
    expect(asked).toContainEqual({
      method: 'POST',
      path: 'kernels/k%201/advice',
      body: JSON.stringify(request)
    });
  });

  it('rejects with a busy error while a cell runs', async () => {
    const inspector = inspectorWith(
      {
        'kernels/k/advice': {
          status: 409,
          body: { code: 'busy', message: 'a cell is running' }
        }
      },
      []
    );
    const error = await inspector
      .advice('k', { cells: [], cell_id: null })
      .catch((reason: unknown) => reason);
    expect(isBusyError(error)).toBe(true);
    expect((error as Error).message).toBe('a cell is running');
  });

  it('hands over a downloaded report under the server’s file name', async () => {
    const asked: IAsked[] = [];
    const inspector = inspectorWith(
      {
        'kernels/k/report': {
          status: 200,
          body: 'cell,rss',
          headers: {
            'Content-Disposition': 'attachment; filename="from-server.csv"'
          }
        }
      },
      asked
    );
    const exported = await inspector.exportReport('k', REPORT);
    expect(exported.kind).toBe('download');
    if (exported.kind === 'download') {
      expect(exported.filename).toBe('from-server.csv');
      expect(exported.blob.type).toBe('text/csv');
    }
    expect(asked.find(request => request.path === 'kernels/k/report')).toEqual({
      method: 'POST',
      path: 'kernels/k/report',
      body: JSON.stringify(REPORT)
    });
  });

  it('says where the server saved a report', async () => {
    const inspector = inspectorWith(
      {
        'kernels/k/report': {
          status: 200,
          body: { path: 'work/nb-memory-report.csv' }
        }
      },
      []
    );
    await expect(
      inspector.exportReport('k', { ...REPORT, save: true })
    ).resolves.toEqual({ kind: 'saved', path: 'work/nb-memory-report.csv' });
  });
});
