import { nullTranslator } from '@jupyterlab/translation';

import { badgeText } from '../badges/text';
import { memorySummary } from '../model/summary';
import { buildTimeline } from '../panel/timeline/data';
import { runLines } from '../panel/timeline/chart';
import { Sample } from '../schema';
import { recordSeverity } from '../util/thresholds';
import { sampleMemory, treeFigures } from '../util/tree';
import {
  makeEntry,
  makeRecord,
  makeSummaryInput,
  makeTimelineInput,
  makeTree,
  MiB
} from './records';

const trans = nullTranslator.load('jupyterlab_memory_inspector');

// A Pool(2) cell: the kernel barely moved, its two workers held 400 MiB each at the peak.
const POOL_TREE = makeTree([
  {
    pid: 201,
    name: 'loky worker',
    kernel: false,
    memory: null,
    at_peak: 401 * MiB
  },
  { pid: 202, name: 'java', kernel: false, memory: 2 * MiB, at_peak: 400 * MiB }
]);

function poolRecord() {
  return makeRecord({
    rss_before: 60 * MiB,
    rss_after: 61 * MiB,
    rss_delta: 1 * MiB,
    peak: 62 * MiB,
    tree: POOL_TREE
  });
}

describe('treeFigures', () => {
  it("counts the tree where the record has one, else the kernel's figures", () => {
    expect(treeFigures(poolRecord())).toMatchObject({
      before: 60 * MiB,
      after: 61 * MiB,
      delta: 1 * MiB,
      peak: 862 * MiB,
      peakAbove: 802 * MiB
    });
    expect(treeFigures(poolRecord()).children.map(c => c.pid)).toEqual([
      201, 202
    ]);
    const old = makeRecord();
    expect(treeFigures(old)).toEqual({
      before: old.rss_before,
      after: old.rss_after,
      delta: old.rss_delta,
      peak: old.peak,
      peakAbove: old.peak - old.rss_before,
      children: []
    });
  });
});

describe('the tree in badges and the panel', () => {
  it("shows the tree's peak on the badge and breaks it down in the tooltip", () => {
    const text = badgeText(poolRecord(), trans);
    expect(text.peak).toBe('peak +802 MiB');
    expect(text.tooltip).toMatch(
      /Memory with 2 child processes [\d.]+ [KMG]iB → [\d.]+ [KMG]iB \([+-][\d.]+ [KMG]iB\)/
    );
    expect(text.tooltip).toContain('The kernel alone: 60.0 MiB → 61.0 MiB');
    expect(text.tooltip).toContain(
      'pid 201 loky worker: 401 MiB at the peak, ended at the end'
    );
    expect(text.tooltip).toContain(
      'pid 202 java: 400 MiB at the peak, 2.00 MiB at the end'
    );
  });

  it("names the tree's sampling, not the kernel's exact mark, for a tree peak", () => {
    const tree = badgeText(poolRecord(), trans).tooltip;
    expect(tree).toContain('above the start (sampled every 0.1 s)');
    expect(tree).not.toContain('exact high-water mark');
    const kernelOnly = badgeText(
      makeRecord({ tree: { ...POOL_TREE, method: 'kernel', processes: [] } }),
      trans
    ).tooltip;
    expect(kernelOnly).toContain('(exact high-water mark)');
  });

  it('keeps the tooltip of a cell without child processes as it was', () => {
    const text = badgeText(makeRecord(), trans);
    expect(text.tooltip).toContain('Memory the kernel uses: ');
    expect(text.tooltip).not.toContain('kernel alone');
  });

  it("warns about the tree's peak", () => {
    const thresholds = { unit: 'MiB' as const, warning: 256, critical: 1024 };
    expect(recordSeverity(poolRecord(), thresholds).peak).toBe('warning');
  });

  it("draws the tree in the timeline, and breaks it down in a run's tooltip", () => {
    const entry = makeEntry(1, poolRecord());
    const timeline = buildTimeline(
      makeTimelineInput({
        records: [entry],
        samples: [
          {
            time: entry.record.start + 0.5,
            memory: 61 * MiB,
            tree: 800 * MiB,
            probe_session: 'session-1'
          }
        ]
      })
    );
    expect(timeline.markers[0]!.y).toBe(862 * MiB);
    expect(timeline.series[0]!.points.map(p => p.y)).toContain(800 * MiB);
    const lines = runLines(timeline.markers[0]!, trans);
    expect(lines.join('\n')).toContain('pid 201 loky worker');
  });

  it('reads a sample without a tree as the kernel alone', () => {
    expect(
      sampleMemory({ time: 0, memory: 5 * MiB, probe_session: null })
    ).toBe(5 * MiB);
  });
});

describe("the panel's memory now", () => {
  it('is the tree of the newest record, or of the newest sample', () => {
    // A worker still running at the cell's end holds 9 MiB of its own.
    const entry = makeEntry(1, {
      ...poolRecord(),
      tree: { ...POOL_TREE, after: 70 * MiB }
    });
    const summary = (samples: Sample[]) =>
      memorySummary(
        makeSummaryInput({ records: [entry], samples, monitor: null })
      )!.bytes;
    expect(summary([])).toBe(70 * MiB);
    const later = entry.record.end + 1;
    expect(
      summary([
        { time: later, memory: 61 * MiB, tree: 500 * MiB, probe_session: null }
      ])
    ).toBe(500 * MiB);
  });
});
