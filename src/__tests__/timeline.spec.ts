import {
  boundaryKinds,
  restartBoundaries,
  segmentAt
} from '../panel/timeline/boundaries';
import { buildTimeline } from '../panel/timeline/data';
import { chartDatasets, formatClock } from '../panel/timeline/datasets';
import { makeEntry, makeTimelineInput, MiB } from './records';

const T0 = 1_700_000_000;

const colors = {
  memory: 'blue',
  live: 'lightblue',
  heap: 'green',
  limit: 'red',
  old: 'grey',
  marker: 'orange',
  markerRaised: 'darkred'
};

const labels = {
  memory: 'RSS',
  live: 'PSS (live)',
  heap: 'Python heap',
  limit: 'Memory limit',
  runs: 'Cell runs'
};

/**
 * A run of `seconds` from `start`, in the probe session `session`.
 */
function run(
  seq: number,
  start: number,
  before: number,
  after: number,
  session = 'session-1',
  extra = {}
) {
  return makeEntry(seq, {
    probe_session: session,
    start: T0 + start,
    end: T0 + start + 1,
    duration: 1,
    rss_before: before * MiB,
    rss_after: after * MiB,
    rss_delta: (after - before) * MiB,
    peak: Math.max(before, after) * MiB,
    ...extra
  });
}

describe('boundaryKinds', () => {
  it('marks the restart that followed a death, and only that one', () => {
    const boundaries = [T0 + 100, T0 + 500];
    expect(
      boundaryKinds(boundaries, [
        { time: T0 + 10, event: 'started' },
        { time: T0 + 480, event: 'died' },
        { time: T0 + 500, event: 'restarted' }
      ])
    ).toEqual(['restart', 'died']);
  });

  it('leaves a boundary a restart when the death is far from it', () => {
    expect(
      boundaryKinds([T0 + 100], [{ time: T0 + 400, event: 'died' }])
    ).toEqual(['restart']);
  });
});

