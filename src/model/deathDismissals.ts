import { ISignal, Signal } from '@lumino/signaling';

/**
 * The kernel deaths the user dismissed in the panel, by kernel id and the death's time: the
 * panel's list and the fatal cell's badge forget a death together.
 */
export class DeathDismissals {
  dismiss(kernelId: string, time: number): void {
    const times = this._times.get(kernelId) ?? new Set<number>();
    if (times.has(time)) {
      return;
    }
    times.add(time);
    this._times.set(kernelId, times);
    this._changed.emit(kernelId);
  }

  isDismissed(kernelId: string, time: number): boolean {
    return this._times.get(kernelId)?.has(time) ?? false;
  }

  /**
   * Emitted with the kernel id whose deaths were dismissed.
   */
  get changed(): ISignal<this, string> {
    return this._changed;
  }

  private readonly _times = new Map<string, Set<number>>();
  private readonly _changed = new Signal<this, string>(this);
}

/**
 * The dismissals of this page: the panel and every notebook's badges share them.
 */
export const deathDismissals = new DeathDismissals();
