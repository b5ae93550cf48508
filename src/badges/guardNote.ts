import { TranslationBundle } from '@jupyterlab/translation';

import { guardText } from '../util/guardText';
import { SavedRecord } from './metadata';

/**
 * The part of a badge that says the out-of-memory guard stopped the cell.
 */
export function createGuardNote(): HTMLElement {
  const note = document.createElement('span');
  note.className = 'jmi-Badge-guard';
  return note;
}

/**
 * Fill the guard's note from the record; returns the tooltip's extra lines ('' without).
 */
export function fillGuardNote(
  badge: HTMLElement,
  record: SavedRecord,
  trans: TranslationBundle
): string {
  const note = badge.querySelector<HTMLElement>('.jmi-Badge-guard')!;
  const guard = record.oom_guard;
  badge.classList.toggle('jmi-mod-guarded', guard !== undefined);
  if (!guard) {
    note.textContent = '';
    return '';
  }
  const text = guardText(guard, trans);
  note.textContent = text;
  return (
    '\n' +
    text +
    '\n' +
    trans.__('The Memory Inspector panel lists what to free (Free memory).')
  );
}
