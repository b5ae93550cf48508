import {
  effectiveLimit,
  LimitWatch,
  recordSeverity,
  severity,
  severityClass
} from '../util/thresholds';
import { makeRecord, MiB } from './records';

const inMiB = { unit: 'MiB' as const, warning: 256, critical: 1024 };
const inPercent = {
  unit: 'percentOfLimit' as const,
  warning: 10,
  critical: 25
};

describe('severity', () => {
  it('compares MiB with MiB thresholds', () => {
    expect(severity(100 * MiB, inMiB, null)).toBe('normal');
    expect(severity(256 * MiB, inMiB, null)).toBe('warning');
    expect(severity(2048 * MiB, inMiB, null)).toBe('critical');
  });

  it('compares a share of the limit with percentage thresholds', () => {
    const limit = 1000 * MiB;
    expect(severity(50 * MiB, inPercent, limit)).toBe('normal');
    expect(severity(100 * MiB, inPercent, limit)).toBe('warning');
    expect(severity(300 * MiB, inPercent, limit)).toBe('critical');
  });

  it('never alarms about a share of an unknown limit', () => {
    expect(severity(10_000 * MiB, inPercent, null)).toBe('normal');
  });
});

describe('severityClass', () => {
  it('gives a colour class to warnings and critical figures only', () => {
    expect(severityClass('normal')).toBeNull();
    expect(severityClass('warning')).toBe('jmi-mod-warning');
    expect(severityClass('critical')).toBe('jmi-mod-critical');
  });
});

describe('recordSeverity', () => {
  it('judges the change and the peak above the start each on its own', () => {
    const record = makeRecord({
      rss_before: 100 * MiB,
      rss_after: 110 * MiB,
      rss_delta: 10 * MiB,
      peak: 1500 * MiB
    });
    expect(recordSeverity(record, inMiB)).toEqual({
      delta: 'normal',
      peak: 'critical'
    });
  });

  it('counts a freed cell as nothing to warn about', () => {
    const record = makeRecord({ rss_delta: -2048 * MiB, peak: 0 });
    expect(recordSeverity(record, inMiB).delta).toBe('normal');
  });

  it("counts percentages against the limit, or the host's memory without one", () => {
    const noLimit = makeRecord({
      limit: { bytes: null, source: null },
      host: { total: 1000 * MiB, available: 500 * MiB }
    });
    expect(effectiveLimit(noLimit)).toBe(1000 * MiB);
    const limited = makeRecord({
      limit: { bytes: 4000 * MiB, source: 'cgroup2' }
    });
    expect(effectiveLimit(limited)).toBe(4000 * MiB);
    // +512 MiB is 51% of the host's 1000 MiB, but 12.8% of a 4000 MiB limit.
    expect(recordSeverity(noLimit, inPercent).delta).toBe('critical');
    expect(recordSeverity(limited, inPercent).delta).toBe('warning');
  });
});

describe('LimitWatch', () => {
  it('warns once when memory passes the share, and again only after it fell well under it', () => {
    const watch = new LimitWatch();
    const limit = 1000;
    const seen = [500, 860, 900, 840, 820, 790, 870].map(bytes =>
      watch.check(bytes, limit, 85)
    );
    expect(seen).toEqual([false, true, false, false, false, false, true]);
  });

  it('never warns without a limit', () => {
    expect(new LimitWatch().check(10 ** 12, null, 85)).toBe(false);
  });

  it("warns on a record's exact peak that no live reading saw, once per record", () => {
    const watch = new LimitWatch();
    const limit = 2560 * MiB;
    // Live readings saw 1.90 GiB; the cell peaked at 2.22 GiB of 2.50 GiB (89%).
    expect(watch.check(1946 * MiB, limit, 85)).toBe(false);
    const entry = { seq: 7, record: makeRecord({ peak: 2273 * MiB }) };
    expect(watch.checkPeak(entry, limit, 85)).toBe(true);
    expect(watch.checkPeak(entry, limit, 85)).toBe(false);
    // Memory came back under the share: the next cell that peaks warns again.
    expect(watch.check(1000 * MiB, limit, 85)).toBe(false);
    const next = { seq: 8, record: makeRecord({ peak: 2200 * MiB }) };
    expect(watch.checkPeak(next, limit, 85)).toBe(true);
    expect(watch.checkPeak(undefined, limit, 85)).toBe(false);
  });

  it('does not warn of the record of a cell the kernel died in', () => {
    const watch = new LimitWatch();
    const limit = 700 * MiB;
    const fatal = makeRecord({ peak: 690 * MiB, from_live_readings: true });
    expect(watch.checkPeak({ seq: 3, record: fatal }, limit, 85)).toBe(false);
    const next = { seq: 4, record: makeRecord({ peak: 690 * MiB }) };
    expect(watch.checkPeak(next, limit, 85)).toBe(true);
  });
});

describe('auto thresholds', () => {
  const auto = { unit: 'auto' as const, warning: 256, critical: 1024 };

  it('follow shares of a known memory limit', () => {
    const limited = makeRecord({
      limit: { bytes: 1000 * MiB, source: 'cgroup2' },
      rss_delta: 150 * MiB,
      rss_before: 100 * MiB,
      peak: 400 * MiB
    });
    // 150 MiB is under the 256 MiB threshold, but 15% of the limit.
    expect(recordSeverity(limited, auto)).toEqual({
      delta: 'warning',
      peak: 'critical'
    });
  });

  it("count in MiB without a limit, whatever the host's memory", () => {
    const unlimited = makeRecord({
      limit: { bytes: null, source: null },
      host: { total: 1000 * MiB, available: 500 * MiB },
      rss_delta: 150 * MiB,
      rss_before: 100 * MiB,
      peak: 400 * MiB
    });
    expect(recordSeverity(unlimited, auto)).toEqual({
      delta: 'normal',
      peak: 'warning'
    });
  });
});
