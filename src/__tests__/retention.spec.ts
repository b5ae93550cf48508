import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { nullTranslator } from '@jupyterlab/translation';

import { createBadge, fillBadge } from '../badges/badge';
import { MemoryInspector } from '../model/inspector';
import { dropOldest } from '../model/kernelMemory';
import { DEFAULT_SETTINGS, readSettings } from '../model/settings';
import { leakingCells } from '../panel/leaks/leakingCells';
import { droppedNote, showDroppedNote } from '../panel/timeline/droppedNote';
import { IKernelMemory } from '../tokens';
import { FakeSocket, fakeServerSettings } from './fakeSocket';
import { makeEntry, makeMonitor, makeProbe, MiB } from './records';

// The plugin's own schema, where the ranges and defaults are defined.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const schema: ISettingRegistry.ISchema = require('../../schema/plugin.json');

const trans = nullTranslator.load('jupyterlab_memory_inspector');

/**
 * A kernel model fed by a fake stream, keeping `maxRecords` records and `maxSamples` samples.
 */
function boundedMemory(maxRecords: number, maxSamples: number) {
  FakeSocket.instances = [];
  const inspector = new MemoryInspector(fakeServerSettings());
  inspector.updateSettings({ ...DEFAULT_SETTINGS, maxRecords, maxSamples });
  const memory = inspector.acquire('kernel-1');
  const socket = FakeSocket.last();
  socket.open();
  socket.send({ type: 'monitor', monitor: makeMonitor() });
  return { inspector, memory, socket };
}

function samples(from: number, count: number) {
  return Array.from({ length: count }, (_, i) => ({
    time: from + i,
    memory: from + i,
    probe_session: 'session-1'
  }));
}

describe('a kernel model keeps a bounded number of records and samples', () => {
  it('keeps the newest records, drops the oldest first and counts them', () => {
    const { memory, socket } = boundedMemory(3, 100);
    socket.send({
      type: 'records',
      records: [1, 2, 3, 4].map(seq => makeEntry(seq))
    });
    socket.send({ type: 'records', records: [makeEntry(5)] });
    expect(memory.records.map(entry => entry.seq)).toEqual([3, 4, 5]);
    expect(memory.droppedRecords).toBe(2);
    expect(memory.latest?.cell_id).toBe('cell-5');
  });

  it('keeps the badge of a cell whose records were dropped', () => {
    const { memory, socket } = boundedMemory(2, 100);
    socket.send({
      type: 'records',
      records: [1, 2, 3].map(seq => makeEntry(seq))
    });
    expect(memory.records.map(entry => entry.seq)).toEqual([2, 3]);
    expect(memory.latestForCell('cell-1')?.cell_id).toBe('cell-1');
  });

  it("keeps every cell's badge at the default bound, by the cell's newest run", () => {
    const { memory, socket } = boundedMemory(
      DEFAULT_SETTINGS.maxRecords,
      DEFAULT_SETTINGS.maxSamples
    );
    const cells = DEFAULT_SETTINGS.maxRecords + 500;
    const runAll = (from: number, count: number) =>
      Array.from({ length: cells }, (_, i) =>
        makeEntry(from + i, { cell_id: `cell-${i}`, execution_count: count })
      );
    socket.send({ type: 'records', records: runAll(1, 1) });
    socket.send({
      type: 'records',
      records: [makeEntry(cells + 1, { cell_id: 'cell-7', execution_count: 2 })]
    });
    expect(memory.records).toHaveLength(DEFAULT_SETTINGS.maxRecords);
    expect(memory.droppedRecords).toBe(501);
    // The first cells' runs left the timeline; their badges show them still.
    const first = createBadge();
    fillBadge(first, memory.latestForCell('cell-0')!, trans);
    expect(first.dataset.cellId).toBe('cell-0');
    expect(first.dataset.executionCount).toBe('1');
    const rerun = createBadge();
    fillBadge(rerun, memory.latestForCell('cell-7')!, trans);
    expect(rerun.dataset.executionCount).toBe('2');
    expect(memory.latestForCell(`cell-${cells - 1}`)?.execution_count).toBe(1);
  });

  it("keeps a dropped run's badge without its variables, so a long Run All leaves little per cell", () => {
    const { memory, socket } = boundedMemory(2, 100);
    const names = {
      items: Array.from({ length: 100 }, (_, i) => ({
        name: `name_${i}`,
        kind: 'name' as const,
        type: 'builtins.list',
        size: MiB,
        exact: true,
        summary: '',
        new: true,
        view_of: null,
        holders: []
      })),
      partial: false,
      scanned: 100,
      total: 100,
      elapsed: 0.01,
      budget: 0.05
    };
    socket.send({
      type: 'records',
      records: [1, 2, 3].map(seq => makeEntry(seq, { variables: names }))
    });
    const dropped = memory.latestForCell('cell-1')!;
    expect(dropped).not.toHaveProperty('variables');
    // Everything a badge shows stays.
    expect(dropped.rss_delta).toBe(memory.records[0]!.record.rss_delta);
    expect(dropped.gc).toEqual(memory.records[0]!.record.gc);
    // The runs the timeline still shows keep all of their record, shared with the index.
    expect(memory.latestForCell('cell-3')).toBe(memory.records[1]!.record);
    expect(memory.latestForCell('cell-3')).toHaveProperty('variables', names);
  });

  it('keeps the variables of a cell whose newest run is kept, when an older run of it is dropped', () => {
    const { memory, socket } = boundedMemory(2, 100);
    socket.send({
      type: 'records',
      records: [
        makeEntry(1, { cell_id: 'cell-a', execution_count: 1 }),
        makeEntry(2, { cell_id: 'cell-a', execution_count: 2 }),
        makeEntry(3, { cell_id: 'cell-b' })
      ]
    });
    expect(memory.latestForCell('cell-a')).toBe(memory.records[0]!.record);
    expect(memory.latestForCell('cell-a')?.execution_count).toBe(2);
  });

  it('compacts the runs a lowered setting drops', () => {
    const { inspector, memory, socket } = boundedMemory(3, 100);
    socket.send({
      type: 'records',
      records: [1, 2, 3].map(seq => makeEntry(seq))
    });
    expect(memory.latestForCell('cell-1')).toHaveProperty('variables');
    inspector.updateSettings({ ...DEFAULT_SETTINGS, maxRecords: 1 });
    expect(memory.latestForCell('cell-1')).not.toHaveProperty('variables');
    expect(memory.latestForCell('cell-1')?.cell_id).toBe('cell-1');
    expect(memory.latestForCell('cell-3')).toHaveProperty('variables');
  });

  it('keeps listing a leaking cell whose runs left the timeline', () => {
    const { memory, socket } = boundedMemory(100, 100);
    socket.send({
      type: 'monitor',
      monitor: makeMonitor({ probe: makeProbe() })
    });
    const leak = {
      runs: 2,
      retained: [MiB, MiB],
      peaks: [2 * MiB, 3 * MiB],
      growth_per_run: MiB,
      growths: 1,
      leaking: true,
      keeps: MiB,
      tolerance: 0,
      holder: null
    };
    socket.send({
      type: 'records',
      records: [
        makeEntry(1, { cell_id: 'leaky' }),
        { ...makeEntry(2, { cell_id: 'leaky' }), leak }
      ]
    });
    socket.send({
      type: 'records',
      records: Array.from({ length: 100 }, (_, i) => makeEntry(3 + i))
    });
    expect(memory.records.some(e => e.record.cell_id === 'leaky')).toBe(false);
    expect(leakingCells(memory).map(cell => cell.record.cell_id)).toEqual([
      'leaky'
    ]);
  });

  it('keeps the newest samples and counts the dropped ones', () => {
    const { memory, socket } = boundedMemory(100, 5);
    socket.send({ type: 'samples', samples: samples(0, 4) });
    socket.send({ type: 'samples', samples: samples(4, 4) });
    expect(memory.samples.map(sample => sample.time)).toEqual([3, 4, 5, 6, 7]);
    expect(memory.droppedSamples).toBe(3);
  });

  it('drops at once what a lowered setting no longer keeps', () => {
    const { inspector, memory, socket } = boundedMemory(10, 10);
    socket.send({
      type: 'records',
      records: [1, 2, 3, 4].map(seq => makeEntry(seq))
    });
    const changed: IKernelMemory[] = [];
    inspector.memoryChanged.connect((_, changedMemory) =>
      changed.push(changedMemory)
    );
    inspector.updateSettings({ ...DEFAULT_SETTINGS, maxRecords: 1 });
    expect(memory.records.map(entry => entry.seq)).toEqual([4]);
    expect(memory.droppedRecords).toBe(3);
    expect(changed).toEqual([memory]);
  });
});

