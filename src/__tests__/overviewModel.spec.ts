import { Kernel } from '@jupyterlab/services';

import { KernelOverview } from '../model/overview';
import { OverviewReply } from '../schema';
import { FakeSocket, fakeServerSettings } from './fakeSocket';

function overview(time: number): OverviewReply {
  return {
    time,
    kernels: [],
    total: 0,
    limit: null,
    limit_kind: null,
    share: null
  };
}

describe('KernelOverview', () => {
  let model: KernelOverview;
  let seen: number[];

  beforeEach(() => {
    jest.useFakeTimers();
    FakeSocket.instances = [];
    // The kernel manager serves shutdowns only, which these tests do not ask for.
    model = new KernelOverview(fakeServerSettings(), {} as Kernel.IManager);
    seen = [];
    model.changed.connect((_, reply) => seen.push(reply.time));
  });

  afterEach(() => {
    model.dispose();
    jest.useRealTimers();
  });

  it('connects to the overview stream with the token', () => {
    const url = new URL(FakeSocket.last().url);
    expect(url.pathname).toBe('/memory-inspector/overview/stream');
    expect(url.searchParams.get('token')).toBe('secret');
  });

  it('keeps the last overview through a drop, and takes the next after reconnecting', () => {
    FakeSocket.last().open();
    FakeSocket.last().send({ type: 'overview', overview: overview(1) });
    FakeSocket.last().close();
    expect(model.overview?.time).toBe(1);

    jest.advanceTimersByTime(250);
    expect(FakeSocket.instances).toHaveLength(2);
    FakeSocket.last().open();
    FakeSocket.last().send({ type: 'overview', overview: overview(2) });
    expect(seen).toEqual([1, 2]);
    expect(model.overview?.time).toBe(2);
  });

  it('stops reconnecting once disposed', () => {
    const socket = FakeSocket.last();
    model.dispose();
    socket.close();
    jest.advanceTimersByTime(10_000);
    expect(FakeSocket.instances).toHaveLength(1);
  });
});
