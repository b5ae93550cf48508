import { TranslationBundle } from '@jupyterlab/translation';

import {
  IFreeCellMetadata,
  freedBytes,
  freedText
} from '../freeMemory/metadata';
import { IThresholds } from '../tokens';
import { formatBytes } from '../util/format';
import {
  recordSeverity,
  SEVERITY_CLASSES,
  severityClass
} from '../util/thresholds';
import { SavedRecord } from './metadata';
import { createGuardNote, fillGuardNote } from './guardNote';
import { badgeText, RecordOrigin } from './text';

/**
 * The class of a cell's memory badge.
 */
export const BADGE_CLASS = 'jmi-Badge';

/**
 * An empty badge, to be filled by `fillBadge`.
 */
export function createBadge(): HTMLElement {
  const badge = document.createElement('div');
  badge.className = BADGE_CLASS;
  const delta = document.createElement('span');
  delta.className = 'jmi-Badge-delta';
  const peak = document.createElement('span');
  peak.className = 'jmi-Badge-peak';
  const origin = document.createElement('span');
  origin.className = 'jmi-Badge-origin';
  const freed = document.createElement('span');
  freed.className = 'jmi-Badge-freed';
  badge.append(origin, freed, createGuardNote(), delta, peak);
  return badge;
}

/**
 * Fill a badge from a record; the data attributes let tests and styles read the figures.
 * The badge of a free-memory cell (`free`: its metadata) also sets what the run gave back
 * beside what was predicted.
 */
export function fillBadge(
  badge: HTMLElement,
  record: SavedRecord,
  trans: TranslationBundle,
  origin: RecordOrigin = 'live',
  thresholds: IThresholds | null = null,
  free: IFreeCellMetadata | null = null
): void {
  const text = badgeText(record, trans, origin);
  fillFreed(badge, record, trans, free);
  const delta = badge.querySelector<HTMLElement>('.jmi-Badge-delta')!;
  const peak = badge.querySelector<HTMLElement>('.jmi-Badge-peak')!;
  delta.textContent = text.delta;
  peak.textContent = text.peak;
  const levels = thresholds
    ? recordSeverity(record, thresholds)
    : { delta: 'normal' as const, peak: 'normal' as const };
  for (const [span, level] of [
    [delta, levels.delta],
    [peak, levels.peak]
  ] as const) {
    span.classList.remove(...SEVERITY_CLASSES);
    const levelClass = severityClass(level);
    if (levelClass) {
      span.classList.add(levelClass);
    }
  }
  badge.dataset.origin = origin;
  badge.dataset.severity =
    levels.delta === 'critical' || levels.peak === 'critical'
      ? 'critical'
      : levels.delta === 'warning' || levels.peak === 'warning'
        ? 'warning'
        : 'normal';
  badge.title =
    (free
      ? `${text.tooltip}\n${freedTooltip(record, free, trans)}`
      : text.tooltip) + fillGuardNote(badge, record, trans);
  badge.dataset.cellId = record.cell_id ?? '';
  badge.dataset.executionCount = String(record.execution_count ?? '');
  badge.dataset.msgId = record.msg_id ?? '';
  badge.dataset.rssDelta = String(record.rss_delta);
  badge.dataset.peak = String(record.peak);
  badge.classList.toggle('jmi-mod-grew', record.rss_delta > 0);
  badge.classList.toggle('jmi-mod-shrank', record.rss_delta < 0);
  badge.classList.toggle('jmi-mod-raised', record.raised);
  badge.classList.toggle('jmi-mod-restarted', origin === 'restarted');
  badge.classList.toggle('jmi-mod-saved', origin === 'saved');
  badge.classList.toggle('jmi-mod-earlier', origin === 'earlier');
  const label = badge.querySelector<HTMLElement>('.jmi-Badge-origin')!;
  label.textContent =
    origin === 'saved'
      ? trans.__('saved')
      : origin === 'restarted'
        ? trans.__('before restart')
        : origin === 'earlier'
          ? trans.__('earlier kernel')
          : '';
}

function fillFreed(
  badge: HTMLElement,
  record: SavedRecord,
  trans: TranslationBundle,
  free: IFreeCellMetadata | null
): void {
  const freed = badge.querySelector<HTMLElement>('.jmi-Badge-freed')!;
  freed.textContent = free ? freedText(record, free, trans) : '';
  badge.classList.toggle('jmi-mod-free', free !== null);
  if (free) {
    badge.dataset.freed = String(freedBytes(record));
    badge.dataset.predicted = String(free.predicted);
  } else {
    delete badge.dataset.freed;
    delete badge.dataset.predicted;
  }
}

function freedTooltip(
  record: SavedRecord,
  free: IFreeCellMetadata,
  trans: TranslationBundle
): string {
  const freed = freedBytes(record);
  return free.predicted > 0
    ? trans.__(
        'Free-memory cell: gave back %1 of the %2 predicted (%3%).',
        formatBytes(freed),
        formatBytes(free.predicted),
        Math.round((100 * freed) / free.predicted)
      )
    : trans.__(
        'Free-memory cell: gave back %1; none was predicted.',
        formatBytes(freed)
      );
}
