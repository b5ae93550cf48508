import { addRecords } from '../kernelMemory';
import { MemoryInspector } from '../model';
import { CellRecord, RecordEntry } from '../schema';
import { FakeSocket, fakeServerSettings } from './fakeSocket';
import { makeEntry, makeMonitor } from './records';

describe('MemoryInspector', () => {
  beforeEach(() => {
    FakeSocket.instances = [];
  });

  it('shares one model per kernel and disposes it with the last release', () => {
    const inspector = new MemoryInspector(fakeServerSettings());
    const first = inspector.acquire('kernel-1');
    const second = inspector.acquire('kernel-1');
    expect(second).toBe(first);
    expect(FakeSocket.instances).toHaveLength(1);

    inspector.release(first);
    expect(first.isDisposed).toBe(false);
    inspector.release(second);
    expect(first.isDisposed).toBe(true);
    expect(inspector.acquire('kernel-1')).not.toBe(first);
  });

  it('ignores the release of a model it did not hand out', () => {
    const inspector = new MemoryInspector(fakeServerSettings());
    const other = new MemoryInspector(fakeServerSettings()).acquire('kernel-1');
    const mine = inspector.acquire('kernel-1');
    inspector.release(other);
    expect(mine.isDisposed).toBe(false);
  });

  it('emits the settings it is given', () => {
    const inspector = new MemoryInspector(fakeServerSettings());
    const seen: boolean[] = [];
    inspector.settingsChanged.connect((_, settings) =>
      seen.push(settings.showBadges)
    );
    inspector.updateSettings({ showBadges: false });
    expect(inspector.settings.showBadges).toBe(false);
    expect(seen).toEqual([false]);
  });
});

describe('KernelMemory', () => {
  it('keeps the newest record of each cell from its stream', () => {
    FakeSocket.instances = [];
    const inspector = new MemoryInspector(fakeServerSettings());
    const memory = inspector.acquire('kernel-1');
    const added: (readonly CellRecord[])[] = [];
    memory.recordsAdded.connect((_, records) => added.push(records));
    const socket = FakeSocket.last();
    socket.open();
    socket.send({ type: 'monitor', monitor: makeMonitor() });
    socket.send({
      type: 'records',
      records: [
        makeEntry(1, { cell_id: 'a', execution_count: 1 }),
        makeEntry(2, { cell_id: 'b', execution_count: 2 }),
        makeEntry(3, { cell_id: 'a', execution_count: 3 })
      ]
    });
    expect(memory.monitor?.state).toBe('active');
    expect(memory.latestForCell('a')?.execution_count).toBe(3);
    expect(memory.latestForCell('b')?.execution_count).toBe(2);
    expect(memory.latestForCell('c')).toBeUndefined();
    expect(memory.records).toHaveLength(3);
    expect(added).toHaveLength(1);
  });
});

describe('addRecords', () => {
  it('does not index records without a cell id', () => {
    const records: RecordEntry[] = [];
    const byCell = new Map<string, CellRecord>();
    addRecords(records, byCell, [makeEntry(1, { cell_id: null })]);
    expect(records).toHaveLength(1);
    expect(byCell.size).toBe(0);
  });
});
