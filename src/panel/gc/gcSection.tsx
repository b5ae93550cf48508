import { TranslationBundle } from '@jupyterlab/translation';
import { CommandRegistry } from '@lumino/commands';
import * as React from 'react';

import { ActiveKernelMemory } from '../../model/activeKernel';
import {
  formatBytes,
  formatDelta,
  formatDuration,
  formatCollections
} from '../../util/format';
import { CollectReply } from '../../schema';
import { CommandIDs } from '../../tokens';
import { MemorySection } from '../section';
import { gcCounters, gcMeaning } from './gcWords';

/**
 * What a garbage collection freed, in one sentence.
 */
export function collectText(
  reply: CollectReply,
  trans: TranslationBundle
): string {
  const text = trans._n(
    'Collected %1 object in %2; memory %3 → %4 (%5).',
    'Collected %1 objects in %2; memory %3 → %4 (%5).',
    reply.collected,
    formatDuration(reply.duration),
    formatBytes(reply.rss_before),
    formatBytes(reply.rss_after),
    formatDelta(reply.rss_after - reply.rss_before)
  );
  return reply.uncollectable > 0
    ? text +
        ' ' +
        trans.__(
          '%1 uncollectable objects remain (gc.garbage).',
          reply.uncollectable
        )
    : text;
}

/**
 * The garbage collector's and tracemalloc's state, the allocation tracing switch and a
 * "Collect garbage now" button that says what it freed.
 */
export class GcSection extends MemorySection {
  constructor(
    active: ActiveKernelMemory,
    private readonly _commands: CommandRegistry,
    private readonly _trans: TranslationBundle
  ) {
    super(active, ['kernel', 'monitor', 'status', 'records']);
    this.addClass('jmi-Gc');
    this.title.label = _trans.__('Garbage Collector and Allocations');
  }

  protected render(): React.ReactElement {
    const trans = this._trans;
    const memory = this.active.memory;
    const monitor = memory?.monitor;
    if (!memory || monitor?.state !== 'active' || !monitor.probe) {
      return (
        <p className="jmi-Empty">
          {trans.__('Nothing to show for this kernel.')}
        </p>
      );
    }
    if (this._result && this._result.kernelId !== memory.kernelId) {
      this._result = null;
    }
    const record = memory.latest;
    const current = record && memory.isCurrent(record) ? record : undefined;
    const config = monitor.probe.config;
    const busy = this.active.busy;
    const gc = current?.gc;
    const heap = current?.heap;
    return (
      <>
        <dl className="jmi-Facts">
          <dt>{trans.__('Garbage collector')}</dt>
          <dd>
            {gc ? (
              <>
                {gcMeaning(gc, trans)}
                <details className="jmi-Gc-counters">
                  <summary>{trans.__('Counters')}</summary>
                  {gcCounters(gc, trans)}
                </details>
              </>
            ) : (
              trans.__('known after the next cell')
            )}
          </dd>
          {gc ? (
            <>
              <dt>
                {trans.__(
                  'Collections during run [%1]',
                  current?.execution_count ?? '?'
                )}
              </dt>
              <dd>{formatCollections(gc, trans)}</dd>
            </>
          ) : null}
          <dt>{trans.__('Allocation tracing')}</dt>
          <dd>
            <label className="jmi-Switch">
              <input
                type="checkbox"
                role="switch"
                className="jmi-Switch-input"
                checked={config.tracing}
                onChange={() =>
                  void this._commands.execute(CommandIDs.toggleTracing)
                }
              />
              {config.tracing
                ? trans._n(
                    'on (tracemalloc, %1 frame per allocation)',
                    'on (tracemalloc, %1 frames per allocation)',
                    config.nframes
                  )
                : trans.__(
                    'off: turn on to see the Python heap and the lines that allocate'
                  )}
            </label>
          </dd>
          {heap ? (
            <>
              <dt>{trans.__('Python heap')}</dt>
              <dd>
                {trans.__(
                  '%1 now, peak %2 during run [%3]',
                  formatBytes(heap.current),
                  formatBytes(heap.peak),
                  current?.execution_count ?? '?'
                )}
              </dd>
            </>
          ) : null}
        </dl>
        {heap && heap.top_lines.length > 0 ? (
          <table className="jmi-Table jmi-TopLines">
            <caption>
              {trans.__('Lines holding the most traced memory')}
            </caption>
            <thead>
              <tr>
                <th scope="col">{trans.__('Line')}</th>
                <th scope="col">{trans.__('Source')}</th>
                <th scope="col">{trans.__('Size')}</th>
              </tr>
            </thead>
            <tbody>
              {heap.top_lines.map(line => (
                <tr key={line.line}>
                  <td>{line.line}</td>
                  <td>
                    <code>{line.source}</code>
                  </td>
                  <td className="jmi-Table-size">{formatBytes(line.size)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : heap?.top_lines_note ? (
          <p className="jmi-Note">{heap.top_lines_note}</p>
        ) : null}
        <div className="jmi-Actions">
          <button
            className="jp-Button jp-mod-styled jp-mod-accept jmi-CollectButton"
            disabled={busy || this._collecting}
            title={
              busy
                ? trans.__('A cell is running: collect when it has finished.')
                : trans.__('Run gc.collect() in the kernel now')
            }
            onClick={() => void this._collect(memory.kernelId)}
          >
            {this._collecting
              ? trans.__('Collecting…')
              : trans.__('Collect garbage now')}
          </button>
        </div>
        {this._result ? (
          <p className="jmi-Result" role="status">
            {this._result.text}
          </p>
        ) : null}
      </>
    );
  }

  private async _collect(kernelId: string): Promise<void> {
    this._collecting = true;
    this.update();
    try {
      const reply = (await this._commands.execute(
        CommandIDs.collectGarbage
      )) as CollectReply | undefined;
      this._result = reply
        ? { kernelId, text: collectText(reply, this._trans) }
        : null;
    } finally {
      this._collecting = false;
      this.update();
    }
  }

  private _collecting = false;
  private _result: { kernelId: string; text: string } | null = null;
}
