import { StreamEvent } from '../schema';
import { RecordStream } from '../model/stream';
import { FakeSocket, fakeServerSettings } from './fakeSocket';
import { makeEntry, makeMonitor } from './records';

function query(url: string): URLSearchParams {
  return new URL(url).searchParams;
}

describe('RecordStream', () => {
  let stream: RecordStream;
  let events: StreamEvent[];

  beforeEach(() => {
    jest.useFakeTimers();
    FakeSocket.instances = [];
    stream = new RecordStream(fakeServerSettings(), 'kernel-1');
    events = [];
    stream.event.connect((_, event) => events.push(event));
  });

  afterEach(() => {
    stream.dispose();
    jest.useRealTimers();
  });

  it('connects to the kernel stream from the start, with the token', () => {
    const url = FakeSocket.last().url;
    expect(
      url.startsWith(
        'ws://localhost:8888/memory-inspector/kernels/kernel-1/stream'
      )
    ).toBe(true);
    expect(query(url).get('since')).toBe('0');
    expect(query(url).get('history')).toBeNull();
    expect(query(url).get('token')).toBe('secret');
  });

  it('passes records on and remembers the last sequence number', () => {
    const socket = FakeSocket.last();
    socket.open();
    socket.send({ type: 'monitor', monitor: makeMonitor() });
    socket.send({ type: 'records', records: [makeEntry(1), makeEntry(2)] });
    expect(events.map(event => event.type)).toEqual(['monitor', 'records']);
    expect(stream.lastSeq).toBe(2);
  });

  it('reconnects after a drop and resumes after the last record of the same history', () => {
    const socket = FakeSocket.last();
    socket.open();
    socket.send({ type: 'monitor', monitor: makeMonitor() });
    socket.send({ type: 'records', records: [makeEntry(1), makeEntry(2)] });
    socket.close();
    expect(stream.connected).toBe(false);
    expect(FakeSocket.instances).toHaveLength(1);

    jest.advanceTimersByTime(250);
    const again = FakeSocket.last();
    expect(FakeSocket.instances).toHaveLength(2);
    expect(query(again.url).get('since')).toBe('2');
    expect(query(again.url).get('history')).toBe('history-1');
  });

  it('backs off while the server stays away', () => {
    FakeSocket.last().close();
    jest.advanceTimersByTime(250);
    FakeSocket.last().close();
    jest.advanceTimersByTime(250);
    expect(FakeSocket.instances).toHaveLength(2);
    jest.advanceTimersByTime(250);
    expect(FakeSocket.instances).toHaveLength(3);
  });

  it('drops records it has already seen', () => {
    const socket = FakeSocket.last();
    socket.open();
    socket.send({ type: 'monitor', monitor: makeMonitor() });
    socket.send({ type: 'records', records: [makeEntry(1), makeEntry(2)] });
    socket.send({ type: 'records', records: [makeEntry(2), makeEntry(3)] });
    const seqs = events.flatMap(event =>
      event.type === 'records' ? event.records.map(entry => entry.seq) : []
    );
    expect(seqs).toEqual([1, 2, 3]);
  });

  it('starts over when the server has a new history (it restarted)', () => {
    const socket = FakeSocket.last();
    socket.open();
    socket.send({ type: 'monitor', monitor: makeMonitor() });
    socket.send({ type: 'records', records: [makeEntry(1), makeEntry(2)] });
    socket.close();
    jest.advanceTimersByTime(250);
    const again = FakeSocket.last();
    again.open();
    again.send({
      type: 'monitor',
      monitor: makeMonitor({ history_id: 'history-2' })
    });
    again.send({ type: 'records', records: [makeEntry(1)] });
    expect(stream.lastSeq).toBe(1);
    expect(events.filter(event => event.type === 'records')).toHaveLength(2);
  });

  it('ignores messages that are not JSON', () => {
    const socket = FakeSocket.last();
    socket.onmessage?.({ data: 'not json' });
    expect(events).toEqual([]);
  });

  it('stops reconnecting once disposed', () => {
    const socket = FakeSocket.last();
    stream.dispose();
    socket.close();
    jest.advanceTimersByTime(10_000);
    expect(FakeSocket.instances).toHaveLength(1);
  });
});
