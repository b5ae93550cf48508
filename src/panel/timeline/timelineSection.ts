import { TranslationBundle } from '@jupyterlab/translation';
import { Message } from '@lumino/messaging';
import { Widget } from '@lumino/widgets';
import {
  Chart,
  ChartEvent,
  Decimation,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  Plugin,
  PointElement,
  ScatterController,
  Tooltip,
  TooltipItem
} from 'chart.js';

import { ActiveKernelMemory } from '../../model/activeKernel';
import {
  formatBytes,
  formatDelta,
  formatDuration,
  peakIncrease
} from '../../util/format';
import { CellRecord } from '../../schema';
import {
  BoundaryKind,
  buildTimeline,
  chartDatasets,
  formatClock,
  IDatasetRole,
  IMarker,
  IPoint,
  ITimeline,
  ITimelineColors
} from './data';
import { RenderScheduler } from '../section';

Chart.register(
  LineController,
  ScatterController,
  LineElement,
  PointElement,
  LinearScale,
  Tooltip,
  Legend,
  Decimation
);

/**
 * A JupyterLab theme variable's value, for the canvas, which cannot use the variables itself.
 */
function themeValue(name: string, fallback: string): string {
  return (
    getComputedStyle(document.body).getPropertyValue(name).trim() || fallback
  );
}

function readColors(): ITimelineColors & {
  grid: string;
  text: string;
  tooltip: string;
  tooltipText: string;
  font: string;
} {
  return {
    memory: themeValue('--jp-brand-color1', '#1976d2'),
    live: themeValue('--jp-brand-color2', '#64b5f6'),
    heap: themeValue('--jp-accent-color1', '#388e3c'),
    limit: themeValue('--jp-error-color1', '#d32f2f'),
    old: themeValue('--jp-layout-color4', '#757575'),
    marker: themeValue('--jp-warn-color1', '#f57c00'),
    markerRaised: themeValue('--jp-error-color1', '#d32f2f'),
    grid: themeValue('--jp-border-color2', '#e0e0e0'),
    text: themeValue('--jp-ui-font-color1', '#212121'),
    tooltip: themeValue('--jp-layout-color0', '#ffffff'),
    tooltipText: themeValue('--jp-ui-font-color0', '#000000'),
    font: themeValue('--jp-ui-font-family', 'sans-serif')
  };
}

/**
 * Draws a dashed vertical line, labelled, where the kernel restarted or died.
 */
function restartsPlugin(
  boundaries: () => readonly { time: number; label: string; color: string }[]
): Plugin<'line'> {
  return {
    id: 'jmiRestarts',
    afterDatasetsDraw(chart) {
      const x = chart.scales.x;
      const area = chart.chartArea;
      if (!x || !area) {
        return;
      }
      const ctx = chart.ctx;
      ctx.save();
      ctx.setLineDash([3, 3]);
      ctx.lineWidth = 1;
      ctx.textAlign = 'left';
      ctx.textBaseline = 'top';
      for (const { time, label, color } of boundaries()) {
        const pixel = x.getPixelForValue(time);
        if (pixel < area.left || pixel > area.right) {
          continue;
        }
        ctx.strokeStyle = color;
        ctx.fillStyle = color;
        ctx.beginPath();
        ctx.moveTo(pixel, area.top);
        ctx.lineTo(pixel, area.bottom);
        ctx.stroke();
        // Near the right edge the label goes on the line's left, not off the chart.
        const width = ctx.measureText(label).width;
        const right = pixel + 3 + width > area.right;
        ctx.textAlign = right ? 'right' : 'left';
        ctx.fillText(label, right ? pixel - 3 : pixel + 3, area.top + 2);
      }
      ctx.restore();
    }
  };
}

/**
 * Room for the y-axis labels, in CSS pixels: "1023 MiB" in the panel's 11 px font.
 */
const Y_AXIS_MIN_WIDTH = 64;

/**
 * The least time between two draws of the timeline: twice a second keeps it moving with the
 * live samples, and costs little while Run All brings dozens of records a second.
 */
const TIMELINE_INTERVAL_MS = 500;

/**
 * Where a run's marker is drawn, in CSS pixels from the canvas's top left corner.
 */
export interface IMarkerPosition {
  cellId: string | null;
  executionCount: number | null;
  x: number;
  y: number;
}

/**
 * The timeline of the active kernel's memory: RSS, the Python heap while tracing, the memory
 * limit, and a marker for every cell run that, when clicked, goes to the cell.
 */
