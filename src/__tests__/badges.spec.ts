import { nullTranslator } from '@jupyterlab/translation';

import { createBadge, fillBadge } from '../badges';
import { makeRecord, MiB } from './records';

const trans = nullTranslator.load('jupyterlab_memory_inspector');

describe('fillBadge', () => {
  it('writes the figures, the tooltip and the data attributes', () => {
    const badge = createBadge();
    fillBadge(badge, makeRecord({ cell_id: 'abc', execution_count: 4 }), trans);
    expect(badge.querySelector('.jmi-Badge-delta')?.textContent).toBe(
      '+512 MiB'
    );
    expect(badge.querySelector('.jmi-Badge-peak')?.textContent).toBe(
      'peak +1.00 GiB'
    );
    expect(badge.title).toContain('Run [4]');
    expect(badge.dataset.cellId).toBe('abc');
    expect(badge.dataset.executionCount).toBe('4');
    expect(badge.dataset.rssDelta).toBe(String(512 * MiB));
    expect(badge.classList.contains('jmi-mod-grew')).toBe(true);
  });

  it('switches its modifiers when the same badge shows a later run', () => {
    const badge = createBadge();
    fillBadge(badge, makeRecord(), trans);
    fillBadge(
      badge,
      makeRecord({ rss_delta: -MiB, raised: true, status: 'error' }),
      trans
    );
    expect(badge.classList.contains('jmi-mod-grew')).toBe(false);
    expect(badge.classList.contains('jmi-mod-shrank')).toBe(true);
    expect(badge.classList.contains('jmi-mod-raised')).toBe(true);
  });
});
