import { API_SCHEMAS } from '../model/apiSchemas';
import { readStreamMessage } from '../model/streamEvent';
import { CellRecord } from '../schema';
import { makeEntry, makeMonitor, makeRecord } from './records';

/**
 * A record with every nested part filled in, so that each of its definitions is checked.
 */
const DEEP_RECORD: CellRecord = makeRecord({
  heap: {
    start: 0,
    current: 1024,
    peak: 4096,
    nframes: 1,
    top_lines: [{ line: 2, source: 'data = [0] * 10', size: 1024, count: 3 }],
    top_lines_note: null
  },
  variables: {
    items: [
      {
        name: 'data',
        kind: 'name',
        type: 'list',
        size: 1024,
        exact: true,
        summary: 'list of 10',
        new: true,
        view_of: null,
        holders: [{ kind: 'output_cache', where: 'Out[1]' }]
      }
    ],
    partial: false,
    scanned: 1,
    total: 1,
    elapsed: 0.001,
    budget: 0.05
  }
});

describe('readStreamMessage', () => {
  it.each([
    ['monitor', { type: 'monitor', monitor: makeMonitor() }],
    ['records', { type: 'records', records: [makeEntry(1), makeEntry(2)] }],
    [
      'records with a traced heap and variables',
      {
        type: 'records',
        records: [{ seq: 1, record: DEEP_RECORD }]
      }
    ],
    [
      'samples',
      {
        type: 'samples',
        samples: [{ time: 1, memory: 2048, probe_session: 'session-1' }]
      }
    ]
  ])('reads a %s event as the server sends it', (_, event) => {
    expect(readStreamMessage(JSON.stringify(event))).toEqual({ event });
  });

  it('says why a message cannot be used', () => {
    expect(readStreamMessage('{')).toEqual({ problem: 'not JSON' });
    expect(
      readStreamMessage(JSON.stringify({ type: 'samples', samples: [{}] }))
    ).toEqual({ problem: "samples[0]: must have required property 'time'" });
  });

  it('reads a field that a later server adds, and the fields it knows', () => {
    const event = {
      type: 'monitor',
      monitor: { ...makeMonitor(), added_later: 1 }
    };
    expect(readStreamMessage(JSON.stringify(event))).toEqual({ event });
  });

  it('checks against the API schema generated from the Python package', () => {
    expect(Object.keys(API_SCHEMAS)).toEqual([
      'api.schema.json',
      'cell-record.schema.json'
    ]);
  });
});
