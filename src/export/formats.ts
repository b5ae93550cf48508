import { TranslationBundle } from '@jupyterlab/translation';

import { ReportRequest } from '../schema';

/**
 * A rendering of the report.
 */
export type ReportFormat = ReportRequest['format'];

/**
 * The renderings, in the order the dialog offers them.
 */
export const REPORT_FORMATS: readonly ReportFormat[] = [
  'html',
  'json',
  'csv',
  'markdown'
];

const EXTENSIONS: Record<ReportFormat, string> = {
  html: '.html',
  json: '.json',
  csv: '.csv',
  markdown: '.md'
};

/**
 * The media type of each rendering, for the downloaded file.
 */
export const MEDIA_TYPES: Record<ReportFormat, string> = {
  html: 'text/html',
  json: 'application/json',
  csv: 'text/csv',
  markdown: 'text/markdown'
};

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
 * The report's file name for a notebook, as the server names it: `<stem>-memory-report.<ext>`.
 */
export function reportFileName(
  notebookPath: string,
  format: ReportFormat
): string {
  const name = notebookPath.split('/').pop() ?? '';
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  return `${stem}-memory-report${EXTENSIONS[format]}`;
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
 * The file name of an attachment, from its Content-Disposition header; null without one.
 */
export function attachmentFilename(header: string | null): string | null {
  if (!header) {
    return null;
  }
  const encoded = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (encoded) {
    try {
      return decodeURIComponent(encoded[1]!.trim());
    } catch {
      // A malformed encoding: the plain filename below may still be there.
    }
  }
  const plain = /filename\s*=\s*("((?:[^"\\]|\\.)*)"|[^;]+)/i.exec(header);
  if (!plain) {
    return null;
  }
  const name =
    plain[2] !== undefined
      ? plain[2].replace(/\\(.)/g, '$1')
      : plain[1]!.trim();
  return name || null;
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
