import { nullTranslator } from '@jupyterlab/translation';

import { Variable } from '../schema';
import { sharingText, visibleVariables } from '../panel/variables/sharing';

const MiB = 2 ** 20;
const trans = nullTranslator.load('jupyterlab-memory-inspector');

function variable(name: string, extra: Partial<Variable> = {}): Variable {
  return {
    name,
    kind: 'name',
    type: 'pandas.DataFrame',
    size: 77 * MiB,
    exact: true,
    summary: '',
    new: false,
    view_of: null,
    holders: [],
    ...extra
  };
}

describe('sharingText', () => {
  it("says a variable's own memory and what it shares with which names", () => {
    const clean = variable('df_clean', {
      own: 77 * MiB,
      shared: [{ with: 'df', size: 103 * MiB, counted_here: false }]
    });
    expect(sharingText(clean, trans)).toBe(
      '77.0 MiB own, 103 MiB shared with df'
    );
  });

  it('says nothing for a variable that shares nothing', () => {
    expect(sharingText(variable('arr'), trans)).toBeNull();
  });
});

describe('visibleVariables', () => {
  const items = [
    variable('mine'),
    variable('_jupyterlab_variableinspector_nms', { hidden: true }),
    variable('__np', { hidden: true })
  ];

  it('hides the names of IPython and other tools unless asked', () => {
    expect(visibleVariables(items, false).map(item => item.name)).toEqual([
      'mine'
    ]);
    expect(visibleVariables(items, true)).toHaveLength(3);
  });
});
