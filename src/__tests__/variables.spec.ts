import { Variable } from '../schema';
import {
  DEFAULT_SORT,
  nextSort,
  shortType,
  sortVariables
} from '../panel/variables/sort';

function variable(
  name: string,
  type: string,
  size: number,
  holders = 0
): Variable {
  return {
    name,
    kind: 'name',
    type,
    size,
    exact: true,
    summary: '',
    new: false,
    view_of: null,
    holders: Array.from({ length: holders }, (_, i) => ({
      kind: 'name' as const,
      where: `alias${i}`
    }))
  };
}

const items = [
  variable('frame2', 'pandas.DataFrame', 300, 1),
  variable('arr', 'numpy.ndarray', 800),
  variable('frame10', 'pandas.DataFrame', 300, 2),
  variable('Big', 'builtins.list', 50, 3)
];

const names = (list: Variable[]) => list.map(v => v.name);

describe('sortVariables', () => {
  it('starts with the largest first, ties by name', () => {
    expect(names(sortVariables(items, DEFAULT_SORT))).toEqual([
      'arr',
      'frame2',
      'frame10',
      'Big'
    ]);
  });

  it('sorts names naturally and without regard to case', () => {
    expect(
      names(sortVariables(items, { key: 'name', ascending: true }))
    ).toEqual(['arr', 'Big', 'frame2', 'frame10']);
  });

  it('sorts by type, the larger first within a type', () => {
    expect(
      names(sortVariables(items, { key: 'type', ascending: true }))
    ).toEqual(['Big', 'arr', 'frame2', 'frame10']);
  });

  it('sorts by how many other holders keep a variable alive', () => {
    expect(
      names(sortVariables(items, { key: 'holders', ascending: false }))
    ).toEqual(['Big', 'frame10', 'frame2', 'arr']);
  });

  it('leaves the list it was given alone', () => {
    const copy = [...items];
    sortVariables(items, { key: 'name', ascending: true });
    expect(items).toEqual(copy);
  });
});

describe('nextSort', () => {
  it('turns the direction round on the same column', () => {
    expect(nextSort(DEFAULT_SORT, 'size')).toEqual({
      key: 'size',
      ascending: true
    });
  });

  it('starts a new column in its natural direction', () => {
    expect(nextSort(DEFAULT_SORT, 'name').ascending).toBe(true);
    expect(nextSort(DEFAULT_SORT, 'holders').ascending).toBe(false);
  });
});

describe('shortType', () => {
  it('keeps the last part of a qualified name', () => {
    expect(shortType('pandas.core.frame.DataFrame')).toBe('DataFrame');
    expect(shortType('int')).toBe('int');
  });
});
