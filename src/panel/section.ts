import { ReactWidget } from '@jupyterlab/ui-components';
import { Message } from '@lumino/messaging';

import { ActiveChange, ActiveKernelMemory } from '../model/activeKernel';

/**
 * The least time between two renders of a section for new records or samples: Run All
 * brings dozens of records a second, and drawing each one would cost more than receiving it.
 */
export const RENDER_INTERVAL_MS = 250;

/**
 * Calls `render` when the active kernel's memory changes in a way that matters to a view:
 * at once for another kernel, at most every `RENDER_INTERVAL_MS` for anything else (Run All
 * brings two status changes and a record per cell), and never while the view is hidden (it
 * catches up when shown).
 */
export class RenderScheduler {
  constructor(
    private readonly _active: ActiveKernelMemory,
    private readonly _changes: readonly ActiveChange[],
    private readonly _isVisible: () => boolean,
    private readonly _render: () => void,
    private readonly _interval = RENDER_INTERVAL_MS
  ) {
    _active.changed.connect(this._onChanged, this);
  }

  /**
   * Render now if something changed while the view was hidden.
   */
  catchUp(): void {
    if (this._stale) {
      this._stale = false;
      this._render();
    }
  }

  dispose(): void {
    this._active.changed.disconnect(this._onChanged, this);
    if (this._timer !== null) {
      clearTimeout(this._timer);
      this._timer = null;
    }
  }

  private _onChanged(_: ActiveKernelMemory, change: ActiveChange): void {
    if (!this._changes.includes(change)) {
      return;
    }
    if (!this._isVisible()) {
      this._stale = true;
      return;
    }
    if (change === 'kernel') {
      this._render();
      return;
    }
    if (this._timer !== null) {
      return;
    }
    const wait = Math.max(
      0,
      this._lastRender + this._interval - performance.now()
    );
    this._timer = setTimeout(() => {
      this._timer = null;
      this._lastRender = performance.now();
      if (this._isVisible()) {
        this._render();
      } else {
        this._stale = true;
      }
    }, wait);
  }

  private _timer: ReturnType<typeof setTimeout> | null = null;
  private _lastRender = -Infinity;
  private _stale = false;
}

/**
 * A section of the memory panel drawn with React from the active kernel's memory.
 */
export abstract class MemorySection extends ReactWidget {
  constructor(
    protected readonly active: ActiveKernelMemory,
    changes: readonly ActiveChange[]
  ) {
    super();
    this.addClass('jmi-Section');
    this._scheduler = new RenderScheduler(
      active,
      changes,
      () => this.isVisible,
      () => this.update()
    );
  }

  override dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._scheduler.dispose();
    super.dispose();
  }

  protected override onAfterAttach(msg: Message): void {
    super.onAfterAttach(msg);
    this.update();
  }

  protected override onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    this._scheduler.catchUp();
  }

  private _scheduler: RenderScheduler;
}
