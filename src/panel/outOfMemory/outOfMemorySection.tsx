import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { ActiveKernelMemory } from '../../model/activeKernel';
import { deathDismissals } from '../../model/deathDismissals';
import { CellRecord, KernelDeath } from '../../schema';
import { deathText, guardText } from '../../util/guardText';
import { MemorySection } from '../section';

/**
 * What running out of memory did to the kernel: the cells the out-of-memory guard stopped
 * (newest first), and each death with its cause. A death stays, after the kernel's restart
 * too, until the user dismisses it: "why did my kernel restart?" is answered here.
 */
export class OutOfMemorySection extends MemorySection {
  constructor(
    active: ActiveKernelMemory,
    private readonly _trans: TranslationBundle
  ) {
    super(active, ['kernel', 'monitor', 'records']);
    this.addClass('jmi-OutOfMemory');
    this.title.label = _trans.__('Out of Memory');
  }

  protected render(): React.ReactElement {
    const trans = this._trans;
    const memory = this.active.memory;
    const kernelId = memory?.kernelId ?? '';
    const deaths: { time: number; death: KernelDeath }[] = [];
    for (const event of memory?.monitor?.lifecycle ?? []) {
      if (event.death && !deathDismissals.isDismissed(kernelId, event.time)) {
        deaths.push({ time: event.time, death: event.death });
      }
    }
    const guarded: CellRecord[] = [];
    for (const entry of memory?.records ?? []) {
      if (entry.record.oom_guard) {
        guarded.push(entry.record);
      }
    }
    if (deaths.length === 0 && guarded.length === 0) {
      return (
        <p className="jmi-Empty">
          {trans.__('No cell was stopped or killed for lack of memory.')}
        </p>
      );
    }
    return (
      <ul className="jmi-OutOfMemory-list">
        {deaths.reverse().map(({ time, death }) => (
          <li key={`death-${time}`} className="jmi-OutOfMemory-death">
            <span>{deathText(death, trans)}</span>{' '}
            <button
              className="jp-mod-styled jp-mod-reject"
              onClick={() => {
                // Shared with the fatal cell's badge, which forgets the death too.
                deathDismissals.dismiss(kernelId, time);
                this.update();
              }}
            >
              {trans.__('Dismiss')}
            </button>
          </li>
        ))}
        {guarded.reverse().map(record => (
          <li
            key={`guard-${record.msg_id ?? record.start}`}
            className="jmi-OutOfMemory-guarded"
          >
            {record.execution_count !== null
              ? trans.__('[%1]: ', record.execution_count)
              : ''}
            {guardText(record.oom_guard!, trans)}{' '}
            {trans.__('The suggestions below say what to free.')}
          </li>
        ))}
      </ul>
    );
  }
}
