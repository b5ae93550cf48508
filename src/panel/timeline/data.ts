import type { ChartDataset } from 'chart.js';

/**
 * A dataset of the timeline chart: lines, and the runs as a scatter (which Chart.js never
 * decimates, so each marker keeps its index and its record).
 */
export type TimelineDataset =
  ChartDataset<'line', IPoint[]> | ChartDataset<'scatter', IPoint[]>;

import { CellRecord, LifecycleEvent, RecordEntry, Sample } from '../../schema';

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
 * What the timeline is made from: a kernel's `KernelMemory`, as plain data.
 */
export interface ITimelineInput {
  records: readonly RecordEntry[];
  samples: readonly Sample[];
  /**
   * Restarts seen while watching (`KernelMemory.restarts`).
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
 * Why the kernel's process was replaced at a boundary of the timeline.
 */
export type BoundaryKind = 'restart' | 'died';

/**
 * The most time between a death the server saw and the restart boundary it belongs to.
 */
const DEATH_WINDOW_S = 60;

/**
 * The kind of each boundary: a death the server reported marks the nearest boundary (the
 * restart that followed it), within a minute.
 */
export function boundaryKinds(
  boundaries: readonly number[],
  lifecycle: readonly LifecycleEvent[]
): BoundaryKind[] {
  const kinds: BoundaryKind[] = boundaries.map(() => 'restart');
  for (const event of lifecycle) {
    if (event.event !== 'died') {
      continue;
    }
    let nearest = -1;
    for (let i = 0; i < boundaries.length; i++) {
      const distance = Math.abs(boundaries[i]! - event.time);
      if (
        distance <= DEATH_WINDOW_S &&
        (nearest < 0 || distance < Math.abs(boundaries[nearest]! - event.time))
      ) {
        nearest = i;
      }
    }
    if (nearest >= 0) {
      kinds[nearest] = 'died';
    }
  }
  return kinds;
}

/**
 * The times at which the kernel restarted: those seen happen, and those that the records and
 * samples imply (a new probe session) where none was seen, placed between the last reading
 * of the old process and the first of the new.
 *
 * Records and samples each come in time order, so one merge walk finds every change.
 */
export function restartBoundaries(
  records: readonly RecordEntry[],
  samples: readonly Sample[],
  restarts: readonly number[]
): number[] {
  const boundaries = [...restarts];
  let previous: { time: number; session: string } | null = null;
  const note = (time: number, session: string | null) => {
    if (session === null) {
      return;
    }
    if (previous && previous.session === session) {
      // A record's end is noted with its start, before the samples taken while it ran.
      previous.time = Math.max(previous.time, time);
      return;
    }
    if (previous) {
      const from = previous.time;
      if (!restarts.some(restart => restart >= from && restart <= time)) {
        boundaries.push((from + time) / 2);
      }
    }
    previous = { time, session };
  };
  let i = 0;
  let j = 0;
  while (i < records.length || j < samples.length) {
    const record = records[i]?.record;
    const sample = samples[j];
    if (record && (!sample || record.start <= sample.time)) {
      note(record.start, record.probe_session);
      note(record.end, record.probe_session);
      i += 1;
    } else if (sample) {
      note(sample.time, sample.probe_session);
      j += 1;
    }
  }
  return boundaries.sort((a, b) => a - b);
}

/**
 * The segment (kernel process) of a moment: how many restarts came before it.
 */
export function segmentAt(time: number, boundaries: readonly number[]): number {
  let segment = 0;
  while (segment < boundaries.length && time > boundaries[segment]!) {
    segment += 1;
  }
  return segment;
}

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
    recordPoints[segment]!.push(
      { x: record.start, y: record.rss_before },
      { x: record.end, y: record.rss_after }
    );
    markers.push({
      x: record.end,
      y: Math.max(record.peak, record.rss_after),
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
    samplePoints[segment]!.push({ x: sample.time, y: sample.memory });
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

/**
 * The colours of the timeline, read from JupyterLab's theme variables.
 */
export interface ITimelineColors {
  memory: string;
  live: string;
  heap: string;
  limit: string;
  /**
   * Lines and markers of a kernel process that has since restarted.
   */
  old: string;
  marker: string;
  markerRaised: string;
}

/**
 * The labels of the timeline's series, translated.
 */
export interface ITimelineLabels {
  memory: string;
  live: string;
  heap: string;
  limit: string;
  runs: string;
}

/**
 * What each Chart.js dataset of the timeline stands for: the legend shows one entry per
 * kind, and a click on a marker finds its record.
 */
export interface IDatasetRole {
  kind: SeriesKind | 'limit' | 'runs';
  /**
   * Whether the legend lists this dataset (the first of its kind).
   */
  legend: boolean;
  /**
   * For the runs: the markers, in the dataset's order.
   */
  markers?: IMarker[];
}

/**
 * The Chart.js datasets of a timeline, and the role of each, in the same order.
 */
export function chartDatasets(
  timeline: ITimeline,
  colors: ITimelineColors,
  labels: ITimelineLabels
): { datasets: TimelineDataset[]; roles: IDatasetRole[] } {
  const datasets: TimelineDataset[] = [];
  const roles: IDatasetRole[] = [];
  const listed = new Set<string>();
  const add = (role: IDatasetRole, dataset: TimelineDataset) => {
    role.legend = !listed.has(role.kind);
    listed.add(role.kind);
    roles.push(role);
    datasets.push(dataset);
  };

  for (const series of timeline.series) {
    const color = series.current ? colors[series.kind] : colors.old;
    add(
      { kind: series.kind, legend: false },
      {
        label: labels[series.kind],
        data: series.points,
        borderColor: color,
        backgroundColor: color,
        borderWidth: series.kind === 'memory' ? 2 : 1.5,
        borderDash: series.kind === 'heap' ? [4, 3] : undefined,
        pointRadius: 0,
        pointHitRadius: 0,
        tension: 0,
        order: 2
      }
    );
  }
  if (timeline.limit !== null && timeline.span) {
    add(
      { kind: 'limit', legend: false },
      {
        label: labels.limit,
        data: [
          { x: timeline.span.min, y: timeline.limit },
          { x: timeline.span.max, y: timeline.limit }
        ],
        borderColor: colors.limit,
        backgroundColor: colors.limit,
        borderWidth: 1.5,
        borderDash: [6, 4],
        pointRadius: 0,
        pointHitRadius: 0,
        order: 3
      }
    );
  }
  // One scatter per look, so that Chart.js resolves the point options once per dataset
  // rather than once per point at every update.
  const groups: { markers: IMarker[]; fill: string; border: string }[] = [
    { markers: [], fill: colors.marker, border: colors.marker },
    { markers: [], fill: colors.markerRaised, border: colors.marker },
    { markers: [], fill: colors.old, border: colors.old }
  ];
  for (const marker of timeline.markers) {
    const group = !marker.current ? 2 : marker.record.raised ? 1 : 0;
    groups[group]!.markers.push(marker);
  }
  for (const group of groups) {
    if (group.markers.length === 0) {
      continue;
    }
    add(
      { kind: 'runs', legend: false, markers: group.markers },
      {
        type: 'scatter',
        label: labels.runs,
        data: group.markers.map(({ x, y }) => ({ x, y })),
        pointStyle: 'triangle',
        pointRadius: 5,
        pointHoverRadius: 7,
        pointHitRadius: 6,
        pointBackgroundColor: group.fill,
        pointBorderColor: group.border,
        borderColor: group.border,
        backgroundColor: group.fill,
        order: 1
      }
    );
  }
  return { datasets, roles };
}

/**
 * A clock time for an x-axis tick: `14:05:09` (local time).
 */
export function formatClock(seconds: number): string {
  const date = new Date(seconds * 1000);
  return [date.getHours(), date.getMinutes(), date.getSeconds()]
    .map(part => String(part).padStart(2, '0'))
    .join(':');
}
