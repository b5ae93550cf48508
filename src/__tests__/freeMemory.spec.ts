import { nullTranslator } from '@jupyterlab/translation';

import {
  chosenBytes,
  defaultChoice,
  holdsChoice,
  leftOutText,
  mergeChoice,
  nothingToFreeText
} from '../freeMemory/choice';
import {
  freeCellMetadata,
  freedBytes,
  freedText,
  lastFreeRun,
  readFreeCellMetadata
} from '../freeMemory/metadata';
import {
  adviceRequest,
  cellLabel,
  ICellSnapshot,
  notebookCells
} from '../model/notebookCells';
import { AdviceReply, SharedGain, Suggestion } from '../schema';
import { makeEntry, makeRecord, MiB } from './records';

const trans = nullTranslator.load('jupyterlab_memory_inspector');

function code(
  id: string,
  source: string,
  executionCount: number | null = null
): ICellSnapshot {
  return { id, type: 'code', source, executionCount };
}

function markdown(id: string, source = '# Title'): ICellSnapshot {
  return { id, type: 'markdown', source, executionCount: null };
}

function suggestion(
  id: string,
  expected: number,
  overrides: Partial<Suggestion> = {}
): Suggestion {
  return {
    id,
    kind: 'del',
    title: `Delete ${id}`,
    code: `del ${id}`,
    reason: 'nothing else holds it',
    expected_bytes: expected,
    confidence: 'high',
    names: [id],
    warnings: [],
    ...overrides
  };
}

function reply(
  suggestions: Suggestion[],
  overrides: Partial<AdviceReply> = {}
): AdviceReply {
  const chosen = defaultChoice(suggestions);
  return {
    suggestions,
    cell: {
      source: '# Free memory\n',
      predicted: chosenBytes(suggestions, new Set(chosen)),
      suggestions: chosen
    },
    facts: {
      resources: [],
      malloc: null,
      torch_cuda: null,
      garbage: { objects: 0, bytes: 0, complete: true }
    },
    record_seq: 3,
    ...overrides
  };
}

const NOTEBOOK = [
  markdown('intro'),
  code('load', 'big = load()', 7),
  code('plot', 'plot(big)', 8),
  markdown('notes'),
  code('later', 'print(big.mean())'),
  { id: 'raw', type: 'raw', source: 'raw text', executionCount: null }
];

describe('the advice request', () => {
  it('names a cell by its prompt once it has run, else by its place', () => {
    expect(cellLabel(code('a', 'x', 7), 1)).toBe('[7]');
    expect(cellLabel(code('a', 'x'), 11)).toBe('cell #12');
  });

  it('sends the code cells in order, with their labels', () => {
    const rows = notebookCells(NOTEBOOK).map(cell => [
      cell.id,
      cell.source,
      cell.label
    ]);
    expect(rows).toEqual([
      ['load', 'big = load()', '[7]'],
      ['plot', 'plot(big)', '[8]'],
      ['later', 'print(big.mean())', 'cell #5']
    ]);
  });

  it('anchors on the active code cell: only the cells after it are later', () => {
    expect(adviceRequest(NOTEBOOK, 2)).toEqual({
      cells: notebookCells(NOTEBOOK),
      cell_id: 'plot'
    });
  });

  it('keeps a markdown active cell in place, so that every cell below it is later', () => {
    const request = adviceRequest(NOTEBOOK, 0);
    expect(request.cell_id).toBe('intro');
    expect(request.cells.map(cell => cell.id)).toEqual([
      'intro',
      'load',
      'plot',
      'later'
    ]);
    const anchor = request.cells[0]!;
    expect([anchor.id, anchor.source, anchor.label]).toEqual([
      'intro',
      '',
      'cell #1'
    ]);
    // Other markdown cells stay out: the server reads each one as Python.
    expect(adviceRequest(NOTEBOOK, 3).cells.map(cell => cell.id)).toEqual([
      'load',
      'plot',
      'notes',
      'later'
    ]);
  });

  it('has no anchor in an empty notebook, and sends the choice only when made', () => {
    expect(adviceRequest([], -1)).toEqual({ cells: [], cell_id: null });
    expect(adviceRequest(NOTEBOOK, 1, ['del:big']).choose).toEqual(['del:big']);
    expect('choose' in adviceRequest(NOTEBOOK, 1)).toBe(false);
  });
});

