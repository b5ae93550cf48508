import type { ChartDataset } from 'chart.js';

import { IMarker, IPoint, ITimeline, SeriesKind } from './data';

/**
 * A dataset of the timeline chart: lines, and the runs as a scatter (which Chart.js never
 * decimates, so each marker keeps its index and its record).
 */
export type TimelineDataset =
  ChartDataset<'line', IPoint[]> | ChartDataset<'scatter', IPoint[]>;

/**
 * The radius of a run's marker, in CSS pixels.
 */
export const MARKER_RADIUS = 5;

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
        pointRadius: MARKER_RADIUS,
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
