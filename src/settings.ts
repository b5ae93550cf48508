/**
 * The extension's settings, as typed values; `schema/plugin.json` describes them for the
 * settings registry and the settings editor.
 */
export interface IMemoryInspectorSettings {
  /**
   * Whether code cells show a badge with what their last run did to memory.
   */
  showBadges: boolean;
}

/**
 * The defaults, used until the settings registry has answered and for missing values.
 */
export const DEFAULT_SETTINGS: IMemoryInspectorSettings = {
  showBadges: true
};

/**
 * Typed settings from the registry's composite values, falling back to the defaults for
 * anything missing or of the wrong type.
 */
export function readSettings(
  composite: Readonly<Record<string, unknown>>
): IMemoryInspectorSettings {
  return {
    showBadges:
      typeof composite.showBadges === 'boolean'
        ? composite.showBadges
        : DEFAULT_SETTINGS.showBadges
  };
}
