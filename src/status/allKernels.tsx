import { TextItem } from '@jupyterlab/statusbar';
import { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import { ISignal, Signal } from '@lumino/signaling';
import * as React from 'react';

import { IKernelOverview } from '../model/overview';
import { OverviewReply } from '../schema';
import { IMemoryInspector } from '../tokens';
import { formatBytes, formatPercent } from '../util/format';

/**
 * Whether all kernels together have passed the share of the limit set in the settings.
 */
export function overAllKernelsLimit(
  overview: OverviewReply,
  percent: number
): boolean {
  return overview.share !== null && overview.share * 100 >= percent;
}

/**
 * The status bar text: `All kernels: 3.20 GiB`.
 */
export function allKernelsText(
  overview: OverviewReply,
  trans: TranslationBundle
): string {
  return trans.__('All kernels: %1', formatBytes(overview.total));
}

/**
 * The tooltip: how many kernels, their share of the limit, and the warning when they pass it.
 */
export function allKernelsTitle(
  overview: OverviewReply,
  percent: number,
  trans: TranslationBundle
): string {
  const count = trans._n(
    '%1 running kernel',
    '%1 running kernels',
    overview.kernels.length
  );
  if (overview.share === null || overview.limit === null) {
    return trans.__(
      "%1 hold %2 together. Click to show all kernels' memory.",
      count,
      formatBytes(overview.total)
    );
  }
  const of =
    overview.limit_kind === 'limit'
      ? trans.__('the %1 memory limit', formatBytes(overview.limit))
      : trans.__("the host's %1", formatBytes(overview.limit));
  const text = trans.__(
    "%1 hold %2 together, %3 of %4. Click to show all kernels' memory.",
    count,
    formatBytes(overview.total),
    formatPercent(overview.share),
    of
  );
  return overAllKernelsLimit(overview, percent)
    ? trans.__(
        'Warning: together past %1% of the limit; kernels may be killed. %2',
        percent,
        text
      )
    : text;
}

/**
 * The status bar item beside the active kernel's: the memory of every running kernel, in the
 * warning colour once together they pass the share of the limit set in the settings.
 */
export class AllKernelsStatus extends ReactWidget {
  constructor(
    private readonly _overview: IKernelOverview,
    private readonly _inspector: IMemoryInspector,
    private readonly _trans: TranslationBundle,
    private readonly _open: () => void
  ) {
    super();
    this.addClass('jmi-AllKernelsStatus');
    _overview.changed.connect(this._refresh, this);
    _inspector.settingsChanged.connect(this._refresh, this);
  }

  /**
   * Emitted when the item starts or stops having something to show.
   */
  get activeStateChanged(): ISignal<this, void> {
    return this._activeStateChanged;
  }

  /**
   * Whether any kernel runs: the status bar hides the item otherwise.
   */
  get hasKernels(): boolean {
    return (this._overview.overview?.kernels.length ?? 0) > 0;
  }

  override dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._overview.changed.disconnect(this._refresh, this);
    this._inspector.settingsChanged.disconnect(this._refresh, this);
    super.dispose();
  }

  private _refresh(): void {
    const shown = this.hasKernels;
    if (shown !== this._shown) {
      this._shown = shown;
      this._activeStateChanged.emit();
    }
    const overview = this._overview.overview;
    const percent = this._inspector.settings.allKernelsWarningPercent;
    this.toggleClass(
      'jmi-mod-warning',
      overview !== null && overAllKernelsLimit(overview, percent)
    );
    this.update();
  }

  protected render(): React.ReactElement | null {
    const overview = this._overview.overview;
    if (!overview || !this.hasKernels) {
      return null;
    }
    const percent = this._inspector.settings.allKernelsWarningPercent;
    return (
      <TextItem
        source={allKernelsText(overview, this._trans)}
        title={allKernelsTitle(overview, percent, this._trans)}
        onClick={this._open}
        role="button"
      />
    );
  }

  private _shown = false;
  private _activeStateChanged = new Signal<this, void>(this);
}
