import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { ActiveKernelMemory } from '../../model/activeKernel';
import { formatBytes, formatPercent } from '../../util/format';
import { IMemorySummary, memorySummary } from '../../model/summary';
import { IMemoryInspector } from '../../tokens';
import { MemorySection } from '../section';
import { serverStatusMessage } from './serverStatus';
import { othersText } from '../../util/groupText';
import { serverWords } from '../../util/message';
import { metricWords } from '../../util/metricWords';

/**
 * Why the panel has nothing to show for the active notebook; null when it has.
 */
export function panelMessage(
  active: ActiveKernelMemory,
  trans: TranslationBundle
): string | null {
  if (!active.widget) {
    return trans.__('Open a notebook to see what its cells do to memory.');
  }
  const memory = active.memory;
  if (!memory) {
    return trans.__(
      'This notebook has no kernel. Select a Python kernel to see its memory.'
    );
  }
  const monitor = memory.monitor;
  switch (monitor?.state) {
    case undefined:
    case 'connecting':
      return trans.__('Connecting to the kernel…');
    case 'installing':
      return trans.__('Installing the memory probe in the kernel…');
    case 'unsupported':
      return trans.__(
        'The Memory Inspector does not support this kernel (%1): it measures Python kernels only.',
        serverWords(monitor.detail, monitor.messages?.detail, trans)
      );
    case 'failed':
      return trans.__(
        'The memory probe could not be installed in this kernel: %1',
        serverWords(monitor.detail, monitor.messages?.detail, trans)
      );
    case 'closed':
      return trans.__('The kernel has shut down.');
    case 'active':
      return null;
  }
}

/**
 * The current total, as a sentence about its share of the limit.
 */
function shareText(summary: IMemorySummary, trans: TranslationBundle): string {
  if (summary.limit === null || summary.share === null) {
    return trans.__('No memory limit known');
  }
  const share =
    summary.limitKind === 'limit'
      ? trans.__(
          '%1 of the %2 memory limit',
          formatPercent(summary.share),
          formatBytes(summary.limit)
        )
      : trans.__(
          "%1 of the host's %2 (no memory limit set)",
          formatPercent(summary.share),
          formatBytes(summary.limit)
        );
  return share + othersText(summary, trans);
}

/**
 * The top of the panel: which notebook and kernel it follows, the kernel's memory now and its
 * share of the limit, and where the live readings come from. It says why when there is
 * nothing to show.
 */
export class PanelHeader extends MemorySection {
  constructor(
    active: ActiveKernelMemory,
    private readonly _inspector: IMemoryInspector,
    private readonly _trans: TranslationBundle
  ) {
    super(active, ['kernel', 'monitor', 'status', 'records', 'samples']);
    this.addClass('jmi-Header');
    _inspector.settingsChanged.connect(this._onInspectorChanged, this);
    _inspector.serverStatusChanged.connect(this._onInspectorChanged, this);
  }

  override dispose(): void {
    this._inspector.settingsChanged.disconnect(this._onInspectorChanged, this);
    this._inspector.serverStatusChanged.disconnect(
      this._onInspectorChanged,
      this
    );
    super.dispose();
  }

  protected render(): React.ReactElement {
    const trans = this._trans;
    const active = this.active;
    const notebook = active.widget;
    const memory = active.memory;
    const message = panelMessage(active, trans);
    const kernelName =
      notebook?.sessionContext.kernelDisplayName ?? trans.__('No Kernel');
    const server = serverStatusMessage(this._inspector.serverStatus, trans);
    const serverProblem =
      server !== null ? (
        <p className="jmi-Message jmi-mod-error jmi-Header-server" role="alert">
          {server}
        </p>
      ) : null;
    const title = notebook ? (
      <div className="jmi-Header-title" title={notebook.sessionContext.path}>
        <span className="jmi-Header-notebook">{notebook.title.label}</span>
        <span className="jmi-Header-kernel">{kernelName}</span>
      </div>
    ) : null;
    if (message !== null || !memory) {
      return (
        <>
          {serverProblem}
          {title}
          <p className="jmi-Empty jmi-Header-message" role="status">
            {message}
          </p>
        </>
      );
    }
    const summary = memorySummary(memory);
    const monitor = memory.monitor!;
    const busy = this.active.busy;
    const warnAt = this._inspector.settings.limitWarningPercent / 100;
    const level =
      summary?.share === null || summary?.share === undefined
        ? 'normal'
        : summary.share >= warnAt
          ? 'critical'
          : summary.share >= warnAt * 0.75
            ? 'warning'
            : 'normal';
    const metric = summary ? metricWords(summary.metric, trans) : null;
    const live = monitor.live;
    // The exact way, for those who want it, in the tooltip of the words.
    const liveExact =
      live.source === 'process'
        ? trans.__("From the kernel's process: its resident set size (RSS).")
        : live.source === 'usage_request'
          ? trans.__(
              "From ipykernel's usage_request: the proportional set size (PSS) of the kernel and its child processes."
            )
          : undefined;
    const liveText =
      live.source === 'process'
        ? trans.__(
            "Live: the server reads the kernel's memory every %1 s while a cell runs.",
            live.interval
          )
        : live.source === 'usage_request'
          ? trans.__(
              'Live: the kernel reports its memory every %1 s while a cell runs.',
              live.interval
            )
          : serverWords(live.note, live.messages?.note, trans) ||
            trans.__('Live: choosing how to read memory while a cell runs…');
    return (
      <>
        {serverProblem}
        {title}
        <div className="jmi-Total" data-level={level}>
          {summary ? (
            <>
              <div className="jmi-Total-figure">
                <span className="jmi-Total-bytes">
                  {formatBytes(summary.bytes)}
                </span>
                <span className="jmi-Total-metric" title={metric?.exact}>
                  {metric?.label}
                </span>
                {busy ? (
                  <span className="jmi-Total-busy">
                    {trans.__('cell running')}
                  </span>
                ) : null}
              </div>
              <div
                className="jmi-Meter"
                role="meter"
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={Math.round(100 * (summary.share ?? 0))}
                aria-label={trans.__('Share of the memory limit')}
              >
                <div
                  className="jmi-Meter-fill"
                  style={{
                    width: `${Math.min(100, 100 * (summary.share ?? 0))}%`
                  }}
                />
              </div>
              <div className="jmi-Total-share">{shareText(summary, trans)}</div>
            </>
          ) : (
            <p className="jmi-Empty">
              {trans.__('Nothing measured yet: run a cell.')}
            </p>
          )}
        </div>
        <p
          className={`jmi-Live${live.source === null && live.note ? ' jmi-mod-none' : ''}`}
          title={liveExact}
        >
          {liveText}
        </p>
      </>
    );
  }

  private _onInspectorChanged(): void {
    this.update();
  }
}