describe('the choice of suggestions', () => {
  const offered = [
    suggestion('big', 300 * MiB),
    suggestion('f', 0, { kind: 'close' }),
    suggestion('keep', 40 * MiB)
  ];

  it('defaults to every suggestion expected to give memory back', () => {
    expect(defaultChoice(offered)).toEqual(['big', 'keep']);
    expect(chosenBytes(offered, new Set(['big', 'keep']))).toBe(340 * MiB);
  });

  it('leaves out what a later cell needs, as the server says', () => {
    const needed = suggestion('df', 500 * MiB, {
      warnings: ['[9] reads df: df.head()'],
      chosen_by_default: false
    });
    expect(defaultChoice([...offered, needed])).toEqual(['big', 'keep']);
    const next = [...offered, needed];
    expect([...mergeChoice(offered, new Set(['big']), next)]).toEqual(['big']);
    // Picked by default before a later cell read it: the new warning unpicks it.
    const readNow = suggestion('big', 300 * MiB, {
      warnings: ['[3] reads big: print(big)'],
      chosen_by_default: false
    });
    expect([
      ...mergeChoice(offered, new Set(['big', 'keep']), [readNow, offered[2]!])
    ]).toEqual(['keep']);
    // Picked by the user once warned: it stays picked.
    expect([...mergeChoice([readNow], new Set(['big']), [readNow])]).toEqual([
      'big'
    ]);
  });

  it("keeps the user's picks for suggestions still offered; new ones start at the default", () => {
    const chosen = new Set(['f', 'keep']);
    const next = [
      suggestion('big', 300 * MiB),
      suggestion('keep', 40 * MiB),
      suggestion('f', 0, { kind: 'close' }),
      suggestion('gc', 8 * MiB, { kind: 'gc' })
    ];
    expect([...mergeChoice(offered, chosen, next)].sort()).toEqual([
      'f',
      'gc',
      'keep'
    ]);
  });

  it('counts data two frames share once, and only when both are chosen', () => {
    // The figures of the server's test (test_shared_gains.py): df counts the 103 MiB of
    // strings it shares with df_clean; a displayed result holds them too.
    const frames = [
      suggestion('del:df', 77 * MiB),
      suggestion('del:df_clean', 77 * MiB),
      suggestion('xdel:Out[5]', 30 * MiB, { kind: 'xdel' })
    ];
    const strings = (holders: SharedGain['holders']): SharedGain[] => [
      { suggestion: 'del:df', name: 'df', bytes: 103 * MiB, holders }
    ];
    const copy = {
      name: 'df_clean',
      suggestion: 'del:df_clean',
      size: 103 * MiB
    };
    const both = new Set(['del:df', 'del:df_clean']);
    expect(chosenBytes(frames, both, strings([copy]))).toBe(257 * MiB);
    expect(chosenBytes(frames, new Set(['del:df']), strings([copy]))).toBe(
      77 * MiB
    );
    expect(
      chosenBytes(frames, new Set(['del:df_clean']), strings([copy]))
    ).toBe(77 * MiB);
    const output = {
      name: 'Out[5]',
      suggestion: 'xdel:Out[5]',
      size: 103 * MiB
    };
    expect(chosenBytes(frames, both, strings([copy, output]))).toBe(154 * MiB);
    expect(
      chosenBytes(
        frames,
        new Set([...both, 'xdel:Out[5]']),
        strings([copy, output])
      )
    ).toBe(287 * MiB);
    // A holder that no suggestion lets go of keeps its part for good.
    expect(
      chosenBytes(frames, both, strings([{ ...copy, suggestion: null }]))
    ).toBe(154 * MiB);
  });

  it('notices when the server no longer knows a chosen suggestion', () => {
    const cell = { source: '', predicted: 0, suggestions: ['big'] };
    expect(holdsChoice(cell, ['big'])).toBe(true);
    expect(holdsChoice(cell, ['big', 'keep'])).toBe(false);
  });

  it('names what the cell left out because a later cell needs it', () => {
    // The helper titles it "Delete df".
    const needed = suggestion('df', 500 * MiB, { chosen_by_default: false });
    const cell = { source: '', predicted: 0, suggestions: ['big', 'keep'] };
    expect(leftOutText({ ...reply([...offered, needed]), cell }, trans)).toBe(
      'Left out: Delete df (a later cell needs it).'
    );
    expect(leftOutText({ ...reply(offered), cell }, trans)).toBe('');
  });

  it('says why there is nothing to insert', () => {
    expect(nothingToFreeText(reply([], { record_seq: 0 }), trans)).toMatch(
      /no cell has run/
    );
    expect(nothingToFreeText(reply([]), trans)).toMatch(
      /no large variable, open file/
    );
    expect(
      nothingToFreeText(reply([suggestion('f', 0, { kind: 'close' })]), trans)
    ).toMatch(/the one suggestion is not expected to give memory back/);
  });
});

