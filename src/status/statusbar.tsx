import { TextItem } from '@jupyterlab/statusbar';
import { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import { Message } from '@lumino/messaging';
import { ISignal, Signal } from '@lumino/signaling';
import * as React from 'react';

import { ActiveKernelMemory } from '../model/activeKernel';
import { formatBytes, formatPercent } from '../util/format';
import { RenderScheduler } from '../panel/section';
import { IMemorySummary, memorySummary } from '../model/summary';
import { othersText } from '../util/groupText';
import { metricWords } from '../util/metricWords';

/**
 * The status bar text of a summary: `Kernel: 1.20 GiB / 4.00 GiB`.
 */
export function statusText(
  summary: IMemorySummary,
  trans: TranslationBundle
): string {
  return summary.limit === null
    ? trans.__('Kernel: %1', formatBytes(summary.bytes))
    : trans.__(
        'Kernel: %1 / %2',
        formatBytes(summary.bytes),
        formatBytes(summary.limit)
      );
}

/**
 * The status bar item: the active notebook's kernel memory and its limit. A click opens the
 * memory panel.
 */
export class MemoryStatus extends ReactWidget {
  constructor(
    private readonly _active: ActiveKernelMemory,
    private readonly _trans: TranslationBundle,
    private readonly _open: () => void
  ) {
    super();
    this.addClass('jmi-Status');
    this._scheduler = new RenderScheduler(
      _active,
      ['kernel', 'monitor', 'records', 'samples'],
      () => true,
      () => this._refresh()
    );
  }

  /**
   * Emitted when the item starts or stops having something to show.
   */
  get activeStateChanged(): ISignal<this, void> {
    return this._activeStateChanged;
  }

  /**
   * Whether there is anything to show: the status bar hides the item otherwise.
   */
  get hasSummary(): boolean {
    return this._summary() !== null;
  }

  override dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._scheduler.dispose();
    this._active.dispose();
    super.dispose();
  }

  protected override onAfterAttach(msg: Message): void {
    super.onAfterAttach(msg);
    this._refresh();
  }

  private _refresh(): void {
    const shown = this.hasSummary;
    if (shown !== this._shown) {
      this._shown = shown;
      this._activeStateChanged.emit();
    }
    this.update();
  }

  protected render(): React.ReactElement | null {
    const summary = this._summary();
    if (!summary) {
      return null;
    }
    const trans = this._trans;
    const share =
      summary.share === null
        ? trans.__('no memory limit known')
        : summary.limitKind === 'limit'
          ? trans.__('%1 of the memory limit', formatPercent(summary.share))
          : trans.__("%1 of the host's memory", formatPercent(summary.share));
    return (
      <TextItem
        source={statusText(summary, trans)}
        title={trans.__(
          'Memory the kernel uses: %1. Measured as %2. Click to open the Memory Inspector.',
          share + othersText(summary, trans),
          metricWords(summary.metric, trans).exact
        )}
        onClick={this._open}
        role="button"
      />
    );
  }

  private _summary(): IMemorySummary | null {
    const memory = this._active.memory;
    if (!memory || memory.monitor?.state !== 'active') {
      return null;
    }
    return memorySummary(memory);
  }

  private _scheduler: RenderScheduler;
  private _shown = false;
  private _activeStateChanged = new Signal<this, void>(this);
}