export class TimelineSection extends Widget {
  constructor(
    private readonly _active: ActiveKernelMemory,
    private readonly _trans: TranslationBundle,
    private readonly _onRunClicked: (record: CellRecord) => void
  ) {
    super();
    this.addClass('jmi-Section');
    this.addClass('jmi-Timeline');
    this.title.label = _trans.__('Memory Timeline');
    this._empty = document.createElement('p');
    this._empty.className = 'jmi-Empty';
    this._canvasHost = document.createElement('div');
    this._canvasHost.className = 'jmi-Timeline-canvas';
    this._canvas = document.createElement('canvas');
    this._canvas.setAttribute('role', 'img');
    this._canvasHost.appendChild(this._canvas);
    this.node.append(this._empty, this._canvasHost);
    this._scheduler = new RenderScheduler(
      _active,
      ['kernel', 'monitor', 'records', 'samples'],
      () => this.isVisible,
      () => this.refresh(),
      TIMELINE_INTERVAL_MS
    );
  }

  /**
   * The Chart.js chart, once the section has been shown.
   */
  get chart(): Chart<'line', IPoint[]> | null {
    return this._chart;
  }

  /**
   * The lines drawn where the kernel's process was replaced, and why: for UI tests.
   */
  boundaries(): { time: number; kind: BoundaryKind }[] {
    const timeline = this._timeline;
    return timeline
      ? timeline.boundaries.map((time, i) => ({
          time,
          kind: timeline.boundaryKinds[i]!
        }))
      : [];
  }

  /**
   * Where each run's marker is drawn: lets UI tests click a marker as a user would.
   */
  markerPositions(): IMarkerPosition[] {
    const chart = this._chart;
    if (!chart) {
      return [];
    }
    const positions: (IMarkerPosition & { time: number })[] = [];
    this._roles.forEach((role, datasetIndex) => {
      if (role.kind !== 'runs') {
        return;
      }
      const markers = role.markers ?? [];
      chart.getDatasetMeta(datasetIndex).data.forEach((element, index) => {
        const record = markers[index]?.record;
        positions.push({
          cellId: record?.cell_id ?? null,
          executionCount: record?.execution_count ?? null,
          time: record?.end ?? 0,
          x: element.x,
          y: element.y
        });
      });
    });
    return positions
      .sort((a, b) => a.time - b.time)
      .map(({ cellId, executionCount, x, y }) => ({
        cellId,
        executionCount,
        x,
        y
      }));
  }

  /**
   * Re-read the theme's colours (after a theme change) and redraw.
   */
  refreshColors(): void {
    this._colors = readColors();
    this._chart?.destroy();
    this._chart = null;
    this.refresh();
  }

  /**
   * Draw the timeline from the active kernel's memory now.
   */
  refresh(): void {
    const memory = this._active.memory;
    const timeline: ITimeline | null = memory
      ? buildTimeline({
          records: memory.records,
          samples: memory.samples,
          restarts: memory.restarts,
          currentSession: memory.currentSession,
          liveMetric: memory.monitor?.live.metric ?? null,
          lifecycle: memory.monitor?.lifecycle ?? []
        })
      : null;
    this._timeline = timeline;
    const empty = !timeline || !timeline.span;
    this._empty.textContent = !empty
      ? ''
      : memory?.monitor?.state === 'active'
        ? this._trans.__(
            'Nothing measured yet: run a cell, and its memory shows here.'
          )
        : this._trans.__('Nothing to show for this kernel.');
    this._empty.hidden = !empty;
    this._canvasHost.hidden = empty;
    if (empty || !timeline) {
      return;
    }
    const { datasets, roles } = chartDatasets(timeline, this._colors, {
      memory: this._trans.__('RSS'),
      live: this._trans.__('PSS (live)'),
      heap: this._trans.__('Python heap (tracemalloc)'),
      limit: this._trans.__('Memory limit'),
      runs: this._trans.__('Cell runs')
    });
    this._roles = roles;
    this._canvas.setAttribute(
      'aria-label',
      this._trans._n(
        'Memory timeline of %1 cell run',
        'Memory timeline of %1 cell runs',
        timeline.markers.length
      )
    );
    const chart = this._chart ?? this._createChart();
    const current = chart.data.datasets;
    if (
      current.length === datasets.length &&
      current.every((dataset, i) => dataset.type === datasets[i]!.type)
    ) {
      // The same lines with new points: updating the datasets in place lets Chart.js keep
      // their controllers and resolved options, which it would otherwise build anew.
      datasets.forEach((dataset, i) => Object.assign(current[i]!, dataset));
    } else {
      chart.data.datasets = datasets as typeof chart.data.datasets;
    }
    chart.update('none');
  }

