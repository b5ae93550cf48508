import { ISettingRegistry } from '@jupyterlab/settingregistry';

import { DEFAULT_SETTINGS, readSettings } from '../model/settings';

// The plugin's own schema, where the ranges are defined.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const PLUGIN_SCHEMA: ISettingRegistry.ISchema = require('../../schema/plugin.json');

function read(composite: Record<string, unknown>) {
  return readSettings(composite, PLUGIN_SCHEMA);
}

describe('readSettings', () => {
  it('reads the values of the registry', () => {
    expect(
      read({
        showBadges: false,
        traceFrames: 3,
        thresholds: { unit: 'percentOfLimit', warning: 5, critical: 20 },
        limitWarningPercent: 90,
        allKernelsWarningPercent: 70,
        sampleInterval: 1,
        scanBudgetMs: 200,
        saveToMetadata: true,
        maxRecords: 500,
        maxSamples: 1000
      })
    ).toEqual({
      showBadges: false,
      traceFrames: 3,
      thresholds: { unit: 'percentOfLimit', warning: 5, critical: 20 },
      limitWarningPercent: 90,
      allKernelsWarningPercent: 70,
      sampleInterval: 1,
      scanBudgetMs: 200,
      saveToMetadata: true,
      maxRecords: 500,
      maxSamples: 1000
    });
  });

  it('falls back to the defaults for missing or mistyped values', () => {
    expect(read({})).toEqual(DEFAULT_SETTINGS);
    expect(
      read({
        showBadges: 'no',
        traceFrames: '2',
        thresholds: 'high',
        sampleInterval: 0,
        scanBudgetMs: -5,
        saveToMetadata: 1
      })
    ).toEqual(DEFAULT_SETTINGS);
  });

  it('takes its ranges from the schema', () => {
    expect(read({ sampleInterval: 20 }).sampleInterval).toBe(
      DEFAULT_SETTINGS.sampleInterval
    );
    const wider: ISettingRegistry.ISchema = {
      ...PLUGIN_SCHEMA,
      properties: {
        ...PLUGIN_SCHEMA.properties,
        sampleInterval: { type: 'number', minimum: 0.1, maximum: 60 }
      }
    };
    expect(readSettings({ sampleInterval: 20 }, wider).sampleInterval).toBe(20);
  });

  it('never lets tracing keep more than 3 frames', () => {
    expect(read({ traceFrames: 25 }).traceFrames).toBe(1);
    expect(read({ traceFrames: 0 }).traceFrames).toBe(1);
    expect(read({ traceFrames: 2.5 }).traceFrames).toBe(1);
  });

  it('never puts the critical threshold under the warning one', () => {
    expect(
      read({ thresholds: { unit: 'MiB', warning: 500, critical: 100 } })
        .thresholds
    ).toEqual({ unit: 'MiB', warning: 500, critical: 500 });
  });

  it('colours by shares of a known limit by default, in MiB without one', () => {
    expect(read({}).thresholds).toEqual({
      unit: 'auto',
      warning: 256,
      critical: 1024
    });
    expect(read({ thresholds: { unit: 'MiB' } }).thresholds).toEqual({
      unit: 'MiB',
      warning: 256,
      critical: 1024
    });
  });

  it('does not mix a unit with the thresholds of another', () => {
    expect(read({ thresholds: { unit: 'percentOfLimit' } }).thresholds).toEqual(
      { unit: 'percentOfLimit', warning: 10, critical: 25 }
    );
    expect(
      read({
        thresholds: { unit: 'percentOfLimit', warning: 500, critical: 800 }
      }).thresholds.unit
    ).toBe('percentOfLimit');
  });
});
