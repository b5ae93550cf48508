import { DEFAULT_SETTINGS, readSettings } from '../settings';

describe('readSettings', () => {
  it('reads the values of the registry', () => {
    expect(readSettings({ showBadges: false })).toEqual({ showBadges: false });
  });

  it('falls back to the defaults for missing or mistyped values', () => {
    expect(readSettings({})).toEqual(DEFAULT_SETTINGS);
    expect(readSettings({ showBadges: 'no' })).toEqual(DEFAULT_SETTINGS);
  });
});