describe('buildTimeline', () => {
  it('is empty without records or samples', () => {
    const timeline = buildTimeline(makeTimelineInput());
    expect(timeline.series).toEqual([]);
    expect(timeline.markers).toEqual([]);
    expect(timeline.span).toBeNull();
  });

  it("merges the records' RSS and the live RSS samples into one line sorted by time", () => {
    const timeline = buildTimeline(
      makeTimelineInput({
        records: [run(1, 0, 100, 200), run(2, 10, 200, 150)],
        samples: [
          { time: T0 + 0.5, memory: 150 * MiB, probe_session: null },
          { time: T0 + 5, memory: 200 * MiB, probe_session: null },
          { time: T0 + 20, memory: 150 * MiB, probe_session: null }
        ]
      })
    );
    expect(timeline.series).toHaveLength(1);
    const line = timeline.series[0]!;
    expect(line.kind).toBe('memory');
    expect(line.current).toBe(true);
    expect(line.points.map(p => p.x - T0)).toEqual([0, 0.5, 1, 5, 10, 11, 20]);
    expect(line.points.map(p => p.y / MiB)).toEqual([
      100, 150, 200, 200, 200, 150, 150
    ]);
    expect(timeline.span).toEqual({ min: T0, max: T0 + 20 });
  });

  it('puts a marker at the end of every run, at the height of its peak', () => {
    const timeline = buildTimeline(
      makeTimelineInput({
        records: [
          run(1, 0, 100, 120, 'session-1', { peak: 900 * MiB }),
          run(2, 5, 120, 110)
        ]
      })
    );
    expect(
      timeline.markers.map(m => [m.x - T0, m.y / MiB, m.record.cell_id])
    ).toEqual([
      [1, 900, 'cell-1'],
      [6, 120, 'cell-2']
    ]);
  });

  it('keeps samples in another metric (PSS) on a line of their own', () => {
    const timeline = buildTimeline(
      makeTimelineInput({
        records: [run(1, 0, 100, 200)],
        samples: [{ time: T0 + 0.5, memory: 90 * MiB, probe_session: null }],
        liveMetric: 'pss'
      })
    );
    expect(timeline.series.map(s => [s.kind, s.points.length])).toEqual([
      ['memory', 2],
      ['live', 1]
    ]);
  });

  it('starts a new segment at a restart, and greys what came before it', () => {
    const timeline = buildTimeline(
      makeTimelineInput({
        records: [
          run(1, 0, 100, 900, 'old'),
          run(2, 1, 900, 950, 'old'),
          run(3, 30, 80, 100, 'new')
        ],
        samples: [
          { time: T0 + 1.5, memory: 950 * MiB, probe_session: 'old' },
          { time: T0 + 25, memory: 70 * MiB, probe_session: 'new' }
        ],
        currentSession: 'new'
      })
    );
    // Between the old process's last reading (its last cell ends at T0 + 2) and the new
    // process's first (a sample at T0 + 25).
    expect(timeline.boundaries).toEqual([T0 + 13.5]);
    const memory = timeline.series.filter(s => s.kind === 'memory');
    expect(memory.map(s => [s.segment, s.current, s.points.length])).toEqual([
      [0, false, 5],
      [1, true, 3]
    ]);
    expect(memory[1]!.points[0]).toEqual({ x: T0 + 25, y: 70 * MiB });
    expect(timeline.markers.map(m => m.current)).toEqual([false, false, true]);
  });

  it('places a restart that was not seen between the two processes readings', () => {
    const records = [run(1, 0, 100, 900, 'old'), run(2, 30, 80, 100, 'new')];
    const samples = [
      { time: T0 + 4, memory: 900 * MiB, probe_session: 'old' },
      { time: T0 + 6, memory: 60 * MiB, probe_session: 'new' },
      { time: T0 + 8, memory: 70 * MiB, probe_session: null }
    ];
    expect(restartBoundaries(records, samples, [])).toEqual([T0 + 5]);
    expect(restartBoundaries(records, [], [])).toEqual([T0 + 15.5]);
  });

  it('uses a restart seen live rather than guessing one', () => {
    const records = [run(1, 0, 100, 900, 'old'), run(2, 30, 80, 100, 'new')];
    expect(restartBoundaries(records, [], [T0 + 12])).toEqual([T0 + 12]);
    const timeline = buildTimeline(
      makeTimelineInput({
        records,
        samples: [
          { time: T0 + 10, memory: 900 * MiB, probe_session: null },
          { time: T0 + 12, memory: 900 * MiB, probe_session: null },
          { time: T0 + 15, memory: 60 * MiB, probe_session: null }
        ],
        restarts: [T0 + 12],
        currentSession: 'new'
      })
    );
    const memory = timeline.series.filter(s => s.kind === 'memory');
    expect(memory.map(s => s.points.map(p => p.x - T0))).toEqual([
      [0, 1, 10, 12],
      [15, 30, 31]
    ]);
  });

  it('segments the samples of a restart seen live before any new record', () => {
    const timeline = buildTimeline(
      makeTimelineInput({
        records: [run(1, 0, 100, 900, 'old')],
        samples: [
          { time: T0 + 3, memory: 900 * MiB, probe_session: null },
          { time: T0 + 8, memory: 60 * MiB, probe_session: null }
        ],
        restarts: [T0 + 3],
        currentSession: 'new'
      })
    );
    expect(
      timeline.series.map(s => [s.segment, s.current, s.points.length])
    ).toEqual([
      [0, false, 3],
      [1, true, 1]
    ]);
  });

  it('draws the Python heap only where tracing was on', () => {
    const heap = (start: number, current: number) => ({
      start: start * MiB,
      current: current * MiB,
      peak: current * MiB,
      nframes: 1,
      top_lines: [],
      top_lines_note: null
    });
    const timeline = buildTimeline(
      makeTimelineInput({
        records: [
          run(1, 0, 100, 200, 'session-1', { heap: heap(10, 20) }),
          run(2, 2, 200, 300, 'session-1', { heap: heap(20, 30) }),
          run(3, 4, 300, 300),
          run(4, 6, 300, 400, 'session-1', { heap: heap(5, 6) })
        ]
      })
    );
    const heaps = timeline.series.filter(s => s.kind === 'heap');
    expect(heaps.map(s => s.points.map(p => p.y / MiB))).toEqual([
      [10, 20, 20, 30],
      [5, 6]
    ]);
  });

  it('knows the memory limit from the newest record that has one', () => {
    const timeline = buildTimeline(
      makeTimelineInput({
        records: [
          run(1, 0, 100, 200, 'session-1', {
            limit: { bytes: 2048 * MiB, source: 'cgroup2' }
          }),
          run(2, 2, 200, 300)
        ]
      })
    );
    expect(timeline.limit).toBe(2048 * MiB);
  });

  it('gives Chart.js decimation what it needs: sorted, gap-free numeric points', () => {
    const samples = Array.from({ length: 20000 }, (_, i) => ({
      time: T0 + i * 0.5,
      memory: (100 + (i % 50)) * MiB,
      probe_session: null
    }));
    const records = Array.from({ length: 500 }, (_, i) =>
      run(i + 1, i * 20 + 0.1, 100, 120)
    );
    const timeline = buildTimeline(makeTimelineInput({ records, samples }));
    const points = timeline.series[0]!.points;
    expect(points).toHaveLength(20000 + 1000);
    for (let i = 1; i < points.length; i++) {
      expect(points[i]!.x).toBeGreaterThanOrEqual(points[i - 1]!.x);
    }
    expect(
      points.every(p => Number.isFinite(p.x) && Number.isFinite(p.y))
    ).toBe(true);
  });
});

