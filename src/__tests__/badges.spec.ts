import { nullTranslator } from '@jupyterlab/translation';

import { createBadge, fillBadge } from '../badges/badge';
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

  it('colours the change and the peak by the thresholds, each on its own', () => {
    const badge = createBadge();
    const thresholds = { unit: 'MiB' as const, warning: 256, critical: 1024 };
    fillBadge(
      badge,
      makeRecord({
        rss_before: 100 * MiB,
        rss_after: 400 * MiB,
        rss_delta: 300 * MiB,
        peak: 2000 * MiB
      }),
      trans,
      'live',
      thresholds
    );
    const delta = badge.querySelector('.jmi-Badge-delta')!;
    const peak = badge.querySelector('.jmi-Badge-peak')!;
    expect(delta.className).toBe('jmi-Badge-delta jmi-mod-warning');
    expect(peak.className).toBe('jmi-Badge-peak jmi-mod-critical');
    expect(badge.dataset.severity).toBe('critical');

    fillBadge(
      badge,
      makeRecord({ rss_delta: MiB, peak: 101 * MiB }),
      trans,
      'live',
      thresholds
    );
    expect(delta.className).toBe('jmi-Badge-delta');
    expect(peak.className).toBe('jmi-Badge-peak');
    expect(badge.dataset.severity).toBe('normal');
  });

  it('marks a record saved in the notebook, from before a restart or of an earlier kernel', () => {
    const badge = createBadge();
    fillBadge(badge, makeRecord(), trans, 'saved');
    expect(badge.classList.contains('jmi-mod-saved')).toBe(true);
    expect(badge.querySelector('.jmi-Badge-origin')?.textContent).toBe('saved');
    fillBadge(badge, makeRecord(), trans, 'restarted');
    expect(badge.classList.contains('jmi-mod-saved')).toBe(false);
    expect(badge.classList.contains('jmi-mod-restarted')).toBe(true);
    fillBadge(badge, makeRecord(), trans, 'earlier');
    expect(badge.classList.contains('jmi-mod-restarted')).toBe(false);
    expect(badge.classList.contains('jmi-mod-earlier')).toBe(true);
    expect(badge.querySelector('.jmi-Badge-origin')?.textContent).toBe(
      'earlier kernel'
    );
    fillBadge(badge, makeRecord(), trans, 'live');
    expect(badge.classList.contains('jmi-mod-earlier')).toBe(false);
    expect(badge.querySelector('.jmi-Badge-origin')?.textContent).toBe('');
    expect(badge.dataset.origin).toBe('live');
  });

  it("sets a free-memory cell's run beside its prediction", () => {
    const badge = createBadge();
    const free = { predicted: 430 * MiB, suggestions: ['del:big'] };
    fillBadge(
      badge,
      makeRecord({ rss_delta: -412 * MiB }),
      trans,
      'live',
      null,
      free
    );
    expect(badge.querySelector('.jmi-Badge-freed')?.textContent).toBe(
      'freed 412 MiB of 430 MiB predicted'
    );
    expect(badge.dataset.freed).toBe(String(412 * MiB));
    expect(badge.dataset.predicted).toBe(String(430 * MiB));
    expect(badge.classList.contains('jmi-mod-free')).toBe(true);
    expect(badge.title).toContain(
      'Free-memory cell: gave back 412 MiB of the 430 MiB predicted (96%).'
    );

    // The same badge on an ordinary cell (the metadata removed) loses it.
    fillBadge(badge, makeRecord(), trans);
    expect(badge.querySelector('.jmi-Badge-freed')?.textContent).toBe('');
    expect(badge.dataset.freed).toBeUndefined();
    expect(badge.classList.contains('jmi-mod-free')).toBe(false);
  });
});
