import { memorySummary } from '../model/summary';
import { makeEntry, makeMonitor, makeSummaryInput, MiB } from './records';

const T0 = 1_700_000_000;

describe('memorySummary', () => {
  it('is null before anything was measured', () => {
    expect(memorySummary(makeSummaryInput())).toBeNull();
  });

  it('takes the newest reading, of a record or a live sample', () => {
    const records = [makeEntry(1, { end: T0 + 10, rss_after: 500 * MiB })];
    expect(
      memorySummary(
        makeSummaryInput({
          records,
          samples: [{ time: T0 + 5, memory: 1, probe_session: null }]
        })
      )?.bytes
    ).toBe(500 * MiB);
    const live = memorySummary(
      makeSummaryInput({
        records,
        samples: [{ time: T0 + 12, memory: 700 * MiB, probe_session: null }]
      })
    );
    expect(live?.bytes).toBe(700 * MiB);
    expect(live?.metric).toBe('rss');
  });

  it('says when the live reading is PSS', () => {
    const summary = memorySummary(
      makeSummaryInput({
        samples: [{ time: T0, memory: 1, probe_session: null }],
        monitor: makeMonitor({
          live: {
            source: 'usage_request',
            metric: 'pss',
            note: '',
            interval: 0.5
          }
        })
      })
    );
    expect(summary?.metric).toBe('pss');
  });

  it('ignores what was measured before a restart', () => {
    const records = [
      makeEntry(1, { probe_session: 'old', end: T0, rss_after: 900 * MiB })
    ];
    expect(
      memorySummary(
        makeSummaryInput({
          records,
          samples: [{ time: T0 + 1, memory: 900 * MiB, probe_session: null }],
          restarts: [T0 + 1],
          currentSession: 'new'
        })
      )
    ).toBeNull();
  });

  it("gives the share of the limit, or of the host's memory without one", () => {
    const limited = memorySummary(
      makeSummaryInput({
        records: [
          makeEntry(1, {
            rss_after: 1024 * MiB,
            limit: { bytes: 4096 * MiB, source: 'cgroup2' }
          })
        ]
      })
    );
    expect(limited).toMatchObject({ limitKind: 'limit', share: 0.25 });
    const host = memorySummary(
      makeSummaryInput({
        records: [
          makeEntry(1, {
            rss_after: 1024 * MiB,
            host: { total: 8192 * MiB, available: 4096 * MiB }
          })
        ]
      })
    );
    expect(host).toMatchObject({ limitKind: 'host', share: 0.125 });
  });
});