describe('segmentAt', () => {
  it('counts the restarts before a moment', () => {
    expect(segmentAt(5, [])).toBe(0);
    expect(segmentAt(5, [10, 20])).toBe(0);
    expect(segmentAt(10, [10, 20])).toBe(0);
    expect(segmentAt(15, [10, 20])).toBe(1);
    expect(segmentAt(25, [10, 20])).toBe(2);
  });
});

describe('chartDatasets', () => {
  const timeline = buildTimeline(
    makeTimelineInput({
      records: [
        run(1, 0, 100, 200, 'old', {
          limit: { bytes: 4096 * MiB, source: 'cgroup2' }
        }),
        run(2, 30, 80, 100, 'new', { raised: true, status: 'error' }),
        run(3, 40, 100, 120, 'new')
      ],
      currentSession: 'new'
    })
  );
  const { datasets, roles } = chartDatasets(timeline, colors, labels);

  it('lists each kind once in the legend', () => {
    expect(roles.map(role => [role.kind, role.legend])).toEqual([
      ['memory', true],
      ['memory', false],
      ['limit', true],
      ['runs', true],
      ['runs', false],
      ['runs', false]
    ]);
  });

  it('greys the lines of a process that has restarted', () => {
    expect(datasets[0]!.borderColor).toBe('grey');
    expect(datasets[1]!.borderColor).toBe('blue');
  });

  it('draws the limit across the whole timeline', () => {
    expect(datasets[2]!.data).toEqual([
      { x: T0, y: 4096 * MiB },
      { x: T0 + 41, y: 4096 * MiB }
    ]);
  });

  it('draws the runs as undecimated scatters, one per look (current, raised, old)', () => {
    const runs = datasets.slice(3);
    expect(runs.map(d => d.type)).toEqual(['scatter', 'scatter', 'scatter']);
    expect(runs.map(d => d.pointBackgroundColor)).toEqual([
      'orange',
      'darkred',
      'grey'
    ]);
    expect(
      roles.slice(3).map(role => role.markers!.map(m => m.record.cell_id))
    ).toEqual([['cell-3'], ['cell-2'], ['cell-1']]);
  });
});

describe('formatClock', () => {
  it('reads as a local clock time', () => {
    const date = new Date(2026, 10, 26, 9, 5, 7);
    expect(formatClock(date.getTime() / 1000)).toBe('09:05:07');
  });
});
