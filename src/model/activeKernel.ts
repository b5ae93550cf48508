import { JupyterFrontEnd } from '@jupyterlab/application';
import { ISessionContext } from '@jupyterlab/apputils';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';

import { IKernelMemory, IMemoryInspector } from '../tokens';

/**
 * What changed in the active notebook's kernel memory.
 *
 * - kernel: another notebook became active, or its kernel changed (everything may differ)
 * - monitor: the server's monitor of the kernel (state, probe, live source)
 * - status: the kernel's status (busy or idle), which changes twice per cell
 * - records: new cell records
 * - samples: new live samples
 */
export type ActiveChange =
  'kernel' | 'monitor' | 'status' | 'records' | 'samples';

/**
 * A widget with a kernel session that the views can follow: a notebook or a code console.
 */
export type SessionWidget = Widget & { sessionContext: ISessionContext };

/**
 * Whether the shell's current widget is a code console: it has a session and a console, and
 * this package does not depend on @jupyterlab/console for its type.
 */
function isConsole(widget: Widget | null): widget is SessionWidget {
  return (
    widget !== null &&
    'sessionContext' in widget &&
    'console' in widget &&
    !widget.isDisposed
  );
}

/**
 * The memory of the active notebook's or console's kernel, for the views that follow it (the
 * side panel and the status bar). It holds the kernel's model through
 * `IMemoryInspector.acquire` for as long as it follows that kernel.
 */
export class ActiveKernelMemory implements IDisposable {
  /**
   * `shell`, where it tells its current widget, lets the views follow code consoles too;
   * focusing a widget without a kernel (the file browser, the overview) changes nothing.
   */
  constructor(
    private readonly _tracker: INotebookTracker,
    private readonly _inspector: IMemoryInspector,
    private readonly _shell: JupyterFrontEnd.IShell | null = null
  ) {
    _tracker.currentChanged.connect(this._onCurrentChanged, this);
    _shell?.currentChanged?.connect(this._onShellChanged, this);
    this._onCurrentChanged();
  }

  /**
   * The notebook followed: the active one, or the last one that was active; null while a
   * console is followed.
   */
  get notebook(): NotebookPanel | null {
    const widget = this._notebook;
    return widget && this._tracker.has(widget)
      ? (widget as NotebookPanel)
      : null;
  }

  /**
   * The notebook or console followed.
   */
  get widget(): SessionWidget | null {
    return this._notebook;
  }

  /**
   * The memory model of the notebook's kernel; null when it has none.
   */
  get memory(): IKernelMemory | null {
    return this._memory;
  }

  /**
   * Whether the kernel is running something, as JupyterLab sees it (the server's monitor
   * does not announce every status change).
   */
  get busy(): boolean {
    return this._notebook?.sessionContext.session?.kernel?.status === 'busy';
  }

  /**
   * Emitted with what changed.
   */
  get changed(): ISignal<this, ActiveChange> {
    return this._changed;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._tracker.currentChanged.disconnect(this._onCurrentChanged, this);
    this._shell?.currentChanged?.disconnect(this._onShellChanged, this);
    this._setNotebook(null);
    Signal.clearData(this);
  }

  private _onCurrentChanged(): void {
    this._setNotebook(this._tracker.currentWidget);
  }

  private _onShellChanged(): void {
    const current = this._shell?.currentWidget ?? null;
    if (current && this._tracker.has(current)) {
      this._setNotebook(current as NotebookPanel);
    } else if (isConsole(current)) {
      this._setNotebook(current);
    }
  }

  private _setNotebook(notebook: SessionWidget | null): void {
    if (notebook === this._notebook) {
      return;
    }
    if (this._notebook) {
      this._notebook.sessionContext.kernelChanged.disconnect(
        this._onKernelChanged,
        this
      );
      // A session that ends (a server restart takes it) changes no kernel, but leaves none.
      this._notebook.sessionContext.sessionChanged.disconnect(
        this._onKernelChanged,
        this
      );
      this._notebook.disposed.disconnect(this._onNotebookDisposed, this);
      this._notebook.sessionContext.statusChanged.disconnect(
        this._onStatus,
        this
      );
    }
    this._notebook = notebook;
    if (notebook) {
      notebook.sessionContext.kernelChanged.connect(
        this._onKernelChanged,
        this
      );
      notebook.sessionContext.sessionChanged.connect(
        this._onKernelChanged,
        this
      );
      notebook.disposed.connect(this._onNotebookDisposed, this);
      notebook.sessionContext.statusChanged.connect(this._onStatus, this);
    }
    this._onKernelChanged();
  }

  private _onNotebookDisposed(): void {
    this._setNotebook(this._tracker.currentWidget);
  }

  private _onKernelChanged(_?: ISessionContext): void {
    const kernel = this._notebook?.sessionContext.session?.kernel ?? null;
    if (kernel?.id === this._memory?.kernelId && kernel) {
      this._changed.emit('kernel');
      return;
    }
    if (this._memory) {
      this._memory.monitorChanged.disconnect(this._onMonitor, this);
      this._memory.recordsAdded.disconnect(this._onRecords, this);
      this._memory.samplesAdded.disconnect(this._onSamples, this);
      this._inspector.release(this._memory);
      this._memory = null;
    }
    if (kernel && !this._isDisposed) {
      this._memory = this._inspector.acquire(kernel.id);
      this._memory.monitorChanged.connect(this._onMonitor, this);
      this._memory.recordsAdded.connect(this._onRecords, this);
      this._memory.samplesAdded.connect(this._onSamples, this);
    }
    if (!this._isDisposed) {
      this._changed.emit('kernel');
    }
  }

  private _onMonitor(): void {
    this._changed.emit('monitor');
  }

  private _onStatus(): void {
    this._changed.emit('status');
  }

  private _onRecords(): void {
    this._changed.emit('records');
  }

  private _onSamples(): void {
    this._changed.emit('samples');
  }

  private _notebook: SessionWidget | null = null;
  private _memory: IKernelMemory | null = null;
  private _isDisposed = false;
  private _changed = new Signal<this, ActiveChange>(this);
}

/**
 * The memory model of the current notebook's kernel, if a view holds one.
 */
export function currentKernelMemory(
  tracker: INotebookTracker,
  inspector: IMemoryInspector
): IKernelMemory | undefined {
  const kernel = tracker.currentWidget?.sessionContext.session?.kernel;
  return kernel ? inspector.find(kernel.id) : undefined;
}
