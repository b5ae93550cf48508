import { API_SCHEMAS } from '../model/apiSchemas';
import { ISchema, describeProblem, schemaProblem } from '../model/jsonSchema';
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

function problemOf(schema: ISchema, value: unknown): string | null {
  const problem = schemaProblem({ 'a.json': schema }, 'a.json', value);
  return problem && describeProblem(problem);
}

describe('schemaProblem', () => {
  it.each([
    [{ type: 'integer' }, 1.5, 'expected integer, got number'],
    [{ type: 'integer' }, 2, null],
    [{ type: 'number' }, '2', 'expected number, got string'],
    [{ type: ['string', 'null'] }, null, null],
    [{ type: ['string', 'null'] }, 3, 'expected string or null, got number'],
    [{ type: 'object' }, [], 'expected object, got array'],
    [{ type: 'boolean' }, 0, 'expected boolean, got number'],
    [{ enum: ['rss', null] }, null, null],
    [{ enum: ['rss', null] }, 'pss', 'expected one of ["rss",null]'],
    [{ const: 1 }, 2, 'expected 1'],
    [{ minimum: 1 }, 0, '0 is below 1'],
    [{ exclusiveMinimum: 0 }, 0, '0 is not above 0'],
    [{ maximum: 10 }, 10.5, '10.5 is above 10'],
    [{ minLength: 1 }, '', 'fewer than 1 characters'],
    [{ maxLength: 2 }, 'abc', 'more than 2 characters'],
    [{ maxItems: 1 }, [1, 2], 'more than 1 items'],
    [
      { items: { type: 'string' } },
      ['a', 5],
      '[1]: expected string, got number'
    ],
    [{ minProperties: 1 }, {}, 'fewer than 1 fields'],
    [{ required: ['a'] }, { b: 1 }, "'a' is missing"],
    // A required name is the object's own, not one that every object inherits.
    [{ required: ['toString'] }, {}, "'toString' is missing"],
    [
      { properties: { a: { properties: { b: { type: 'integer' } } } } },
      { a: { b: 'x' } },
      'a.b: expected integer, got string'
    ],
    [{ additionalProperties: false, properties: {} }, { extra: 1 }, null]
  ] as [ISchema, unknown, string | null][])(
    '%j with %j: %s',
    (schema, value, expected) => {
      expect(problemOf(schema, value)).toBe(expected);
    }
  );

  it('follows references within a file and into another one', () => {
    const schemas: Record<string, ISchema> = {
      'a.json': {
        definitions: { Entry: { properties: { record: { $ref: 'b.json' } } } }
      },
      'b.json': {
        properties: { size: { $ref: '#/definitions/Size' } },
        definitions: { Size: { type: 'integer', minimum: 0 } }
      }
    };
    const check = (value: unknown) =>
      schemaProblem(schemas, 'a.json#/definitions/Entry', value);
    expect(check({ record: { size: 5 } })).toBeNull();
    expect(check({ record: { size: -1 } })).toEqual({
      path: 'record.size',
      reason: '-1 is below 0'
    });
  });

  it('refuses a reference it cannot find instead of passing the value', () => {
    expect(() =>
      schemaProblem({ 'a.json': {} }, 'a.json#/definitions/Nope', 1)
    ).toThrow('the schema a.json#/definitions/Nope is not known');
  });

  it('takes exactly one form of a oneOf', () => {
    const schema: ISchema = {
      oneOf: [{ type: 'number' }, { type: 'integer' }]
    };
    expect(problemOf(schema, 1.5)).toBeNull();
    expect(problemOf(schema, 1)).toBe(
      'matches more than one of its possible forms'
    );
  });
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
    ).toEqual({ problem: "samples[0]: 'time' is missing" });
  });

  it('checks against the API schema generated from the Python package', () => {
    expect(Object.keys(API_SCHEMAS)).toEqual([
      'api.schema.json',
      'cell-record.schema.json'
    ]);
  });
});