  override dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._scheduler.dispose();
    this._chart?.destroy();
    this._chart = null;
    super.dispose();
  }

  protected override onAfterAttach(msg: Message): void {
    super.onAfterAttach(msg);
    this.refresh();
  }

  protected override onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    this._scheduler.catchUp();
  }

  private _createChart(): Chart<'line', IPoint[]> {
    const colors = this._colors;
    const trans = this._trans;
    const font = { family: colors.font, size: 11 };
    const chart = new Chart<'line', IPoint[]>(this._canvas, {
      type: 'line',
      data: { datasets: [] },
      plugins: [
        restartsPlugin(() => {
          const timeline = this._timeline;
          if (!timeline) {
            return [];
          }
          return timeline.boundaries.map((time, i) =>
            timeline.boundaryKinds[i] === 'died'
              ? {
                  time,
                  label: trans.__('kernel died'),
                  color: this._colors.limit
                }
              : { time, label: trans.__('restart'), color: this._colors.old }
          );
        })
      ],
      options: {
        animation: false,
        parsing: false,
        normalized: true,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'nearest', intersect: true },
        onClick: (event: ChartEvent, elements) => this._onClick(elements),
        onHover: (event: ChartEvent, elements) => {
          this._canvas.style.cursor = this._runAt(elements) ? 'pointer' : '';
        },
        scales: {
          x: {
            type: 'linear',
            grid: { color: colors.grid },
            ticks: {
              color: colors.text,
              font,
              maxRotation: 0,
              autoSkipPadding: 16,
              callback: value => formatClock(Number(value))
            }
          },
          y: {
            type: 'linear',
            beginAtZero: true,
            grid: { color: colors.grid },
            // Labels change width as memory grows ("95.4 MiB" after "134 MiB"): reserve room
            // for the widest that formatBytes writes, so that none is clipped on the left.
            afterFit: scale => {
              scale.width = Math.max(scale.width, Y_AXIS_MIN_WIDTH);
            },
            ticks: {
              color: colors.text,
              font,
              callback: value => formatBytes(Number(value))
            }
          }
        },
        plugins: {
          decimation: { enabled: true, algorithm: 'min-max' },
          legend: {
            position: 'bottom',
            labels: {
              color: colors.text,
              font,
              boxWidth: 12,
              boxHeight: 2,
              // One entry per kind, in the current process's colours (the first line of a
              // kind may be an old process's, in grey).
              generateLabels: chart =>
                this._roles.flatMap((role, datasetIndex) => {
                  if (!role.legend) {
                    return [];
                  }
                  const color =
                    role.kind === 'runs'
                      ? this._colors.marker
                      : this._colors[role.kind];
                  return [
                    {
                      text: String(chart.data.datasets[datasetIndex]?.label),
                      fillStyle: color,
                      strokeStyle: color,
                      fontColor: this._colors.text,
                      lineWidth: 0,
                      hidden: false,
                      datasetIndex
                    }
                  ];
                })
            },
            // Hiding one process's line would leave the others: the legend only explains.
            onClick: () => undefined
          },
          tooltip: {
            backgroundColor: colors.tooltip,
            titleColor: colors.tooltipText,
            bodyColor: colors.tooltipText,
            borderColor: colors.grid,
            borderWidth: 1,
            titleFont: font,
            bodyFont: font,
            filter: item => this._roles[item.datasetIndex]?.kind === 'runs',
            callbacks: {
              title: items => this._tooltipTitle(items),
              label: item => this._tooltipLines(item)
            }
          }
        }
      }
    });
    this._chart = chart;
    return chart;
  }

  private _markerOf(datasetIndex: number, index: number): IMarker | undefined {
    const role: IDatasetRole | undefined = this._roles[datasetIndex];
    return role?.kind === 'runs' ? role.markers?.[index] : undefined;
  }

  private _runAt(
    elements: { datasetIndex: number; index: number }[]
  ): IMarker | undefined {
    for (const element of elements) {
      const marker = this._markerOf(element.datasetIndex, element.index);
      if (marker) {
        return marker;
      }
    }
    return undefined;
  }

  private _onClick(elements: { datasetIndex: number; index: number }[]): void {
    const marker = this._runAt(elements);
    if (marker) {
      this._onRunClicked(marker.record);
    }
  }

  private _tooltipTitle(items: TooltipItem<'line'>[]): string {
    const item = items[0];
    const marker = item && this._markerOf(item.datasetIndex, item.dataIndex);
    if (!marker) {
      return '';
    }
    const count = marker.record.execution_count;
    return count === null
      ? this._trans.__('Cell run at %1', formatClock(marker.record.start))
      : this._trans.__(
          'Run [%1] at %2',
          count,
          formatClock(marker.record.start)
        );
  }

  private _tooltipLines(item: TooltipItem<'line'>): string[] {
    const marker = this._markerOf(item.datasetIndex, item.dataIndex);
    if (!marker) {
      return [];
    }
    const record = marker.record;
    const lines = [
      this._trans.__(
        '%1, peak +%2, in %3',
        formatDelta(record.rss_delta),
        formatBytes(peakIncrease(record)),
        formatDuration(record.duration)
      )
    ];
    if (!marker.current) {
      lines.push(this._trans.__('before the kernel restarted'));
    }
    lines.push(this._trans.__('Click to go to the cell'));
    return lines;
  }

  private _chart: Chart<'line', IPoint[]> | null = null;
  private _colors = readColors();
  private _roles: IDatasetRole[] = [];
  private _timeline: ITimeline | null = null;
  private _scheduler: RenderScheduler;
  private _empty: HTMLElement;
  private _canvasHost: HTMLElement;
  private _canvas: HTMLCanvasElement;
}
