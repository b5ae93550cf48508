import { CellRecord } from '../schema';
import { IThresholds } from '../tokens';
import { treeFigures } from './tree';

/**
 * How alarming a figure is.
 */
export type Severity = 'normal' | 'warning' | 'critical';

const MiB = 2 ** 20;

/**
 * What a share of the limit is counted against: the kernel's memory limit, or the host's
 * memory where no limit is set; null when neither is known.
 */
export function effectiveLimit(
  record: Pick<CellRecord, 'limit' | 'host'>
): number | null {
  return record.limit.bytes ?? record.host.total ?? null;
}

/**
 * The shares of a known memory limit that colour badges by default ('auto'): a cell that
 * takes a tenth of what the kernel may use is worth a look whatever the limit's size.
 */
export const LIMIT_SHARES: IThresholds = {
  unit: 'percentOfLimit',
  warning: 10,
  critical: 25
};

/**
 * How alarming a growth of `bytes` is under the thresholds; `limit` is what percentages
 * count against (a figure in percent of an unknown limit is never alarming). 'auto' counts
 * in shares of the limit where one is known, else in the thresholds' MiB.
 */
export function severity(
  bytes: number,
  thresholds: IThresholds,
  limit: number | null
): Severity {
  let value: number;
  if (thresholds.unit === 'auto') {
    return limit !== null && limit > 0
      ? severity(bytes, LIMIT_SHARES, limit)
      : severity(bytes, { ...thresholds, unit: 'MiB' }, null);
  }
  if (thresholds.unit === 'MiB') {
    value = bytes / MiB;
  } else if (limit !== null && limit > 0) {
    value = (100 * bytes) / limit;
  } else {
    return 'normal';
  }
  if (value >= thresholds.critical) {
    return 'critical';
  }
  return value >= thresholds.warning ? 'warning' : 'normal';
}

/**
 * The CSS class that colours a figure of this severity; none for a normal one.
 */
export function severityClass(level: Severity): string | null {
  return level === 'normal' ? null : `jmi-mod-${level}`;
}

/**
 * Every class that `severityClass` gives, to clear them before setting one.
 */
export const SEVERITY_CLASSES = ['jmi-mod-warning', 'jmi-mod-critical'];

/**
 * The severities of a record's badge: its change and its peak above the start, each on its
 * own (a cell that briefly took a gigabyte and gave it back is as alarming as its peak).
 */
export function recordSeverity(
  record: Pick<
    CellRecord,
    | 'limit'
    | 'host'
    | 'rss_delta'
    | 'peak'
    | 'rss_before'
    | 'rss_after'
    | 'tree'
  >,
  thresholds: IThresholds
): { delta: Severity; peak: Severity } {
  // 'auto' follows a memory limit, never the host's memory: a tenth of a large host is
  // no alarm where nothing caps the kernel.
  const limit =
    thresholds.unit === 'auto'
      ? (record.limit.bytes ?? null)
      : effectiveLimit(record);
  const tree = treeFigures(record);
  return {
    delta: severity(Math.max(0, tree.delta), thresholds, limit),
    peak: severity(tree.peakAbove, thresholds, limit)
  };
}

/**
 * Decides when to warn that a kernel's memory is near its limit: once when it passes the
 * share, and again only after it has come back well under it, so that memory hovering at
 * the threshold does not warn at every reading.
 */
export class LimitWatch {
  /**
   * How far under the share (in percentage points) memory must come back to warn again.
   */
  static readonly REARM_MARGIN = 5;

  /**
   * Whether the reading calls for a warning now.
   */
  check(bytes: number, limit: number | null, percent: number): boolean {
    if (limit === null || limit <= 0) {
      return false;
    }
    const share = (100 * bytes) / limit;
    if (this._warned) {
      if (share < percent - LimitWatch.REARM_MARGIN) {
        this._warned = false;
      }
      return false;
    }
    if (share >= percent) {
      this._warned = true;
      return true;
    }
    return false;
  }

  /**
   * Whether the exact peak of a record not looked at yet calls for a warning: a cell can
   * pass the share and come back between two live readings, which then never see it. Not
   * the record of a cell the kernel died in: the death says more, and the warning would come
   * too late.
   */
  checkPeak(
    entry:
      | {
          seq: number;
          record: Pick<CellRecord, 'peak' | 'from_live_readings'>;
        }
      | undefined,
    limit: number | null,
    percent: number
  ): boolean {
    if (!entry || entry.seq <= this._seq) {
      return false;
    }
    this._seq = entry.seq;
    if (entry.record.from_live_readings) {
      return false;
    }
    return this.check(entry.record.peak, limit, percent);
  }

  private _warned = false;
  private _seq = -Infinity;
}
