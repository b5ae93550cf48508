import { IBox, overlaps, placeLabel } from '../panel/timeline/labelPlace';

const AREA = { left: 60, right: 300, top: 10, bottom: 150 };

function marker(x: number, y: number): IBox {
  return { left: x - 6, top: y - 6, width: 12, height: 12 };
}

describe("a restart line's label", () => {
  it('goes right of the line at the top when nothing is there', () => {
    expect(placeLabel(100, 40, 13, AREA, [marker(200, 100)])).toEqual({
      left: 103,
      top: 11,
      width: 40,
      height: 13
    });
  });

  it('moves off a marker at the top right to the left, then to the bottom', () => {
    const firstRun = marker(135, 14);
    const left = placeLabel(120, 40, 13, AREA, [firstRun]);
    expect(left).toEqual({ left: 77, top: 11, width: 40, height: 13 });
    expect(overlaps(left, firstRun)).toBe(false);
    const lastRun = marker(100, 16);
    const bottom = placeLabel(120, 40, 13, AREA, [firstRun, lastRun]);
    expect(bottom).toEqual({ left: 123, top: 136, width: 40, height: 13 });
  });

  it('stays inside the chart near its right edge', () => {
    const box = placeLabel(290, 40, 13, AREA, []);
    expect(box.left + box.width).toBeLessThanOrEqual(AREA.right);
  });

  it('keeps its first place, on its patch, where every place has a marker', () => {
    const everywhere = [
      marker(135, 14),
      marker(100, 14),
      marker(135, 142),
      marker(100, 142)
    ];
    expect(placeLabel(120, 40, 13, AREA, everywhere).left).toBe(123);
  });
});
