import { addRecords, addSamples, MAX_SAMPLES } from '../model/kernelMemory';
import { kernelSettingsChanges, MemoryInspector } from '../model/inspector';
import { CellRecord, RecordEntry, Sample } from '../schema';
import { DEFAULT_SETTINGS } from '../model/settings';
import { FakeSocket, fakeServerSettings } from './fakeSocket';
import { makeEntry, makeMonitor, makeProbe } from './records';

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
    inspector.updateSettings({ ...DEFAULT_SETTINGS, showBadges: false });
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

describe('KernelMemory live samples and restarts', () => {
  beforeEach(() => {
    FakeSocket.instances = [];
  });

  it('keeps the samples, once each, and tells the inspector that memory changed', () => {
    const inspector = new MemoryInspector(fakeServerSettings());
    const memory = inspector.acquire('kernel-1');
    const changed: string[] = [];
    inspector.memoryChanged.connect((_, m) => changed.push(m.kernelId));
    const socket = FakeSocket.last();
    socket.open();
    socket.send({ type: 'monitor', monitor: makeMonitor() });
    socket.send({
      type: 'samples',
      samples: [
        { time: 1, memory: 10, probe_session: null },
        { time: 2, memory: 20, probe_session: null }
      ]
    });
    // A reconnect replays the recent samples.
    socket.send({
      type: 'samples',
      samples: [
        { time: 2, memory: 20, probe_session: null },
        { time: 3, memory: 30, probe_session: null }
      ]
    });
    expect(memory.samples.map(s => s.time)).toEqual([1, 2, 3]);
    expect(changed).toEqual(['kernel-1', 'kernel-1']);
  });

  it('notes a restart seen live, after the last sample of the old process', () => {
    const inspector = new MemoryInspector(fakeServerSettings());
    const memory = inspector.acquire('kernel-1');
    const socket = FakeSocket.last();
    socket.open();
    const active = makeMonitor({ probe: makeProbe({ probe_session: 'a' }) });
    socket.send({ type: 'monitor', monitor: active });
    socket.send({
      type: 'records',
      records: [makeEntry(1, { probe_session: 'a', end: 5 })]
    });
    socket.send({
      type: 'samples',
      samples: [{ time: 7, memory: 1, probe_session: null }]
    });
    expect(memory.currentSession).toBe('a');
    expect(memory.isCurrent(memory.latest!)).toBe(true);

    socket.send({
      type: 'monitor',
      monitor: makeMonitor({ state: 'connecting', probe: null })
    });
    expect(memory.restarts).toEqual([7]);
    expect(memory.currentSession).toBeNull();
    expect(memory.isCurrent(memory.latest!)).toBe(false);

    socket.send({
      type: 'monitor',
      monitor: makeMonitor({ probe: makeProbe({ probe_session: 'b' }) })
    });
    expect(memory.restarts).toEqual([7]);
    expect(memory.currentSession).toBe('b');
  });
});

describe('addSamples', () => {
  it('keeps at most as many samples as the server does', () => {
    const samples: Sample[] = [];
    addSamples(
      samples,
      Array.from({ length: MAX_SAMPLES + 10 }, (_, i) => ({
        time: i,
        memory: i,
        probe_session: null
      }))
    );
    expect(samples).toHaveLength(MAX_SAMPLES);
    expect(samples[0]!.time).toBe(10);
  });
});

describe('kernelSettingsChanges', () => {
  const monitor = makeMonitor({ probe: makeProbe() });

  it('asks for nothing when the kernel already has the settings', () => {
    expect(kernelSettingsChanges(monitor, DEFAULT_SETTINGS)).toBeNull();
  });

  it('sends the sampling interval and the scan budget (in seconds) that differ', () => {
    expect(
      kernelSettingsChanges(monitor, {
        ...DEFAULT_SETTINGS,
        sampleInterval: 1,
        scanBudgetMs: 250
      })
    ).toEqual({ sample_interval: 1, scan_budget: 0.25 });
  });

  it('sends a new frame count to a kernel that traces, and only to one that does', () => {
    const settings = { ...DEFAULT_SETTINGS, traceFrames: 3 };
    const tracing = makeMonitor({
      probe: makeProbe({
        config: { ...makeProbe().config, tracing: true, nframes: 1 }
      })
    });
    expect(kernelSettingsChanges(tracing, settings)).toEqual({ nframes: 3 });
    expect(kernelSettingsChanges(monitor, settings)).toBeNull();
  });

  it('asks nothing of a kernel without a probe', () => {
    const settings = { ...DEFAULT_SETTINGS, sampleInterval: 2 };
    expect(
      kernelSettingsChanges(makeMonitor({ state: 'unsupported' }), settings)
    ).toBeNull();
    expect(kernelSettingsChanges(makeMonitor(), settings)).toBeNull();
  });
});
