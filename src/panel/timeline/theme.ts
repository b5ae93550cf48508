import { ITimelineColors } from './datasets';

/**
 * A JupyterLab theme variable's value, for the canvas, which cannot use the variables itself.
 */
function themeValue(name: string, fallback: string): string {
  return (
    getComputedStyle(document.body).getPropertyValue(name).trim() || fallback
  );
}

/**
 * The timeline's colours and font, from the theme.
 */
export interface ITimelineTheme extends ITimelineColors {
  grid: string;
  text: string;
  tooltip: string;
  tooltipText: string;
  font: string;
}

/**
 * Read the timeline's colours from the theme now (again after a theme change).
 */
export function readColors(): ITimelineTheme {
  return {
    memory: themeValue('--jp-brand-color1', '#1976d2'),
    live: themeValue('--jp-brand-color2', '#64b5f6'),
    heap: themeValue('--jp-accent-color1', '#388e3c'),
    limit: themeValue('--jp-error-color1', '#d32f2f'),
    old: themeValue('--jp-layout-color4', '#757575'),
    marker: themeValue('--jp-warn-color1', '#f57c00'),
    markerRaised: themeValue('--jp-error-color1', '#d32f2f'),
    grid: themeValue('--jp-border-color2', '#e0e0e0'),
    text: themeValue('--jp-ui-font-color1', '#212121'),
    tooltip: themeValue('--jp-layout-color0', '#ffffff'),
    tooltipText: themeValue('--jp-ui-font-color0', '#000000'),
    font: themeValue('--jp-ui-font-family', 'sans-serif')
  };
}
