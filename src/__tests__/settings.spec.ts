import { DEFAULT_SETTINGS, readSettings } from '../model/settings';

describe('readSettings', () => {
  it('reads the values of the registry', () => {
    expect(
      readSettings({
        showBadges: false,
        traceFrames: 3,
        thresholds: { unit: 'percentOfLimit', warning: 5, critical: 20 },
        limitWarningPercent: 90,
        sampleInterval: 1,
        scanBudgetMs: 200,
        saveToMetadata: true
      })
    ).toEqual({
      showBadges: false,
      traceFrames: 3,
      thresholds: { unit: 'percentOfLimit', warning: 5, critical: 20 },
      limitWarningPercent: 90,
      sampleInterval: 1,
      scanBudgetMs: 200,
      saveToMetadata: true
    });
  });

  it('falls back to the defaults for missing or mistyped values', () => {
    expect(readSettings({})).toEqual(DEFAULT_SETTINGS);
    expect(
      readSettings({
        showBadges: 'no',
        traceFrames: '2',
        thresholds: 'high',
        sampleInterval: 0,
        scanBudgetMs: -5,
        saveToMetadata: 1
      })
    ).toEqual(DEFAULT_SETTINGS);
  });

  it('never lets tracing keep more than 3 frames', () => {
    expect(readSettings({ traceFrames: 25 }).traceFrames).toBe(1);
    expect(readSettings({ traceFrames: 0 }).traceFrames).toBe(1);
    expect(readSettings({ traceFrames: 2.5 }).traceFrames).toBe(1);
  });

  it('never puts the critical threshold under the warning one', () => {
    expect(
      readSettings({ thresholds: { unit: 'MiB', warning: 500, critical: 100 } })
        .thresholds
    ).toEqual({ unit: 'MiB', warning: 500, critical: 500 });
  });

  it('does not mix a unit with the thresholds of another', () => {
    expect(
      readSettings({ thresholds: { unit: 'percentOfLimit' } }).thresholds
    ).toEqual({ unit: 'percentOfLimit', warning: 10, critical: 25 });
    expect(
      readSettings({
        thresholds: { unit: 'percentOfLimit', warning: 500, critical: 800 }
      }).thresholds.unit
    ).toBe('percentOfLimit');
  });
});
