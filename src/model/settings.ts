import { ISettingRegistry } from '@jupyterlab/settingregistry';

import {
  IMemoryInspectorSettings,
  IThresholds,
  ThresholdUnit
} from '../tokens';

/**
 * The defaults, used until the settings registry has answered and for missing values.
 */
export const DEFAULT_SETTINGS: IMemoryInspectorSettings = {
  showBadges: true,
  traceFrames: 1,
  thresholds: { unit: 'auto', warning: 256, critical: 1024 },
  limitWarningPercent: 85,
  allKernelsWarningPercent: 80,
  sampleInterval: 0.5,
  scanBudgetMs: 50,
  saveToMetadata: false,
  maxRecords: 1000,
  maxSamples: 20000
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

/**
 * A numeric setting from the composite, within the bounds that the plugin's schema sets
 * (`schema/plugin.json` is where each range is defined), else the fallback.
 */
function schemaNumber(
  composite: Readonly<Record<string, unknown>>,
  schema: ISettingRegistry.ISchema,
  key: keyof IMemoryInspectorSettings,
  fallback: number
): number {
  const property = schema.properties?.[key];
  const min = property?.minimum;
  const max = property?.maximum;
  return numberIn(
    composite[key],
    typeof min === 'number' ? min : -Infinity,
    typeof max === 'number' ? max : Infinity,
    fallback,
    // JupyterLab's type for `type` leaves out JSON Schema's 'integer', which the schema uses.
    (property?.type as unknown) === 'integer'
  );
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
    given.unit === 'percentOfLimit' || given.unit === 'MiB'
      ? given.unit
      : 'auto';
  const max = unit === 'percentOfLimit' ? 100 : 1024 ** 3;
  const warning = numberIn(given.warning, 0, max, NaN);
  const critical = numberIn(given.critical, 0, max, NaN);
  if (Number.isNaN(warning) || Number.isNaN(critical)) {
    // Half a pair in one unit and a default in another would colour nonsense.
    return unit === 'percentOfLimit'
      ? { unit, warning: 10, critical: 25 }
      : { ...fallback, unit };
  }
  // A critical threshold under the warning one would skip the warning colour.
  return { unit, warning, critical: Math.max(warning, critical) };
}

/**
 * Typed settings from the registry's composite values, falling back to the defaults for
 * anything missing, of the wrong type or outside the range that the plugin's `schema` sets.
 */
export function readSettings(
  composite: Readonly<Record<string, unknown>>,
  schema: ISettingRegistry.ISchema
): IMemoryInspectorSettings {
  const d = DEFAULT_SETTINGS;
  const number = (
    key:
      | 'traceFrames'
      | 'limitWarningPercent'
      | 'allKernelsWarningPercent'
      | 'sampleInterval'
      | 'scanBudgetMs'
      | 'maxRecords'
      | 'maxSamples'
  ) => schemaNumber(composite, schema, key, d[key]);
  return {
    showBadges: booleanOr(composite.showBadges, d.showBadges),
    traceFrames: number('traceFrames'),
    thresholds: readThresholds(composite.thresholds),
    limitWarningPercent: number('limitWarningPercent'),
    allKernelsWarningPercent: number('allKernelsWarningPercent'),
    sampleInterval: number('sampleInterval'),
    scanBudgetMs: number('scanBudgetMs'),
    saveToMetadata: booleanOr(composite.saveToMetadata, d.saveToMetadata),
    maxRecords: number('maxRecords'),
    maxSamples: number('maxSamples')
  };
}

/**
 * Load the plugin's settings into the model, and again at each change. Not awaited by the
 * caller: the views start with the defaults rather than delay JupyterLab's start.
 */
export function followSettings(
  registry: ISettingRegistry,
  pluginId: string,
  model: { updateSettings(settings: IMemoryInspectorSettings): void }
): void {
  void registry
    .load(pluginId)
    .then(settings => {
      const update = () =>
        model.updateSettings(readSettings(settings.composite, settings.schema));
      update();
      settings.changed.connect(update);
    })
    .catch(reason => {
      console.error(
        'jupyterlab-memory-inspector: could not load the settings',
        reason
      );
    });
}
