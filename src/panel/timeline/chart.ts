import { TranslationBundle } from '@jupyterlab/translation';
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
  Tooltip
} from 'chart.js';

import { CellRecord } from '../../schema';
import { formatBytes, formatDelta, formatDuration } from '../../util/format';
import { treeBreakdown, treeFigures } from '../../util/tree';
import { byteTickLabel, byteTicks } from './ticks';
import { IMarker, IPoint, ITimeline } from './data';
import { formatClock, IDatasetRole, MARKER_RADIUS } from './datasets';
import { IBox, placeLabel } from './labelPlace';
import { ITimelineTheme } from './theme';

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
 * A restart line's label where it was drawn, for UI tests.
 */
export interface IDrawnLabel extends IBox {
  label: string;
}

/**
 * Draws a dashed vertical line, labelled, where the kernel restarted or died. The label goes
 * where no run's marker is (`placeLabel`), on a patch of the background: readable, and never
 * hiding a marker where there is room.
 */
function restartsPlugin(
  boundaries: () => readonly { time: number; label: string; color: string }[],
  markers: (chart: Chart) => IBox[],
  drawn: (labels: IDrawnLabel[]) => void,
  background: string
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
      const labels: IDrawnLabel[] = [];
      const obstacles = markers(chart as unknown as Chart);
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
        ctx.beginPath();
        ctx.moveTo(pixel, area.top);
        ctx.lineTo(pixel, area.bottom);
        ctx.stroke();
        const width = ctx.measureText(label).width + 2;
        const box = placeLabel(pixel, width, LABEL_HEIGHT, area, obstacles);
        ctx.fillStyle = background;
        ctx.fillRect(box.left, box.top, box.width, box.height);
        ctx.fillStyle = color;
        ctx.fillText(label, box.left + 1, box.top + 1);
        // The next line's label keeps clear of this one too.
        obstacles.push(box);
        labels.push({ ...box, label });
      }
      ctx.restore();
      drawn(labels);
    }
  };
}

/**
 * The boxes of the runs' markers as drawn, for the restart labels to keep clear of.
 */
function markerBoxes(chart: Chart, roles: readonly IDatasetRole[]): IBox[] {
  const boxes: IBox[] = [];
  roles.forEach((role, datasetIndex) => {
    if (role.kind !== 'runs') {
      return;
    }
    for (const element of chart.getDatasetMeta(datasetIndex).data) {
      const size = MARKER_RADIUS + 1;
      boxes.push({
        left: element.x - size,
        top: element.y - size,
        width: 2 * size,
        height: 2 * size
      });
    }
  });
  return boxes;
}

/**
 * The height of a restart label's background, in CSS pixels: the panel's 11 px font.
 */
const LABEL_HEIGHT = 13;

/**
 * Room for the y-axis labels, in CSS pixels: "1023 MiB" in the panel's 11 px font.
 */
const Y_AXIS_MIN_WIDTH = 64;

/**
 * What the chart reads from its section as it draws, and tells it back.
 */
export interface ITimelineChartSource {
  /**
   * The timeline drawn now, for the restart lines.
   */
  timeline(): ITimeline | null;

  /**
   * What each dataset stands for, in the chart's order.
   */
  roles(): readonly IDatasetRole[];

  /**
   * A run's marker was clicked.
   */
  onRunClicked(record: CellRecord): void;

  /**
   * The restart labels were drawn, there.
   */
  onLabelsDrawn(labels: IDrawnLabel[]): void;
}

/**
 * The marker of a point of a dataset, if the dataset is of runs.
 */
export function markerOf(
  roles: readonly IDatasetRole[],
  datasetIndex: number,
  index: number
): IMarker | undefined {
  const role: IDatasetRole | undefined = roles[datasetIndex];
  return role?.kind === 'runs' ? role.markers?.[index] : undefined;
}

/**
 * The first run's marker among the chart elements under the pointer.
 */
export function runAt(
  roles: readonly IDatasetRole[],
  elements: readonly { datasetIndex: number; index: number }[]
): IMarker | undefined {
  for (const element of elements) {
    const marker = markerOf(roles, element.datasetIndex, element.index);
    if (marker) {
      return marker;
    }
  }
  return undefined;
}

