/**
 * Where a restart line's label goes: beside the line at the top of the chart, unless a run's
 * marker is there. The first run after a restart often ends a moment after it, near the top
 * of the axis, right where the label would hide it (or, drawn under it, be hidden).
 */

/**
 * A rectangle on the chart, in CSS pixels from the canvas's top left corner.
 */
export interface IBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * The chart's plotting area, as Chart.js gives it.
 */
export interface IArea {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/**
 * The gap between the line and its label, in CSS pixels.
 */
const GAP = 3;

/**
 * Whether two boxes share any pixel.
 */
export function overlaps(a: IBox, b: IBox): boolean {
  return (
    a.left < b.left + b.width &&
    b.left < a.left + a.width &&
    a.top < b.top + b.height &&
    b.top < a.top + a.height
  );
}

/**
 * The label's box for a line at `x`: right of the line at the top, else left of it, else the
 * same at the bottom, the first that fits in the area and covers no obstacle (the markers).
 * Where every place covers one, the top one that fits: drawn on its patch, it stays readable.
 */
export function placeLabel(
  x: number,
  width: number,
  height: number,
  area: IArea,
  obstacles: readonly IBox[]
): IBox {
  const right = x + GAP;
  const left = x - GAP - width;
  const sides = [right, left].filter(
    side => side >= area.left && side + width <= area.right
  );
  if (sides.length === 0) {
    sides.push(left);
  }
  const rows = [area.top + 1, area.bottom - 1 - height];
  const places = rows.flatMap(top =>
    sides.map(side => ({ left: side, top, width, height }))
  );
  return (
    places.find(place => !obstacles.some(box => overlaps(place, box))) ??
    places[0]!
  );
}
