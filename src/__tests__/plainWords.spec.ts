import { nullTranslator } from '@jupyterlab/translation';

import { gcCounters, gcMeaning } from '../panel/gc/gcWords';
import { byteTickLabel, byteTicks } from '../panel/timeline/ticks';
import { holderChips } from '../util/holderWords';
import { GcReport } from '../schema';
import { MiB } from './records';

const trans = nullTranslator.load('jupyterlab_memory_inspector');
const GiB = 1024 * MiB;

function labels(max: number, most: number): string[] {
  const { values, step } = byteTicks(max, most);
  return values.map(value => byteTickLabel(value, step));
}

describe('the memory axis', () => {
  it('ticks at round sizes, in GiB once the step passes 100 MiB', () => {
    // Chart.js's own decimal steps put these at 477 and 954 MiB.
    expect(labels(954 * MiB, 6)).toEqual([
      '0',
      '0.25 GiB',
      '0.5 GiB',
      '0.75 GiB',
      '1 GiB'
    ]);
    expect(labels(2.2 * GiB, 6)).toEqual([
      '0',
      '0.5 GiB',
      '1 GiB',
      '1.5 GiB',
      '2 GiB',
      '2.5 GiB'
    ]);
    expect(labels(290 * MiB, 6)).toEqual([
      '0',
      '100 MiB',
      '200 MiB',
      '300 MiB'
    ]);
    expect(labels(3 * MiB, 3)).toEqual(['0', '2 MiB', '4 MiB']);
  });

  it('never gives more ticks than there is room for, and reaches the top', () => {
    for (const max of [1, 999, 5 * MiB, 700 * MiB, 3.3 * GiB, 900 * GiB]) {
      for (const most of [2, 3, 5, 8]) {
        const { values } = byteTicks(max, most);
        expect(values.length).toBeLessThanOrEqual(Math.max(2, most));
        expect(values[values.length - 1]).toBeGreaterThanOrEqual(max);
      }
    }
  });
});

describe('the garbage collector section', () => {
  const gc: GcReport = {
    enabled: true,
    thresholds: [700, 10, 10],
    counts: [64, 2, 1],
    frozen: 0,
    collections: [0, 0, 0],
    collected: 0,
    uncollectable: 0,
    pause: 0
  };

  it('says what the collector does before any counter', () => {
    const meaning = gcMeaning(gc, trans);
    expect(meaning).toMatch(/^On\. Python frees an object/);
    expect(meaning).toContain('reference cycles');
    expect(meaning).not.toMatch(/\d/);
    expect(gcMeaning({ ...gc, enabled: false }, trans)).toMatch(
      /^Off \(the notebook called gc\.disable\(\)\)/
    );
  });

  it('explains the counters it shows', () => {
    expect(gcCounters(gc, trans)).toBe(
      'It runs when the objects made since its last run pass 700 (now 64). Thresholds 700 / 10 / 10; counts 64 / 2 / 1.'
    );
    expect(gcCounters({ ...gc, frozen: 3 }, trans)).toMatch(
      /3 objects are frozen \(gc\.freeze\(\)\): never collected\.$/
    );
  });
});

describe('holders', () => {
  const frames = [
    'sys.last_traceback',
    'sys.last_exc',
    'InteractiveTB.tb'
  ].flatMap(root =>
    ['__getitem__', 'get_loc', 'load'].map(frame => ({
      kind: 'exception' as const,
      where: `${root}: ${frame}()`
    }))
  );

  it('are named as a person names them, once each, the exact expressions kept', () => {
    const chips = holderChips(
      [
        { kind: 'output_cache', where: 'Out[5]' },
        { kind: 'output_cache', where: '_5' },
        { kind: 'output_cache', where: "user_ns_hidden['_5']" },
        { kind: 'output_cache', where: 'displayhook.___' },
        { kind: 'output_cache', where: '_' },
        ...frames,
        { kind: 'name', where: 'df_clean' },
        { kind: 'container', where: 'seen (a member)' }
      ],
      trans
    );
    expect(chips.map(chip => chip.text)).toEqual([
      'the output of [5]',
      "IPython's output history",
      'the last error (3 frames)',
      'df_clean',
      'a member of seen'
    ]);
    expect(chips[0]!.exact).toEqual(['Out[5]', '_5', "user_ns_hidden['_5']"]);
    expect(chips[2]!.exact).toHaveLength(9);
  });
});