/**
 * The tooltip title of a run's marker: `Run [7] at 14:05:09`.
 */
export function runTitle(marker: IMarker, trans: TranslationBundle): string {
  const count = marker.record.execution_count;
  return count === null
    ? trans.__('Cell run at %1', formatClock(marker.record.start))
    : trans.__('Run [%1] at %2', count, formatClock(marker.record.start));
}

/**
 * The tooltip lines of a run's marker: what it did, and that a click goes to its cell.
 */
export function runLines(marker: IMarker, trans: TranslationBundle): string[] {
  const record = marker.record;
  const tree = treeFigures(record);
  const lines = [
    trans.__(
      '%1, peak +%2, in %3',
      formatDelta(tree.delta),
      formatBytes(tree.peakAbove),
      formatDuration(record.duration)
    ),
    ...treeBreakdown(record, trans)
  ];
  if (!marker.current) {
    lines.push(trans.__('before the kernel restarted'));
  }
  lines.push(trans.__('Click to go to the cell'));
  return lines;
}

/**
 * The timeline's Chart.js line chart on `canvas`, in the theme's colours.
 */
export function createTimelineChart(
  canvas: HTMLCanvasElement,
  colors: ITimelineTheme,
  trans: TranslationBundle,
  source: ITimelineChartSource
): Chart<'line', IPoint[]> {
  const font = { family: colors.font, size: 11 };
  // The memory axis's step, which its tick labels are written in.
  let step = 1;
  const chart = new Chart<'line', IPoint[]>(canvas, {
    type: 'line',
    data: { datasets: [] },
    plugins: [
      restartsPlugin(
        () => {
          const timeline = source.timeline();
          if (!timeline) {
            return [];
          }
          return timeline.boundaries.map((time, i) =>
            timeline.boundaryKinds[i] === 'died'
              ? {
                  time,
                  label: trans.__('kernel died'),
                  color: colors.limit
                }
              : { time, label: trans.__('restart'), color: colors.old }
          );
        },
        chart => markerBoxes(chart, source.roles()),
        labels => source.onLabelsDrawn(labels),
        colors.tooltip
      )
    ],
    options: {
      animation: false,
      parsing: false,
      normalized: true,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'nearest', intersect: true },
      onClick: (event: ChartEvent, elements) => {
        const marker = runAt(source.roles(), elements);
        if (marker) {
          source.onRunClicked(marker.record);
        }
      },
      onHover: (event: ChartEvent, elements) => {
        canvas.style.cursor = runAt(source.roles(), elements) ? 'pointer' : '';
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
          // Round sizes in the step's own unit; Chart.js's room for ticks sets how many.
          afterBuildTicks: scale => {
            const ticks = byteTicks(scale.max, scale.ticks.length);
            step = ticks.step;
            scale.ticks = ticks.values.map(value => ({ value }));
            scale.max = ticks.values[ticks.values.length - 1]!;
          },
          ticks: {
            color: colors.text,
            font,
            callback: value => byteTickLabel(Number(value), step)
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
              source.roles().flatMap((role, datasetIndex) => {
                if (!role.legend) {
                  return [];
                }
                const color =
                  role.kind === 'runs' ? colors.marker : colors[role.kind];
                return [
                  {
                    text: String(chart.data.datasets[datasetIndex]?.label),
                    fillStyle: color,
                    strokeStyle: color,
                    fontColor: colors.text,
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
          filter: item => source.roles()[item.datasetIndex]?.kind === 'runs',
          callbacks: {
            title: items => {
              const item = items[0];
              const marker =
                item &&
                markerOf(source.roles(), item.datasetIndex, item.dataIndex);
              return marker ? runTitle(marker, trans) : '';
            },
            label: item => {
              const marker = markerOf(
                source.roles(),
                item.datasetIndex,
                item.dataIndex
              );
              return marker ? runLines(marker, trans) : [];
            }
          }
        }
      }
    }
  });
  return chart;
}
