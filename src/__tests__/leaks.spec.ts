import { ICellModel } from '@jupyterlab/cells';
import { nullTranslator } from '@jupyterlab/translation';

import { createBadge, fillBadge } from '../badges/badge';
import {
  cellBudget,
  fillLeakAndBudget,
  holderText,
  leakText
} from '../badges/leakBudget';
import { indexLeaks } from '../model/leaks';
import { LeakVerdict } from '../schema';
import { parseSize } from '../util/size';
import { makeEntry, makeRecord, MiB } from './records';

const trans = nullTranslator.load('jupyterlab_memory_inspector');

function verdict(overrides: Partial<LeakVerdict> = {}): LeakVerdict {
  return {
    runs: 3,
    retained: [50 * MiB, 50 * MiB, 50 * MiB],
    peaks: [300 * MiB, 350 * MiB, 400 * MiB],
    growth_per_run: 50 * MiB,
    growths: 2,
    leaking: true,
    keeps: 50 * MiB,
    tolerance: 2 * MiB,
    holder: {
      kind: 'variable',
      name: 'kept',
      type: 'builtins.list',
      growth: 50 * MiB
    },
    ...overrides
  };
}

function cellModel(metadata: Record<string, unknown>): ICellModel {
  return {
    getMetadata: (key: string) => metadata[key]
  } as unknown as ICellModel;
}

describe('parseSize', () => {
  it('reads binary units as powers of 1024 and decimal ones as powers of 1000', () => {
    expect(parseSize('2GiB')).toBe(2 * 1024 ** 3);
    expect(parseSize('1.5 mib')).toBe(1.5 * MiB);
    expect(parseSize('800MB')).toBe(800e6);
    expect(parseSize('1024')).toBe(1024);
  });

  it('names the value when the unit is unknown or the text is no size', () => {
    expect(() => parseSize('2GiBs')).toThrow("unknown unit 'GiBs' in '2GiBs'");
    expect(() => parseSize('lots')).toThrow("'lots' is not a size");
  });
});

describe('leak text', () => {
  it('says what a leaking cell keeps each run, and nothing for one that does not', () => {
    expect(leakText(verdict(), trans)).toBe('keeps +50.0 MiB each run');
    expect(
      leakText(verdict({ leaking: false, keeps: 0, growths: 1 }), trans)
    ).toBeNull();
    expect(leakText(undefined, trans)).toBeNull();
  });

  it('names the holder', () => {
    expect(holderText(verdict().holder!, trans)).toBe(
      'kept (a list that grows)'
    );
    expect(
      holderText(
        { kind: 'output_cache', name: 'Out[7]', type: '', growth: 1 },
        trans
      )
    ).toBe("IPython's output history (Out[7])");
  });
});

describe('indexLeaks', () => {
  it("keeps each cell's newest verdict and clears it on a first run", () => {
    const leaks = new Map<string, LeakVerdict>();
    const record = makeRecord({ cell_id: 'a' });
    indexLeaks(leaks, [{ ...makeEntry(1, record), leak: verdict() }]);
    expect(leaks.get('a')?.keeps).toBe(50 * MiB);
    indexLeaks(leaks, [makeEntry(2, record)]);
    expect(leaks.has('a')).toBe(false);
  });
});

describe('a badge with a leak and a budget', () => {
  it('shows the leak and the limit, and marks a run over its budget', () => {
    const badge = createBadge();
    const record = makeRecord({ rss_delta: 512 * MiB });
    fillBadge(badge, record, trans);
    const budget = cellBudget(cellModel({ tags: ['memory-budget=100MiB'] }));
    fillLeakAndBudget(badge, record, verdict(), budget, trans);
    expect(badge.querySelector('.jmi-Badge-leak')?.textContent).toBe(
      'keeps +50.0 MiB each run'
    );
    expect(badge.querySelector('.jmi-Badge-budget')?.textContent).toBe(
      'over limit 100 MiB'
    );
    expect(badge.classList.contains('jmi-mod-over-budget')).toBe(true);
    expect(badge.title).toContain('Likely held by kept (a list that grows).');
    fillBadge(badge, record, trans);
    fillLeakAndBudget(badge, record, undefined, null, trans);
    expect(badge.querySelector('.jmi-Badge-leak')?.textContent).toBe('');
    expect(badge.querySelector('.jmi-Badge-budget')?.textContent).toBe('');
    expect(badge.classList.contains('jmi-mod-leaking')).toBe(false);
  });

  it('prefers the metadata to the tag and reports a bad unit', () => {
    const both = cellModel({
      memory_budget: '2GB',
      tags: ['memory-budget=1GiB']
    });
    expect(cellBudget(both)?.bytes).toBe(2e9);
    const bad = cellBudget(cellModel({ memory_budget: '2 gigs' }));
    expect(bad?.bytes).toBeNull();
    expect(bad?.error).toContain("unknown unit 'gigs'");
  });
});
