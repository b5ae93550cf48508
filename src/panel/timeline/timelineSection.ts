import { TranslationBundle } from '@jupyterlab/translation';
import { Message } from '@lumino/messaging';
import { Widget } from '@lumino/widgets';
import type { Chart } from 'chart.js';

import { ActiveKernelMemory } from '../../model/activeKernel';
import { CellRecord } from '../../schema';
import { RenderScheduler } from '../section';
import { createTimelineChart, IDrawnLabel } from './chart';
import { BoundaryKind } from './boundaries';
import { buildTimeline, IPoint, ITimeline } from './data';
import { chartDatasets, IDatasetRole } from './datasets';
import { showDroppedNote } from './droppedNote';
import { readColors } from './theme';

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
    this._dropped = document.createElement('p');
    this._dropped.className = 'jmi-Note jmi-Timeline-dropped';
    this.node.append(this._empty, this._canvasHost, this._dropped);
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
   * Where the restart labels were last drawn: for UI tests.
   */
  restartLabels(): IDrawnLabel[] {
    return [...this._labels];
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
    showDroppedNote(this._dropped, this._trans, memory);
    if (empty || !timeline) {
      return;
    }
    const { datasets, roles } = chartDatasets(timeline, this._colors, {
      memory: this._trans.__('Memory'),
      live: this._trans.__('Memory while a cell runs (shared pages split)'),
      heap: this._trans.__('Python heap (traced allocations)'),
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
    this._chart = createTimelineChart(this._canvas, this._colors, this._trans, {
      timeline: () => this._timeline,
      roles: () => this._roles,
      onRunClicked: record => this._onRunClicked(record),
      onLabelsDrawn: labels => {
        this._labels = labels;
      }
    });
    return this._chart;
  }

  private _chart: Chart<'line', IPoint[]> | null = null;
  private _colors = readColors();
  private _roles: IDatasetRole[] = [];
  private _labels: IDrawnLabel[] = [];
  private _timeline: ITimeline | null = null;
  private _scheduler: RenderScheduler;
  private _empty: HTMLElement;
  private _canvasHost: HTMLElement;
  private _dropped: HTMLElement;
  private _canvas: HTMLCanvasElement;
}
