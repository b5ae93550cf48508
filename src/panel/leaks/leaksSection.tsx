import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { holderText, leakText } from '../../badges/leakBudget';
import { ActiveKernelMemory } from '../../model/activeKernel';
import { formatDelta } from '../../util/format';
import { MemorySection } from '../section';
import { leakingCells } from './leakingCells';

/**
 * The cells that keep memory each time they run (the server's leak verdicts), each with what
 * it keeps per run and what most likely holds it.
 */
export class LeaksSection extends MemorySection {
  constructor(
    active: ActiveKernelMemory,
    private readonly _trans: TranslationBundle
  ) {
    super(active, ['kernel', 'monitor', 'records']);
    this.addClass('jmi-Leaks');
    this.title.label = _trans.__('Cells That Keep Memory Each Run');
  }

  protected render(): React.ReactElement {
    const trans = this._trans;
    const memory = this.active.memory;
    const cells = memory ? leakingCells(memory) : [];
    if (cells.length === 0) {
      return (
        <p className="jmi-Empty">
          {trans.__('No cell keeps more memory each time it runs.')}
        </p>
      );
    }
    return (
      <ul className="jmi-LeakList">
        {cells.map(({ record, verdict }) => (
          <li key={record.cell_id} data-cell-id={record.cell_id ?? ''}>
            <span className="jmi-LeakList-cell">
              {record.execution_count !== null
                ? trans.__('Cell [%1]', record.execution_count)
                : trans.__('A cell')}
            </span>{' '}
            <span className="jmi-LeakList-keeps">
              {leakText(verdict, trans)}
            </span>
            <span className="jmi-LeakList-runs">
              {' '}
              {trans.__(
                '(runs: %1)',
                verdict.retained.map(formatDelta).join(', ')
              )}
            </span>
            {verdict.holder && (
              <div className="jmi-LeakList-holder">
                {trans.__(
                  'Likely held by %1.',
                  holderText(verdict.holder, trans)
                )}
              </div>
            )}
          </li>
        ))}
      </ul>
    );
  }
}
