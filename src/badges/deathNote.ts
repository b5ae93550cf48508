import { TranslationBundle } from '@jupyterlab/translation';

import { KernelDeath } from '../schema';
import { deathBadgeText } from '../util/deathBadgeText';

const NOTE_CLASS = 'jmi-Badge-death';

/**
 * Say on a cell's badge that the kernel died while the cell ran (or clear it, without a
 * death). `alone`: the badge has no run of the cell to show (the fatal run left no record),
 * so the death is its whole tooltip.
 */
export function fillDeathNote(
  badge: HTMLElement,
  death: KernelDeath | undefined,
  trans: TranslationBundle,
  alone: boolean
): void {
  let note = badge.querySelector<HTMLElement>(`.${NOTE_CLASS}`);
  if (!note) {
    note = document.createElement('span');
    note.className = NOTE_CLASS;
    badge.prepend(note);
  }
  badge.classList.toggle('jmi-mod-died', death !== undefined);
  if (!death) {
    note.textContent = '';
    delete badge.dataset.death;
    return;
  }
  const text = deathBadgeText(death, trans);
  note.textContent = text;
  badge.dataset.death = death.cause;
  const lines =
    text +
    '\n' +
    trans.__(
      'The Memory Inspector panel says why (Out of Memory); dismiss it there, or run the cell again, to clear this.'
    );
  badge.title = alone ? lines : `${badge.title}\n${lines}`;
}