describe('dropOldest', () => {
  it('removes the first items beyond the bound', () => {
    const list = [1, 2, 3, 4, 5];
    expect(dropOldest(list, 2)).toBe(3);
    expect(list).toEqual([4, 5]);
    expect(dropOldest(list, 2)).toBe(0);
  });
});

describe('the bounds are settings', () => {
  it("defaults to 1,000 runs, which keep the page flat, and the server's 20,000 readings", () => {
    const settings = readSettings({}, schema);
    expect(settings.maxRecords).toBe(1000);
    expect(settings.maxSamples).toBe(20000);
    expect(schema.properties?.maxRecords?.default).toBe(settings.maxRecords);
    expect(schema.properties?.maxSamples?.default).toBe(settings.maxSamples);
  });

  it('reads values within the schema and refuses the others', () => {
    const given = readSettings({ maxRecords: 500, maxSamples: 1000 }, schema);
    expect([given.maxRecords, given.maxSamples]).toEqual([500, 1000]);
    const refused = readSettings({ maxRecords: 5, maxSamples: 2.5 }, schema);
    expect([refused.maxRecords, refused.maxSamples]).toEqual([1000, 20000]);
  });
});

describe('the timeline says that older points were dropped', () => {
  it('says nothing while everything is kept', () => {
    const { memory, socket } = boundedMemory(3, 3);
    socket.send({ type: 'records', records: [makeEntry(1)] });
    expect(droppedNote(trans, memory)).toBe('');
  });

  it('names how many runs and readings are kept, and the setting', () => {
    const { memory, socket } = boundedMemory(3, 4);
    socket.send({
      type: 'records',
      records: [1, 2, 3, 4].map(seq => makeEntry(seq))
    });
    expect(droppedNote(trans, memory)).toBe(
      'Older runs are not shown: the last 3 are kept (setting "Cell runs kept per kernel").'
    );
    socket.send({ type: 'samples', samples: samples(0, 6) });
    expect(droppedNote(trans, memory)).toContain(
      'Older live readings are not shown: the last 4 are kept'
    );
  });

  it('shows the note under the timeline, and hides it when there is none', () => {
    const { memory, socket } = boundedMemory(2, 100);
    const node = document.createElement('p');
    showDroppedNote(node, trans, memory);
    expect(node.hidden).toBe(true);
    socket.send({
      type: 'records',
      records: [1, 2, 3].map(seq => makeEntry(seq))
    });
    showDroppedNote(node, trans, memory);
    expect(node.hidden).toBe(false);
    expect(node.textContent).toContain('the last 2 are kept');
    showDroppedNote(node, trans, null);
    expect(node.hidden).toBe(true);
  });
});
