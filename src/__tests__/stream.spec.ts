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
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    const socket = FakeSocket.last();
    socket.onmessage?.({ data: 'not json' });
    expect(events).toEqual([]);
    expect(warn).toHaveBeenCalledWith(
      'memory-inspector: a stream message of kernel kernel-1 was dropped: not JSON'
    );
    warn.mockRestore();
  });

  describe('a malformed event', () => {
    let warn: jest.SpyInstance;

    beforeEach(() => {
      warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    });

    afterEach(() => {
      warn.mockRestore();
    });

    function sendRaw(socket: FakeSocket, value: unknown): void {
      socket.onmessage?.({ data: JSON.stringify(value) });
    }

    it('between two good ones is dropped with a warning, and the good ones arrive', () => {
      const socket = FakeSocket.last();
      socket.open();
      socket.send({ type: 'monitor', monitor: makeMonitor() });
      const { gc, ...withoutGc } = makeEntry(2).record;
      sendRaw(socket, {
        type: 'records',
        records: [{ seq: 2, record: withoutGc }]
      });
      socket.send({ type: 'records', records: [makeEntry(3)] });
      expect(events.map(event => event.type)).toEqual(['monitor', 'records']);
      const seqs = events.flatMap(event =>
        event.type === 'records' ? event.records.map(entry => entry.seq) : []
      );
      expect(seqs).toEqual([3]);
      expect(stream.lastSeq).toBe(3);
      expect(gc).toBeDefined();
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn).toHaveBeenCalledWith(
        "memory-inspector: a stream message of kernel kernel-1 was dropped: records[0].record: must have required property 'gc'"
      );
    });

    it.each([
      [
        'an unknown type',
        { type: 'recordz', records: [] },
        'type: must be equal to constant'
      ],
      [
        'a wrong type deep in a record',
        {
          type: 'records',
          records: [
            {
              ...makeEntry(1),
              record: { ...makeEntry(1).record, rss_after: '5' }
            }
          ]
        },
        'records[0].record.rss_after: must be integer'
      ],
      [
        'a sequence number below 1',
        { type: 'records', records: [{ ...makeEntry(1), seq: 0 }] },
        'records[0].seq: must be >= 1'
      ],
      [
        'a monitor without its history',
        {
          type: 'monitor',
          monitor: { ...makeMonitor(), history_id: undefined }
        },
        "monitor: must have required property 'history_id'"
      ],
      [
        'a sample of a string',
        {
          type: 'samples',
          samples: [{ time: 1, memory: 'lots', probe_session: null }]
        },
        'samples[0].memory: must be integer'
      ],
      ['not an object', [1, 2], 'must be object'],
      ['null', null, 'must be object']
    ])('%s is dropped with a warning that says where', (_, value, where) => {
      const socket = FakeSocket.last();
      socket.open();
      socket.send({ type: 'monitor', monitor: makeMonitor() });
      sendRaw(socket, value);
      expect(events.map(event => event.type)).toEqual(['monitor']);
      expect(stream.lastSeq).toBe(0);
      expect(warn).toHaveBeenCalledWith(
        `memory-inspector: a stream message of kernel kernel-1 was dropped: ${where}`
      );
    });

    it('does not stop the stream: it still resumes after the last good record', () => {
      const socket = FakeSocket.last();
      socket.open();
      socket.send({ type: 'monitor', monitor: makeMonitor() });
      socket.send({ type: 'records', records: [makeEntry(1)] });
      sendRaw(socket, { type: 'records', records: [{ seq: 'two' }] });
      socket.close();
      jest.advanceTimersByTime(250);
      expect(query(FakeSocket.last().url).get('since')).toBe('1');
    });
  });

  it('accepts a field it does not know (a later server may add one)', () => {
    const socket = FakeSocket.last();
    socket.open();
    socket.onmessage?.({
      data: JSON.stringify({
        type: 'monitor',
        monitor: { ...makeMonitor(), gpu: null }
      })
    });
    expect(events.map(event => event.type)).toEqual(['monitor']);
  });

  it('stops reconnecting once disposed', () => {
    const socket = FakeSocket.last();
    stream.dispose();
    socket.close();
    jest.advanceTimersByTime(10_000);
    expect(FakeSocket.instances).toHaveLength(1);
  });
});