describe('the free-memory cell and its result', () => {
  it('keeps the prediction and the suggestion ids in its metadata', () => {
    const metadata = freeCellMetadata({
      source: 'del big\n',
      predicted: 430 * MiB,
      suggestions: ['del:big']
    });
    expect(metadata).toEqual({
      predicted: 430 * MiB,
      suggestions: ['del:big']
    });
    expect(JSON.parse(JSON.stringify(metadata))).toEqual(metadata);
    expect(readFreeCellMetadata(metadata)).toEqual(metadata);
  });

  it('ignores metadata that is not a free-memory cell', () => {
    for (const value of [
      undefined,
      null,
      'x',
      [],
      { predicted: '1', suggestions: [] },
      { predicted: -1, suggestions: [] },
      { predicted: Infinity, suggestions: [] },
      { predicted: 1, suggestions: [3] },
      { predicted: 1 }
    ]) {
      expect(readFreeCellMetadata(value)).toBeNull();
    }
  });

  it('shows what a run freed beside the prediction, never less than nothing', () => {
    const metadata = { predicted: 430 * MiB, suggestions: ['del:big'] };
    expect(freedText({ rss_delta: -412 * MiB }, metadata, trans)).toBe(
      'freed 412 MiB of 430 MiB predicted'
    );
    expect(freedBytes({ rss_delta: 3 * MiB })).toBe(0);
    expect(freedText({ rss_delta: 3 * MiB }, metadata, trans)).toBe(
      'freed 0 B of 430 MiB predicted'
    );
  });

  it("finds the newest free-memory run of the kernel's current process", () => {
    const free = new Map([
      ['free-1', { predicted: 100 * MiB, suggestions: ['a'] }],
      ['free-2', { predicted: 200 * MiB, suggestions: ['b'] }]
    ]);
    const records = [
      makeEntry(1, { cell_id: 'free-2', rss_delta: -190 * MiB }),
      makeEntry(2, { cell_id: 'free-1', rss_delta: -90 * MiB }),
      makeEntry(3, { cell_id: 'other', rss_delta: 5 * MiB })
    ];
    const last = lastFreeRun(records, 'session-1', free);
    expect(last?.record.cell_id).toBe('free-1');
    expect(last?.metadata.predicted).toBe(100 * MiB);
    expect(lastFreeRun(records, 'session-2', free)).toBeNull();
    expect(lastFreeRun(records, 'session-1', new Map())).toBeNull();
    expect(
      lastFreeRun(
        [
          makeEntry(1, { cell_id: 'free-1' }),
          { seq: 2, record: makeRecord({ cell_id: 'x', probe_session: 's2' }) }
        ],
        's2',
        free
      )
    ).toBeNull();
  });
});
