import { Notification } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';
import { CommandRegistry } from '@lumino/commands';
import { IDisposable } from '@lumino/disposable';

import { formatBytes, formatPercent } from '../util/format';
import { othersText } from '../util/groupText';

import { memorySummary } from '../model/summary';
import { LimitWatch } from '../util/thresholds';
import { CommandIDs, IKernelMemory, IMemoryInspector } from '../tokens';

/**
 * Warns, with a notification, when the memory of a kernel in view passes the share of its
 * limit set in the settings: while a cell runs, the live readings let the user stop it
 * before the kernel is killed.
 */
export class LimitWarnings implements IDisposable {
  constructor(
    private readonly _inspector: IMemoryInspector,
    private readonly _tracker: INotebookTracker,
    private readonly _commands: CommandRegistry,
    private readonly _trans: TranslationBundle
  ) {
    _inspector.memoryChanged.connect(this._onMemory, this);
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._inspector.memoryChanged.disconnect(this._onMemory, this);
  }

  private _onMemory(_: IMemoryInspector, memory: IKernelMemory): void {
    const summary = memorySummary(memory);
    if (!summary) {
      return;
    }
    let watch = this._watches.get(memory);
    if (!watch) {
      watch = new LimitWatch();
      this._watches.set(memory, watch);
    }
    const percent = this._inspector.settings.limitWarningPercent;
    const newest = memory.records[memory.records.length - 1];
    const peaked = watch.checkPeak(newest, summary.limit, percent);
    if (!peaked && !watch.check(summary.bytes, summary.limit, percent)) {
      return;
    }
    const trans = this._trans;
    const notebook = this._tracker.find(
      panel => panel.sessionContext.session?.kernel?.id === memory.kernelId
    );
    const who = notebook
      ? trans.__('The kernel of %1', notebook.title.label)
      : trans.__('A kernel');
    const message = peaked
      ? peakMessage(trans, who, newest!.record.peak, summary)
      : summary.limitKind === 'limit'
        ? trans.__(
            '%1 uses %2, %3 of its %4 memory limit: it will be killed if it reaches the limit.',
            who,
            formatBytes(summary.bytes),
            formatPercent(summary.share ?? 0),
            formatBytes(summary.limit ?? 0)
          )
        : trans.__(
            "%1 uses %2, %3 of the host's %4 memory.",
            who,
            formatBytes(summary.bytes),
            formatPercent(summary.share ?? 0),
            formatBytes(summary.limit ?? 0)
          );
    Notification.warning(message + othersText(summary, trans), {
      autoClose: false,
      actions: [
        {
          label: trans.__('Open Memory Inspector'),
          callback: () => void this._commands.execute(CommandIDs.open)
        }
      ]
    });
  }

  private _watches = new WeakMap<IKernelMemory, LimitWatch>();
  private _isDisposed = false;
}

/**
 * The warning for a cell whose exact peak passed the share, though memory is back under it.
 */
function peakMessage(
  trans: TranslationBundle,
  who: string,
  peak: number,
  summary: { limit: number | null; limitKind: string | null }
): string {
  const limit = summary.limit ?? 0;
  const share = formatPercent(limit > 0 ? peak / limit : 0);
  return summary.limitKind === 'limit'
    ? trans.__(
        '%1 reached %2 while its last cell ran, %3 of its %4 memory limit: it will be killed if it reaches the limit.',
        who,
        formatBytes(peak),
        share,
        formatBytes(limit)
      )
    : trans.__(
        "%1 reached %2 while its last cell ran, %3 of the host's %4 memory.",
        who,
        formatBytes(peak),
        share,
        formatBytes(limit)
      );
}
