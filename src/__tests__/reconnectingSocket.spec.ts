import { ReconnectingSocket } from '../model/reconnectingSocket';
import { FakeSocket, fakeServerSettings } from './fakeSocket';

describe('ReconnectingSocket', () => {
  let socket: ReconnectingSocket;
  let urls: number;
  let messages: unknown[];
  let changes: boolean[];

  beforeEach(() => {
    jest.useFakeTimers();
    FakeSocket.instances = [];
    urls = 0;
    socket = new ReconnectingSocket(fakeServerSettings(), () => {
      urls += 1;
      return `ws://localhost:8888/stream?attempt=${urls}`;
    });
    messages = [];
    changes = [];
    socket.message.connect((_, data) => messages.push(data));
    socket.connectionChanged.connect((_, connected) => changes.push(connected));
  });

  afterEach(() => {
    socket.dispose();
    jest.useRealTimers();
  });

  it('connects at once, and passes each message on and each opening and closing', () => {
    const first = FakeSocket.last();
    expect(first.url).toBe('ws://localhost:8888/stream?attempt=1');
    expect(socket.connected).toBe(false);
    first.open();
    expect(socket.connected).toBe(true);
    first.send({ type: 'records', records: [] });
    first.close();
    expect(socket.connected).toBe(false);
    expect(messages).toEqual(['{"type":"records","records":[]}']);
    expect(changes).toEqual([true, false]);
  });

  it('reconnects after a drop, asking for the URL again', () => {
    FakeSocket.last().open();
    FakeSocket.last().close();
    jest.advanceTimersByTime(249);
    expect(FakeSocket.instances).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(FakeSocket.instances).toHaveLength(2);
    expect(FakeSocket.last().url).toBe('ws://localhost:8888/stream?attempt=2');
  });

  it('backs off while the server stays away, up to 5 s, and starts over once open', () => {
    const waits: number[] = [];
    for (let attempt = 0; attempt < 7; attempt++) {
      FakeSocket.last().close();
      const before = FakeSocket.instances.length;
      let waited = 0;
      while (FakeSocket.instances.length === before) {
        jest.advanceTimersByTime(50);
        waited += 50;
      }
      waits.push(waited);
    }
    expect(waits).toEqual([250, 500, 1000, 2000, 5000, 5000, 5000]);

    FakeSocket.last().open();
    FakeSocket.last().close();
    jest.advanceTimersByTime(250);
    expect(FakeSocket.instances).toHaveLength(9);
  });

  it('stops reconnecting once disposed, also when disposed while waiting', () => {
    const first = FakeSocket.last();
    first.close();
    socket.dispose();
    jest.advanceTimersByTime(10_000);
    expect(FakeSocket.instances).toHaveLength(1);
    expect(socket.isDisposed).toBe(true);
  });

  it('closes its socket when disposed, without a word of it', () => {
    const first = FakeSocket.last();
    first.open();
    socket.dispose();
    expect(first.readyState).toBe(FakeSocket.CLOSED);
    jest.advanceTimersByTime(10_000);
    expect(FakeSocket.instances).toHaveLength(1);
    expect(changes).toEqual([true]);
  });
});
