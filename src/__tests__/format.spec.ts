import { nullTranslator } from '@jupyterlab/translation';

import { badgeText } from '../badges/text';
import {
  formatBytes,
  formatFreed,
  formatDelta,
  formatDuration,
  formatGcActivity,
  formatPercent
} from '../util/format';
import { treeFigures } from '../util/tree';
import { makeRecord, MiB } from './records';

const trans = nullTranslator.load('jupyterlab_memory_inspector');

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1.00 KiB'],
    [1536, '1.50 KiB'],
    [12.34 * MiB, '12.3 MiB'],
    [412 * MiB, '412 MiB'],
    [1.2 * 1024 * MiB, '1.20 GiB'],
    [1023.7 * MiB, '1.00 GiB'],
    [-3.2 * MiB, '-3.20 MiB'],
    [5 * 1024 ** 4, '5.00 TiB']
  ])('%d bytes read as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('formatFreed', () => {
  it('shows memory given back, and a growth as nothing given back', () => {
    expect(formatFreed(3 * MiB)).toBe('3.00 MiB');
    expect(formatFreed(-4096)).toBe('0 B');
  });
});

describe('formatDelta', () => {
  it('always carries a sign', () => {
    expect(formatDelta(412 * MiB)).toBe('+412 MiB');
    expect(formatDelta(-412 * MiB)).toBe('-412 MiB');
    expect(formatDelta(0)).toBe('+0 B');
  });
});

describe('formatDuration', () => {
  it.each([
    [0.00085, '850 µs'],
    [0.012, '12 ms'],
    [1.52, '1.5 s'],
    [42.4, '42 s'],
    [125, '2 min 05 s']
  ])('%f s reads as %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe('badgeText', () => {
  it('shows the change and the peak above the start', () => {
    const text = badgeText(makeRecord(), trans);
    expect(text.delta).toBe('+512 MiB');
    expect(text.peak).toBe('peak +1.00 GiB');
  });

  it('puts before, after, peak, method and duration in the tooltip', () => {
    const text = badgeText(makeRecord({ execution_count: 7 }), trans);
    expect(text.tooltip.split('\n')).toEqual([
      'Run [7]',
      'Memory the kernel uses: 100 MiB → 612 MiB (+512 MiB)',
      'Peak 1.10 GiB, 1.00 GiB above the start (exact high-water mark)',
      'Ran in 1.5 s',
      'Garbage collector: 1 collection (gen 0: 1), 0 objects freed in 200 µs'
    ]);
  });

  it('says when the record is from before a restart, or saved in the notebook', () => {
    expect(badgeText(makeRecord(), trans, 'restarted').tooltip).toContain(
      'Measured before the kernel restarted.'
    );
    expect(badgeText(makeRecord(), trans, 'earlier').tooltip).toContain(
      'Measured in an earlier kernel, which this notebook left.'
    );
    expect(badgeText(makeRecord(), trans, 'saved').tooltip).toMatch(
      /Saved in the notebook \(measured .+\), not in this kernel\.$/
    );
  });

  it('says when the peak was only sampled and when the cell raised', () => {
    const text = badgeText(
      makeRecord({ peak_method: 'sampling', raised: true, status: 'error' }),
      trans
    );
    expect(text.tooltip).toContain('sampled: short spikes may be missed');
    expect(text.tooltip).toContain('The cell raised an error.');
  });

  it('never shows a negative peak increase', () => {
    const record = makeRecord({ rss_before: 600 * MiB, peak: 590 * MiB });
    expect(treeFigures(record).peakAbove).toBe(0);
  });
});

describe('formatPercent', () => {
  it.each([
    [0, '0.0%'],
    [0.0004, '<0.1%'],
    [0.018, '1.8%'],
    [0.25, '25%'],
    [1.2, '120%']
  ])('%f reads as %s', (share, text) => {
    expect(formatPercent(share)).toBe(text);
  });
});

describe('formatGcActivity', () => {
  const gc = makeRecord().gc;

  it('counts the collections of each generation, what they freed and their time', () => {
    expect(
      formatGcActivity(
        {
          ...gc,
          collections: [3, 1, 0],
          collected: 120,
          pause: 0.0042,
          uncollectable: 2
        },
        trans
      )
    ).toBe(
      'Garbage collector: 4 collections (gen 0: 3, gen 1: 1), 120 objects freed in 4 ms, 2 uncollectable'
    );
  });

  it('says when nothing was collected, or the collector is off', () => {
    expect(formatGcActivity({ ...gc, collections: [0, 0, 0] }, trans)).toBe(
      'Garbage collector: no collection'
    );
    expect(formatGcActivity({ ...gc, enabled: false }, trans)).toBe(
      'Garbage collector: disabled'
    );
  });
});
