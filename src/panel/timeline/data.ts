import { CellRecord, LifecycleEvent, RecordEntry, Sample } from '../../schema';
import {
  BoundaryKind,
  boundaryKinds,
  restartBoundaries,
  segmentAt
} from './boundaries';
import { sampleMemory, treeFigures } from '../../util/tree';

/**
 * A point of the timeline: seconds since the epoch (the server's clock), and bytes.
 *
 * Plain `{x, y}` numbers sorted by `x`, with no gaps, is what Chart.js's decimation needs
 * (`parsing: false`): gaps between kernel processes are separate series instead of nulls.
 */
export interface IPoint {
  x: number;
  y: number;
}

/**
 * What a series of the timeline shows.
 *
 * - memory: RSS, from the records and, when the live metric is RSS, the live samples
 * - live: live samples in another metric than RSS (PSS from usage_request)
 * - heap: the Python heap that tracemalloc traced, while tracing was on
 */
export type SeriesKind = 'memory' | 'live' | 'heap';

/**
 * One line of the timeline, within one kernel process (segment).
 */
export interface ISeries {
  kind: SeriesKind;
  /**
   * Which kernel process: 0 for the oldest seen, one more after each restart.
   */
  segment: number;
  /**
   * Whether the segment is the kernel's current process.
   */
  current: boolean;
  points: IPoint[];
}

/**
 * A cell run on the timeline: at the cell's end, at the height of its peak.
 */
export interface IMarker extends IPoint {
  record: CellRecord;
  segment: number;
  /**
   * Whether the run was in the kernel's current process.
   */
  current: boolean;
}

/**
 * The timeline's data, shaped for Chart.js but free of it.
 */
export interface ITimeline {
  series: ISeries[];
  markers: IMarker[];
  /**
   * Times at which the kernel restarted, for the segment separators.
   */
  boundaries: number[];
  /**
   * For each boundary, whether the kernel died there (its process ended on its own, often
   * killed for memory) or was restarted.
   */
  boundaryKinds: BoundaryKind[];
  /**
   * The memory limit, from the newest record that knows one.
   */
  limit: number | null;
  /**
   * The first and last time on the timeline; null when it is empty.
   */
  span: { min: number; max: number } | null;
}

/**
 * What the timeline is made from: a kernel's `IKernelMemory`, as plain data.
 */
export interface ITimelineInput {
  records: readonly RecordEntry[];
  samples: readonly Sample[];
  /**
   * Restarts seen while watching (`IKernelMemory.restarts`).
   */
  restarts: readonly number[];
  /**
   * The probe session of the kernel's current process.
   */
  currentSession: string | null;
  /**
   * The monitor's live metric: samples in RSS join the records' RSS line.
   */
  liveMetric: 'rss' | 'pss' | null;
  /**
   * What happened to the kernel, from the server's monitor (deaths among it).
   */
  lifecycle: readonly LifecycleEvent[];
}

/**
 * Two point lists sorted by x, merged into one sorted by x.
 */
function mergeByX(a: IPoint[], b: IPoint[]): IPoint[] {
  if (a.length === 0) {
    return b;
  }
  if (b.length === 0) {
    return a;
  }
  const merged: IPoint[] = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) {
    merged[k++] = a[i]!.x <= b[j]!.x ? a[i++]! : b[j++]!;
  }
  while (i < a.length) {
    merged[k++] = a[i++]!;
  }
  while (j < b.length) {
    merged[k++] = b[j++]!;
  }
  return merged;
}

/**
 * Shape a kernel's records and samples into the timeline's series, segments and markers.
 */
export function buildTimeline(input: ITimelineInput): ITimeline {
  const boundaries = restartBoundaries(
    input.records,
    input.samples,
    input.restarts
  );
  const segments = boundaries.length + 1;
  const recordPoints: IPoint[][] = [];
  const samplePoints: IPoint[][] = [];
  const heapRuns: { segment: number; points: IPoint[] }[] = [];
  for (let s = 0; s < segments; s++) {
    recordPoints.push([]);
    samplePoints.push([]);
  }
  const markers: IMarker[] = [];
  let limit: number | null = null;
  let heapRun: { segment: number; points: IPoint[] } | null = null;

  for (const { record } of input.records) {
    const segment = segmentAt(record.start, boundaries);
    const tree = treeFigures(record);
    recordPoints[segment]!.push(
      { x: record.start, y: tree.before },
      { x: record.end, y: tree.after }
    );
    markers.push({
      x: record.end,
      y: Math.max(tree.peak, tree.after),
      record,
      segment,
      current: record.probe_session === input.currentSession
    });
    if (record.limit.bytes !== null) {
      limit = record.limit.bytes;
    }
    if (record.heap) {
      if (!heapRun || heapRun.segment !== segment) {
        heapRun = { segment, points: [] };
        heapRuns.push(heapRun);
      }
      heapRun.points.push(
        { x: record.start, y: record.heap.start },
        { x: record.end, y: record.heap.current }
      );
    } else {
      heapRun = null;
    }
  }

  let segment = 0;
  for (const sample of input.samples) {
    while (segment < boundaries.length && sample.time > boundaries[segment]!) {
      segment += 1;
    }
    samplePoints[segment]!.push({ x: sample.time, y: sampleMemory(sample) });
  }

  const last = segments - 1;
  const series: ISeries[] = [];
  const joinSamples = input.liveMetric !== 'pss';
  for (let s = 0; s < segments; s++) {
    const memory = joinSamples
      ? mergeByX(recordPoints[s]!, samplePoints[s]!)
      : recordPoints[s]!;
    if (memory.length > 0) {
      series.push({
        kind: 'memory',
        segment: s,
        current: s === last,
        points: memory
      });
    }
    if (!joinSamples && samplePoints[s]!.length > 0) {
      series.push({
        kind: 'live',
        segment: s,
        current: s === last,
        points: samplePoints[s]!
      });
    }
  }
  for (const run of heapRuns) {
    series.push({
      kind: 'heap',
      segment: run.segment,
      current: run.segment === last,
      points: run.points
    });
  }

  let min = Infinity;
  let max = -Infinity;
  for (const { points } of series) {
    if (points.length > 0) {
      min = Math.min(min, points[0]!.x);
      max = Math.max(max, points[points.length - 1]!.x);
    }
  }
  return {
    series,
    markers,
    boundaries,
    boundaryKinds: boundaryKinds(boundaries, input.lifecycle),
    limit,
    span: min <= max ? { min, max } : null
  };
}
