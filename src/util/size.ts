/**
 * Sizes typed by people, as the command line reads them (text.py's `parse_size`): a number
 * and a unit, case-insensitive; B, KB, MB, GB, TB are powers of 1000, KiB, MiB, GiB, TiB
 * powers of 1024, and a bare number is bytes.
 */
const MULTIPLIERS: Record<string, number> = {
  '': 1,
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40
};

const SIZE = /^\s*(\d+(?:\.\d*)?|\.\d+)\s*([a-z]*)\s*$/i;

/**
 * The units, for messages.
 */
export const UNITS_HELP =
  'B, KB, MB, GB, TB (powers of 1000) or KiB, MiB, GiB, TiB (powers of 1024)';

/**
 * Bytes from `500MiB`, `2GiB`, `1.5GB`, `800MB` or `1024`; throws an Error whose message
 * names the value and says what is accepted.
 */
export function parseSize(text: string): number {
  const match = SIZE.exec(text);
  if (!match) {
    throw new Error(
      `'${text}' is not a size: write a number and a unit, such as 500MiB`
    );
  }
  const [, number = '', unit = ''] = match;
  const multiplier = MULTIPLIERS[unit.toLowerCase()];
  if (multiplier === undefined) {
    throw new Error(`unknown unit '${unit}' in '${text}': use ${UNITS_HELP}`);
  }
  return Math.round(parseFloat(number) * multiplier);
}
