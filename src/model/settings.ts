/**
 * How the badge thresholds are counted: in MiB, or as a percentage of the kernel's memory
 * limit (of the host's memory where no limit is set).
 */
export type ThresholdUnit = 'MiB' | 'percentOfLimit';

/**
 * When a badge figure is coloured as a warning, and when as critical.
 */
export interface IThresholds {
  /**
   * What `warning` and `critical` count in.
   */
  unit: ThresholdUnit;

  /**
   * From this figure on, the badge shows a warning colour.
   */
  warning: number;

  /**
   * From this figure on, the badge shows the critical colour.
   */
  critical: number;
}

/**
 * The extension's settings, as typed values; `schema/plugin.json` describes them for the
 * settings registry and the settings editor.
 */
export interface IMemoryInspectorSettings {
  /**
   * Whether code cells show a badge with what their last run did to memory.
   */
  showBadges: boolean;

  /**
   * Frames kept per allocation while tracing allocations (1 to 3).
   */
  traceFrames: number;

  /**
   * The badge colour thresholds.
   */
  thresholds: IThresholds;

  /**
   * Percentage of the memory limit from which a notification warns that the kernel may be
   * killed.
   */
  limitWarningPercent: number;

  /**
   * Seconds between live memory readings while a cell runs (0.1 to 10).
   */
  sampleInterval: number;

  /**
   * Milliseconds the variable scan may take after each cell (1 to 10,000).
   */
  scanBudgetMs: number;

  /**
   * Whether each cell's record is saved into its metadata, so a shared notebook carries it.
   */
  saveToMetadata: boolean;
}

/**
 * The defaults, used until the settings registry has answered and for missing values.
 */
export const DEFAULT_SETTINGS: IMemoryInspectorSettings = {
  showBadges: true,
  traceFrames: 1,
  thresholds: { unit: 'MiB', warning: 256, critical: 1024 },
  limitWarningPercent: 85,
  sampleInterval: 0.5,
  scanBudgetMs: 50,
  saveToMetadata: false
};

function numberIn(
  value: unknown,
  min: number,
  max: number,
  fallback: number,
  integer = false
): number {
  return typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= min &&
    value <= max &&
    (!integer || Number.isInteger(value))
    ? value
    : fallback;
}

function booleanOr(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

function readThresholds(value: unknown): IThresholds {
  const fallback = DEFAULT_SETTINGS.thresholds;
  if (!value || typeof value !== 'object') {
    return fallback;
  }
  const given = value as Record<string, unknown>;
  const unit: ThresholdUnit =
    given.unit === 'percentOfLimit' ? 'percentOfLimit' : 'MiB';
  const max = unit === 'MiB' ? 1024 ** 3 : 100;
  const warning = numberIn(given.warning, 0, max, NaN);
  const critical = numberIn(given.critical, 0, max, NaN);
  if (Number.isNaN(warning) || Number.isNaN(critical)) {
    // Half a pair in one unit and a default in another would colour nonsense.
    return unit === fallback.unit
      ? fallback
      : { unit, warning: 10, critical: 25 };
  }
  // A critical threshold under the warning one would skip the warning colour.
  return { unit, warning, critical: Math.max(warning, critical) };
}

/**
 * Typed settings from the registry's composite values, falling back to the defaults for
 * anything missing or of the wrong type.
 */
export function readSettings(
  composite: Readonly<Record<string, unknown>>
): IMemoryInspectorSettings {
  const d = DEFAULT_SETTINGS;
  return {
    showBadges: booleanOr(composite.showBadges, d.showBadges),
    traceFrames: numberIn(composite.traceFrames, 1, 3, d.traceFrames, true),
    thresholds: readThresholds(composite.thresholds),
    limitWarningPercent: numberIn(
      composite.limitWarningPercent,
      1,
      100,
      d.limitWarningPercent
    ),
    sampleInterval: numberIn(
      composite.sampleInterval,
      0.1,
      10,
      d.sampleInterval
    ),
    scanBudgetMs: numberIn(composite.scanBudgetMs, 1, 10000, d.scanBudgetMs),
    saveToMetadata: booleanOr(composite.saveToMetadata, d.saveToMetadata)
  };
}
