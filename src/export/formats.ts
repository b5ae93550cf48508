import { TranslationBundle } from '@jupyterlab/translation';

import { ReportFormat, reportFileName } from '../model/report';
import { ReportRequest } from '../schema';

/**
 * The renderings, in the order the dialog offers them.
 */
export const REPORT_FORMATS: readonly ReportFormat[] = [
  'html',
  'json',
  'csv',
  'markdown'
];

/**
 * What the user chose in the export dialog.
 */
export interface IExportChoice {
  format: ReportFormat;
  /**
   * true: save beside the notebook; false: download.
   */
  save: boolean;
}

/**
 * Whether a value names one of the renderings.
 */
export function isReportFormat(value: unknown): value is ReportFormat {
  return REPORT_FORMATS.includes(value as ReportFormat);
}

/**
 * Where a saved report goes: beside the notebook, relative to the server's root.
 */
export function savedReportPath(
  notebookPath: string,
  format: ReportFormat
): string {
  const slash = notebookPath.lastIndexOf('/');
  const folder = slash >= 0 ? notebookPath.slice(0, slash + 1) : '';
  return folder + reportFileName(notebookPath, format);
}

/**
 * The report request for a notebook.
 */
export function reportRequest(
  choice: IExportChoice,
  notebookPath: string,
  cells: ReportRequest['cells']
): ReportRequest {
  return {
    format: choice.format,
    notebook_path: notebookPath,
    cells,
    save: choice.save
  };
}

/**
 * The name of a rendering, for people.
 */
export function formatLabel(
  format: ReportFormat,
  trans: TranslationBundle
): string {
  switch (format) {
    case 'html':
      return trans.__('HTML: a page with charts that works offline');
    case 'json':
      return trans.__('JSON: every figure, for other tools');
    case 'csv':
      return trans.__('CSV: one row per cell run, for a spreadsheet');
    case 'markdown':
      return trans.__('Markdown: tables to paste into a document');
  }
}
