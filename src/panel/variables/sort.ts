import { Variable } from '../../schema';

/**
 * A column the variables table sorts by.
 */
export type VariableSortKey = 'name' | 'type' | 'size' | 'holders';

/**
 * How the variables table is sorted.
 */
export interface IVariableSort {
  key: VariableSortKey;
  ascending: boolean;
}

/**
 * The sort the table starts with: the largest first, as the probe lists them.
 */
export const DEFAULT_SORT: IVariableSort = { key: 'size', ascending: false };

const collator = new Intl.Collator(undefined, {
  numeric: true,
  sensitivity: 'base'
});

function compareBy(key: VariableSortKey, a: Variable, b: Variable): number {
  switch (key) {
    case 'name':
      return collator.compare(a.name, b.name);
    case 'type':
      return collator.compare(a.type, b.type);
    case 'size':
      return a.size - b.size;
    case 'holders':
      return a.holders.length - b.holders.length;
  }
}

/**
 * The variables sorted for the table; ties go to the larger, then by name, so that the order
 * never jumps between two renders of the same data.
 */
export function sortVariables(
  items: readonly Variable[],
  sort: IVariableSort
): Variable[] {
  const direction = sort.ascending ? 1 : -1;
  return [...items].sort(
    (a, b) =>
      direction * compareBy(sort.key, a, b) ||
      b.size - a.size ||
      collator.compare(a.name, b.name)
  );
}

/**
 * The next sort when a column header is clicked: the other direction on the same column,
 * or a new column in its natural direction (sizes and holders largest first).
 */
export function nextSort(
  current: IVariableSort,
  key: VariableSortKey
): IVariableSort {
  if (current.key === key) {
    return { key, ascending: !current.ascending };
  }
  return { key, ascending: key === 'name' || key === 'type' };
}

/**
 * The short name of a type for the table (`numpy.ndarray` → `ndarray`); the full name goes
 * into the title.
 */
export function shortType(type: string): string {
  const dot = type.lastIndexOf('.');
  return dot >= 0 ? type.slice(dot + 1) : type;
}
