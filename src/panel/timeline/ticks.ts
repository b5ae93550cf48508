/**
 * The memory axis's ticks at sizes a person reads at a glance (0.5, 1, 1.5 GiB; 100, 200,
 * 300 MiB), not where Chart.js's decimal steps land in binary units (477 and 954 MiB).
 */

const KiB = 1024;
const MiB = KiB * KiB;
const GiB = MiB * KiB;

/**
 * The steps between ticks, smallest first. Above 100 MiB the axis counts in GiB: 0.25 GiB
 * reads better than 256 MiB beside 512 and 768.
 */
const STEPS = [
  1,
  2,
  5,
  10,
  20,
  50,
  100,
  200,
  500,
  ...[1, 2, 5, 10, 20, 50, 100, 200, 500].map(m => m * KiB),
  ...[1, 2, 5, 10, 20, 50, 100].map(m => m * MiB),
  ...[0.25, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500].map(m => m * GiB)
];

/**
 * Round ticks from 0 to at least `max` bytes, at most `most` of them (at least two), and the
 * step between them.
 */
export function byteTicks(
  max: number,
  most: number
): { values: number[]; step: number } {
  const intervals = Math.max(1, most - 1);
  const top = Math.max(max, 1);
  const step =
    STEPS.find(candidate => Math.ceil(top / candidate) <= intervals) ??
    Math.ceil(top / intervals / GiB) * GiB;
  const count = Math.ceil(top / step);
  const values = Array.from({ length: count + 1 }, (_, i) => i * step);
  return { values, step };
}

/**
 * A tick's label in the unit of its step: "0.5 GiB", "1.5 GiB", "300 MiB".
 */
export function byteTickLabel(value: number, step: number): string {
  if (value === 0) {
    return '0';
  }
  const [unit, name] =
    step >= GiB / 4
      ? [GiB, 'GiB']
      : step >= MiB
        ? [MiB, 'MiB']
        : step >= KiB
          ? [KiB, 'KiB']
          : [1, 'B'];
  const amount = Math.round((value / unit) * 100) / 100;
  return `${amount} ${name}`;
}
